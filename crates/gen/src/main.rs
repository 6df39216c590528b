//! `quytrinh-gen --procedures N --seed S [--groups G] [-o FILE]`: writes a generated `.jsonl`
//! catalogue (to standard output without `-o`). For benchmarks and performance runs only.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use quytrinh_gen::{Config, default_groups, write_catalog};

const USAGE: &str = "usage: quytrinh-gen --procedures N --seed S [--groups G] [-o FILE]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("quytrinh-gen: {message}\n{USAGE}");
            }
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut procedures = None;
    let mut seed = None;
    let mut groups = None;
    let mut output: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("`{arg}` needs a value"));
        match arg.as_str() {
            "--procedures" | "-n" => procedures = Some(number(&value()?)?),
            "--seed" | "-s" => seed = Some(number(&value()?)?),
            "--groups" | "-g" => groups = Some(number(&value()?)?),
            "-o" | "--output" => output = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                #[allow(clippy::print_stdout)]
                {
                    println!("{USAGE}");
                }
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let procedures = procedures.ok_or("--procedures is required")?;
    let seed = seed.ok_or("--seed is required")?;
    let config = Config {
        procedures: usize::try_from(procedures).map_err(|e| e.to_string())?,
        groups: match groups {
            Some(g) => usize::try_from(g).map_err(|e| e.to_string())?,
            None => default_groups(usize::try_from(procedures).map_err(|e| e.to_string())?),
        },
        seed,
    };
    let result = match &output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .map_err(|e| format!("cannot create `{}`: {e}", path.display()))?;
            let mut w = BufWriter::with_capacity(1 << 20, file);
            write_catalog(&mut w, &config).and_then(|()| w.flush())
        }
        None => {
            let mut w = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
            write_catalog(&mut w, &config).and_then(|()| w.flush())
        }
    };
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| format!("cannot write: {e}")),
    }
}

fn number(s: &str) -> Result<u64, String> {
    s.replace('_', "")
        .parse()
        .map_err(|_| format!("`{s}` is not a whole number"))
}
