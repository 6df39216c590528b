//! `quytrinh analyze`: the 8 criteria, blockers, findings and ranked targets.

use std::path::PathBuf;

use crate::ui::{CmdResult, LangArg, Ui};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Procedure or group files (.json, .jsonl), folders, or - for standard input
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// How on-site verification (channel `field`) counts for criterion 6
    #[arg(long, value_enum, default_value_t = FieldVerification::Blocks)]
    field_verification: FieldVerification,

    /// Exit 1 if any procedure or group is below this level (a CI gate)
    #[arg(long, value_enum, value_name = "LEVEL")]
    require: Option<Level>,

    /// Show only the first N re-engineering targets
    #[arg(long, value_name = "N")]
    top: Option<usize>,

    /// Language of the text and markdown reports
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FieldVerification {
    /// On-site verification makes criterion 6 unmet (default; Nghị định 224/2026/NĐ-CP, Điều 14)
    Blocks,
    /// On-site verification is reported as a finding but does not break criterion 6
    Allowed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[clap(rename_all = "snake_case")]
enum Level {
    FullOnline,
    PartialOnline,
    InformationOnly,
    Offline,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    let _ = (args, ui);
    Err(miette::miette!("`analyze` is being built").into())
}
