//! `quytrinh import table FILE`: a published "quy trình nội bộ" table (CSV, Excel .xlsx or
//! Word .docx) to procedure models, with a report of every guess and the cell it comes from on
//! standard error (and, with `--report`, as a Markdown checklist). Arguments and output only;
//! the import is `quytrinh::import::table`.

use std::path::PathBuf;

use crate::Outcome;
use crate::ui::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct TableArgs {
    /// The table file: .csv (UTF-8), .xlsx (every sheet) or .docx (every table)
    file: PathBuf,

    /// The procedure code (mã TTHC), when the title has no "(Mã TTHC: …)"
    #[arg(long)]
    code: Option<String>,

    /// Write the model to this file instead of standard output: .json for one procedure,
    /// .jsonl for several (never overwritten)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Also write the import report as a Markdown checklist to this file (never overwritten)
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
}

pub(crate) fn run(args: &TableArgs, ui: &crate::ui::Ui) -> CmdResult {
    let table = quytrinh::import::table(&args.file, args.code.as_deref())?;
    if let Some(path) = &args.output {
        table.check_output(path)?;
    }
    let model = table.model()?;
    for note in table.notes() {
        ui.note(&note);
    }
    if let Some(path) = &args.report {
        crate::output::write_file(path, table.report_markdown().as_bytes(), false)?;
    }
    match &args.output {
        None => print(&model)?,
        Some(path) => crate::output::write_file(path, model.as_bytes(), false)?,
    }
    Ok(Outcome::Ok)
}
