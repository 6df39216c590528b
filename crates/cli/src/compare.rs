//! `quytrinh compare`: the as-is model against the to-be model (levels, criteria, visits,
//! critical path, hand-offs, yearly visits saved), matched by code.

use std::path::{Path, PathBuf};

use quytrinh::draw::Diagram;
use quytrinh_model::{Lang, Loaded};

use crate::Outcome;
use crate::ui::{CmdResult, Judging, LangArg, ReportFormat as Format, Ui, print, print_text};

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

    #[command(flatten)]
    judging: Judging,

    /// Language of the text and markdown reports
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    let lang = Lang::from(args.lang);
    let Some((as_is, to_be)) = load_both(&args.as_is, &args.to_be, ui) else {
        return Ok(Outcome::BadInput);
    };
    let config = args.judging.config(lang);
    let comparison = quytrinh::redesign::compare(&as_is.catalog, &to_be.catalog, &config)?;
    let text = match args.format {
        Format::Text => comparison.text(lang),
        Format::Json => comparison.to_json(),
        Format::Markdown => comparison.markdown(lang),
    };
    if args.format == Format::Text {
        print_text(&text)?;
    } else {
        print(&text)?;
    }
    Ok(Outcome::Ok)
}

/// Loads the as-is and the to-be inputs and shows their diagnostics; `None` when either had
/// errors.
fn load_both(as_is: &Path, to_be: &Path, ui: &Ui) -> Option<(Loaded, Loaded)> {
    let as_is = crate::input::load(&[as_is.to_path_buf()]);
    let to_be = crate::input::load(&[to_be.to_path_buf()]);
    ui.diagnostics(&as_is.diagnostics);
    ui.diagnostics(&to_be.diagnostics);
    (!as_is.has_errors() && !to_be.has_errors()).then_some((as_is, to_be))
}

/// `quytrinh render --compare AS_IS TO_BE`: the diagram of `quytrinh::draw::compare`. `None`
/// when an input had errors (already reported).
pub(crate) fn side_by_side(
    paths: &[PathBuf],
    options: &quytrinh_render::Options,
    analysis: bool,
    ui: &Ui,
) -> Result<Option<Diagram>, crate::ui::Failure> {
    let [as_is_path, to_be_path] = paths else {
        return Err(miette::miette!(
            help = "quytrinh render --compare AS_IS.json TO_BE.json",
            "--compare draws two models, one above the other: give the as-is file and the to-be file"
        )
        .into());
    };
    let Some((as_is, to_be)) = load_both(as_is_path, to_be_path, ui) else {
        return Ok(None);
    };
    Ok(quytrinh::draw::compare(
        &as_is.catalog,
        &to_be.catalog,
        options,
        analysis,
    )?)
}
