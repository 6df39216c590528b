//! `quytrinh render`: flowcharts as DOT or SVG.

use std::path::PathBuf;

use crate::ui::{CmdResult, LangArg, Ui};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Procedure or group files (.json, .jsonl), folders, or - for standard input
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Write one file per procedure and group into this folder (named from its code)
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,

    /// Output format: Graphviz DOT, or SVG drawn by Graphviz `dot`
    #[arg(long, value_enum, default_value_t = Format::Dot)]
    format: Format,

    /// Language of the diagram text
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,

    /// Draw the model only: no analysis, no blockers marked
    #[arg(long)]
    no_analysis: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Dot,
    Svg,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    let _ = (args, ui);
    Err(miette::miette!("`render` is being built").into())
}
