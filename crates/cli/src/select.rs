//! `quytrinh select`: the selection list of Điều 16 of Thông tư 01/2023/TT-VPCP — which
//! procedures to review first, with the article's four criteria as columns.

use std::path::PathBuf;

use quytrinh_analyze::Config;
use quytrinh_model::Lang;

use crate::Outcome;
use crate::ui::{CmdResult, FieldVerificationArg, LangArg, ReportFormat as Format, Ui, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Procedure or group files (.json, .jsonl), folders, or - for standard input
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// How on-site verification (channel `field`) counts for criterion 6
    #[arg(long, value_enum, default_value_t = FieldVerificationArg::Blocks)]
    field_verification: FieldVerificationArg,

    /// Language of the list
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    let loaded = crate::input::load(&args.paths);
    ui.diagnostics(&loaded.diagnostics);
    if loaded.has_errors() {
        return Ok(Outcome::BadInput);
    }
    let lang = Lang::from(args.lang);
    let config = Config {
        field_verification: args.field_verification.into(),
        lang,
    };
    let selection = quytrinh_analyze::select(&loaded.catalog, &config);
    print(&match args.format {
        Format::Text => selection.text(lang),
        Format::Markdown => selection.markdown(lang),
        Format::Json => selection.to_json(lang),
    })?;
    Ok(Outcome::Ok)
}
