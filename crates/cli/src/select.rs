//! `quytrinh select`: the selection list of Điều 16 of Thông tư 01/2023/TT-VPCP — which
//! procedures to review first, with the article's four criteria as columns.

use quytrinh_model::Lang;

use crate::Outcome;
use crate::ui::{CmdResult, Inputs, Judging, LangArg, ReportFormat as Format, Ui, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    inputs: Inputs,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    #[command(flatten)]
    judging: Judging,

    /// Language of the list
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    let loaded = crate::input::load(&args.inputs.paths);
    ui.diagnostics(&loaded.diagnostics);
    if loaded.has_errors() {
        return Ok(Outcome::BadInput);
    }
    let lang = Lang::from(args.lang);
    let config = args.judging.config(lang);
    let selection = quytrinh_analyze::select(&loaded.catalog, &config);
    print(&match args.format {
        Format::Text => selection.text(lang),
        Format::Markdown => selection.markdown(lang),
        Format::Json => selection.to_json(lang),
    })?;
    Ok(Outcome::Ok)
}
