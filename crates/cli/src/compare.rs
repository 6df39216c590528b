//! `quytrinh compare`: the as-is model against the to-be model (levels, criteria, visits,
//! critical path, hand-offs, yearly visits saved), matched by code.

use std::path::PathBuf;

use quytrinh_analyze::{Config, analyze_catalog};
use quytrinh_model::Lang;
use quytrinh_reengineer::compare;

use crate::Outcome;
use crate::reengineer::FieldVerification;
use crate::ui::{CmdResult, LangArg, Ui, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The as-is procedure or group file (or folder)
    #[arg(value_name = "AS_IS")]
    as_is: PathBuf,

    /// The to-be procedure or group file (or folder), e.g. written by `quytrinh reengineer`
    #[arg(value_name = "TO_BE")]
    to_be: PathBuf,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// How on-site verification (channel `field`) counts for criterion 6
    #[arg(long, value_enum, default_value_t = FieldVerification::Blocks)]
    field_verification: FieldVerification,

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

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    let lang = Lang::from(args.lang);
    let as_is = crate::input::load(std::slice::from_ref(&args.as_is));
    let to_be = crate::input::load(std::slice::from_ref(&args.to_be));
    ui.diagnostics(&as_is.diagnostics);
    ui.diagnostics(&to_be.diagnostics);
    if as_is.has_errors() || to_be.has_errors() {
        return Ok(Outcome::BadInput);
    }
    let config = Config {
        field_verification: args.field_verification.into(),
        lang,
    };
    let before = analyze_catalog(&as_is.catalog, &config);
    let after = analyze_catalog(&to_be.catalog, &config);
    let comparison = compare(&before, &after, lang);
    if comparison.procedures.is_empty() && comparison.groups.is_empty() {
        return Err(miette::miette!(
            help = "the to-be model keeps the as-is codes; compare a file with the one `quytrinh reengineer` wrote from it",
            "no procedure or group code is found in both inputs"
        )
        .into());
    }
    let text = match args.format {
        Format::Text => comparison.text(lang),
        Format::Json => comparison.to_json(),
        Format::Markdown => comparison.markdown(lang),
    };
    print(&text)?;
    Ok(Outcome::Ok)
}
