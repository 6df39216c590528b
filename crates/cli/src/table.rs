//! `quytrinh table`: the step table of each procedure's internal process ("quy trình nội bộ":
//! Bước | Nội dung công việc | Trách nhiệm | Thời gian | Kết quả / biểu mẫu), with the total
//! time (the critical path of the analysis) against the legal time limit.

use std::path::PathBuf;

use quytrinh::report;
use quytrinh_model::Lang;

use crate::Outcome;
use crate::ui::{CmdResult, FieldVerificationArg, Inputs, LangArg, Ui, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    inputs: Inputs,

    /// Output format: Markdown tables, one CSV, or a printable HTML page
    #[arg(long, value_enum, default_value_t = TableFormat::Markdown)]
    format: TableFormat,

    /// Language of the table
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// How on-site verification (channel `field`) counts for criterion 6, as in `analyze`
    #[arg(long, value_enum, default_value_t = FieldVerificationArg::Blocks)]
    field_verification: FieldVerificationArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TableFormat {
    Markdown,
    Csv,
    Html,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    let loaded = crate::input::load(&args.inputs.paths);
    if !loaded.diagnostics.is_empty() {
        ui.diagnostics(&loaded.diagnostics);
    }
    if loaded.has_errors() {
        return Ok(Outcome::BadInput);
    }
    let lang: Lang = args.lang.into();
    let config = args.field_verification.config(lang);
    let tables = report::step_tables(&loaded.catalog, &config);
    let format = match args.format {
        TableFormat::Markdown => report::TableFormat::Markdown,
        TableFormat::Csv => report::TableFormat::Csv,
        TableFormat::Html => report::TableFormat::Html,
    };
    let text = report::tables_text(&tables, format, lang);
    match &args.output {
        None => print(&text)?,
        Some(path) => {
            crate::output::write_file_in_new_folder(path, text.as_bytes())?;
            ui.note(&format!("wrote {}", path.display()));
        }
    }
    Ok(Outcome::Ok)
}
