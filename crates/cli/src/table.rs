//! `quytrinh table`: the step table of each procedure's internal process ("quy trình nội bộ":
//! Bước | Nội dung công việc | Trách nhiệm | Thời gian | Kết quả / biểu mẫu), with the total
//! time (the critical path of the analysis) against the legal time limit.

use std::path::{Path, PathBuf};

use quytrinh_analyze::Config;
use quytrinh_model::{Catalog, Lang};
use quytrinh_render::from_analysis::table_facts;
use quytrinh_render::table::{self, StepTable};

use crate::Outcome;
use crate::ui::{CmdResult, Failure, FieldVerificationArg, LangArg, Ui, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Procedure or group files (.json, .jsonl), folders, or - for standard input
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

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
    let loaded = crate::input::load(&args.paths);
    if !loaded.diagnostics.is_empty() {
        ui.diagnostics(&loaded.diagnostics);
    }
    if loaded.has_errors() {
        return Ok(Outcome::BadInput);
    }
    let lang: Lang = args.lang.into();
    let config = Config {
        lang,
        field_verification: args.field_verification.into(),
    };
    let tables = tables(&loaded.catalog, &config);
    let text = match args.format {
        TableFormat::Markdown => tables
            .iter()
            .map(|t| t.markdown(2))
            .collect::<Vec<_>>()
            .join("\n"),
        TableFormat::Csv => table::csv(&tables, lang),
        TableFormat::Html => {
            let body: String = tables.iter().map(StepTable::html).collect();
            let title = match tables.as_slice() {
                [only] => only.title(),
                _ => lang
                    .pick("Quy trình nội bộ", "Internal procedures")
                    .to_owned(),
            };
            crate::html::page(&title, lang, &body)
        }
    };
    match &args.output {
        None => print(&text)?,
        Some(path) => {
            let written = write_file(path, text.as_bytes())?;
            ui.note(&format!("wrote {}", written.display()));
        }
    }
    Ok(Outcome::Ok)
}

/// The step table of every procedure of `catalog` (catalogue order, group members included),
/// with the critical path of its analysis.
pub(crate) fn tables(catalog: &Catalog, config: &Config) -> Vec<StepTable> {
    use rayon::prelude::*;
    catalog
        .procedures
        .par_iter()
        .map(|l| {
            let analysis = quytrinh_analyze::analyze_procedure(&l.procedure, config);
            table::step_table(&l.procedure, &table_facts(&analysis), config.lang)
        })
        .collect()
}

/// Writes `bytes` to the file `path` atomically (its folder is created when missing).
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<PathBuf, Failure> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::output::create_output_dir(dir)?;
    }
    crate::output::write_file(path, bytes, true)?;
    Ok(path.to_path_buf())
}
