//! `quytrinh report`: one report, ready to publish: Markdown with every diagram (SVG) next to it,
//! or one self-contained, printable HTML page. Beside each procedure's diagram, its step table
//! (quy trình nội bộ). Arguments and output only; the report is `quytrinh::report`.

use std::path::PathBuf;

use quytrinh::report;

use crate::Outcome;
use crate::ui::{CmdResult, Inputs, Judging, LangArg, Ui};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    inputs: Inputs,

    /// The folder to write into: report.md and one SVG diagram per procedure and group, or
    /// report.html
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,

    /// Language of the report and the diagrams
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,

    /// Show only the first N re-engineering targets
    #[arg(long, value_name = "N")]
    top: Option<usize>,

    #[command(flatten)]
    judging: Judging,

    #[command(flatten)]
    graphviz: crate::graphviz::GraphvizArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// report.md with one SVG file per diagram beside it
    Markdown,
    /// report.html: one self-contained, printable page (diagrams inline)
    Html,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    args.graphviz.apply();
    let loaded = crate::input::load(&args.inputs.paths);
    if !loaded.diagnostics.is_empty() {
        ui.diagnostics(&loaded.diagnostics);
    }
    if loaded.has_errors() {
        return Ok(Outcome::BadInput);
    }
    let config = args.judging.config(args.lang.into());
    let format = match args.format {
        Format::Markdown => report::Format::Markdown,
        Format::Html => report::Format::Html,
    };
    let report = report::Report::build(&loaded.catalog, &config, args.top, format)?;
    let path = report.write(&args.output)?;
    match args.format {
        Format::Markdown => ui.note(&format!(
            "wrote {} and {} diagrams",
            path.display(),
            report.diagrams.len()
        )),
        Format::Html => ui.note(&format!(
            "wrote {} ({} diagrams inline)",
            path.display(),
            report.diagrams.len()
        )),
    }
    Ok(Outcome::Ok)
}
