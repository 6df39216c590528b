//! `quytrinh import table FILE`: a published "quy trình nội bộ" table (CSV) to procedure
//! models, with a report of every guess and the cell it comes from on standard error.

use std::path::PathBuf;

use quytrinh_import::table::{self, Grid};
use quytrinh_model::Document;

use crate::Outcome;
use crate::ui::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct TableArgs {
    /// The table file (.csv, UTF-8)
    file: PathBuf,

    /// The procedure code (mã TTHC), when the title has no "(Mã TTHC: …)"
    #[arg(long)]
    code: Option<String>,

    /// Write the model to this file instead of standard output (never overwritten)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub(crate) fn run(args: &TableArgs, ui: &crate::ui::Ui) -> CmdResult {
    let name = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let is_csv = args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if !is_csv {
        return Err(miette::miette!(
            help = "save the table as CSV (UTF-8) from Word or Excel and import that file",
            "{}: only .csv tables can be imported for now",
            args.file.display()
        )
        .into());
    }
    let bytes = crate::read::read_regular(&args.file, crate::read::MAX_DOCUMENT_BYTES)
        .map_err(|e| miette::miette!("cannot read {}: {e}", args.file.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            miette::miette!(
                help = "save the table as CSV in UTF-8",
                "{}: not a readable CSV file: {e}",
                args.file.display()
            )
        })?;
        rows.push(record.iter().map(str::to_owned).collect::<Vec<_>>());
    }
    let grid = Grid { name, rows };
    let imported = table::import(&grid, args.code.as_deref()).map_err(|e| {
        miette::miette!(
            help = "the table needs a header row with \"Nội dung công việc\" and \"Trách nhiệm thực hiện\"",
            "{e}"
        )
    })?;
    let mut out = String::new();
    for i in &imported {
        let doc = Document {
            procedure: Some(i.procedure.clone()),
            group: None,
        };
        let json = if imported.len() == 1 {
            serde_json::to_string_pretty(&doc)
        } else {
            serde_json::to_string(&doc)
        }
        .map_err(|e| miette::miette!("{e}"))?;
        out.push_str(&json);
        out.push('\n');
        ui.note(&report(i));
    }
    match &args.output {
        None => print(&out)?,
        Some(path) => {
            use std::io::Write;
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .and_then(|mut f| f.write_all(out.as_bytes()))
                .map_err(|e| {
                    miette::miette!(
                        help = "choose a new file name; import never overwrites a file",
                        "cannot write {}: {e}",
                        path.display()
                    )
                })?;
        }
    }
    Ok(Outcome::Ok)
}

/// The import report of one procedure: every guess, with its cell, for the reviewer to confirm.
fn report(i: &table::Imported) -> String {
    let p = &i.procedure;
    let mut s = format!(
        "import report: {} {} ({} steps); every line below is a guess to confirm\n",
        p.code,
        p.name,
        p.steps.len()
    );
    for n in &i.guesses {
        s.push_str(&format!(
            "  {}: {} = {} ({})\n",
            n.cell, n.what, n.value, n.because
        ));
    }
    match i.published_total_days {
        Some(t) => s.push_str(&format!(
            "  total: the steps add up to {} working days; the table publishes {}{}\n",
            i.steps_total_days,
            t,
            if (t - i.steps_total_days).abs() < 1e-9 {
                ""
            } else {
                " (they differ: check the times)"
            }
        )),
        None => s.push_str(&format!(
            "  total: the steps add up to {} working days; the table gives no total\n",
            i.steps_total_days
        )),
    }
    s
}
