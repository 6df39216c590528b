//! `quytrinh import table FILE`: a published "quy trình nội bộ" table (CSV, Excel .xlsx or
//! Word .docx) to procedure models, with a report of every guess and the cell it comes from on
//! standard error (and, with `--report`, as a Markdown checklist).

use std::path::PathBuf;

use quytrinh_import::{read, report, table};
use quytrinh_model::Document;

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
    let name = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = crate::read::read_regular(&args.file, crate::read::MAX_DOCUMENT_BYTES)
        .map_err(|e| miette::miette!("cannot read {}: {e}", args.file.display()))?;
    let grids = read::grids(&name, &bytes).map_err(|e| {
        let help = e.help();
        let message = match &e {
            read::ReadError::Legacy { .. } | read::ReadError::Unsupported { .. } => e
                .to_string()
                .replacen(&name, &args.file.display().to_string(), 1),
            _ => e.to_string(),
        };
        miette::miette!(help = help, "{message}")
    })?;
    let imported = table::import_all(&grids, args.code.as_deref()).map_err(|e| {
        miette::miette!(
            help = "the table needs a header row with \"Nội dung công việc\" and \"Trách nhiệm thực hiện\" (or \"Bộ phận thực hiện\")",
            "{e}"
        )
    })?;
    let several = imported.len() > 1;
    if let Some(path) = &args.output {
        let jsonl = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"));
        if several && !jsonl {
            return Err(miette::miette!(
                help =
                    "name the output file .jsonl (one procedure a line; `quytrinh check` reads it)",
                "{} holds {} procedures: they cannot go into one .json file",
                args.file.display(),
                imported.len()
            )
            .into());
        }
    }
    let mut out = String::new();
    for i in &imported {
        let doc = Document {
            procedure: Some(i.procedure.clone()),
            group: None,
        };
        let json = if several {
            serde_json::to_string(&doc)
        } else {
            serde_json::to_string_pretty(&doc)
        }
        .map_err(|e| miette::miette!("{e}"))?;
        out.push_str(&json);
        out.push('\n');
        ui.note(&report::text(i));
    }
    if let Some(path) = &args.report {
        crate::output::write_file(path, report::markdown(&name, &imported).as_bytes(), false)?;
    }
    match &args.output {
        None => print(&out)?,
        Some(path) => crate::output::write_file(path, out.as_bytes(), false)?,
    }
    Ok(Outcome::Ok)
}
