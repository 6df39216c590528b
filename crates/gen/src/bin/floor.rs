//! `quytrinh-floor FILE [--keep]`: the floor for the performance runs. Parses every line of a
//! `.jsonl` file into a `serde_json::Value`, single-threaded, and prints the number of records.
//! By default each value is dropped after parsing (streaming); `--keep` holds them all, like a
//! tool that keeps the whole catalogue as a generic JSON tree.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut path = None;
    let mut keep = false;
    for arg in std::env::args().skip(1) {
        if arg == "--keep" {
            keep = true;
        } else {
            path = Some(arg);
        }
    }
    let Some(path) = path else {
        return fail("usage: quytrinh-floor FILE [--keep]");
    };
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) => return fail(&format!("cannot open `{path}`: {e}")),
    };
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut line = String::new();
    let mut kept = Vec::new();
    let mut records = 0usize;
    let mut objects = 0usize;
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return fail(&format!("cannot read `{path}`: {e}")),
        }
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(v) => {
                records += 1;
                objects += usize::from(v.is_object());
                if keep {
                    kept.push(v);
                }
            }
            Err(e) => return fail(&format!("{path}:{}: {e}", records + 1)),
        }
    }
    #[allow(clippy::print_stdout)]
    {
        println!("{records} records ({objects} objects, {} kept)", kept.len());
    }
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    #[allow(clippy::print_stderr)]
    {
        eprintln!("quytrinh-floor: {message}");
    }
    ExitCode::from(2)
}
