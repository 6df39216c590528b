//! `quytrinh compare`: the as-is model against the to-be model (levels, criteria, visits,
//! critical path, hand-offs, yearly visits saved), matched by code.

use std::path::PathBuf;

use quytrinh_analyze::{Config, analyze_catalog};
use quytrinh_model::Lang;
use quytrinh_reengineer::compare;

use crate::Outcome;
use crate::ui::FieldVerificationArg;
use crate::ui::{CmdResult, LangArg, ReportFormat as Format, Ui, print, print_text};

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
    #[arg(long, value_enum, default_value_t = FieldVerificationArg::Blocks)]
    field_verification: FieldVerificationArg,

    /// Language of the text and markdown reports
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
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
    if args.format == Format::Text {
        print_text(&text)?;
    } else {
        print(&text)?;
    }
    Ok(Outcome::Ok)
}

/// `quytrinh render --compare AS_IS TO_BE`: the code drawn and the DOT with the two diagrams
/// stacked (as-is above, to-be below), the to-be steps that differ from the as-is ones (or are new) highlighted.
/// `None` when an input had errors (already reported).
pub(crate) fn side_by_side(
    paths: &[PathBuf],
    options: &quytrinh_render::Options,
    analysis: bool,
    ui: &Ui,
) -> Result<Option<(String, String)>, crate::ui::Failure> {
    use std::collections::{BTreeMap, BTreeSet};

    let [as_is_path, to_be_path] = paths else {
        return Err(miette::miette!(
            help = "quytrinh render --compare AS_IS.json TO_BE.json",
            "--compare draws two models, one above the other: give the as-is file and the to-be file"
        )
        .into());
    };
    let as_is = crate::input::load(std::slice::from_ref(as_is_path));
    let to_be = crate::input::load(std::slice::from_ref(to_be_path));
    ui.diagnostics(&as_is.diagnostics);
    ui.diagnostics(&to_be.diagnostics);
    if as_is.has_errors() || to_be.has_errors() {
        return Ok(None);
    }
    let config = Config {
        lang: options.lang,
        ..Config::default()
    };
    let reports = analysis.then(|| {
        (
            analyze_catalog(&as_is.catalog, &config),
            analyze_catalog(&to_be.catalog, &config),
        )
    });

    // What differs: by code, the to-be steps that are new or not equal to the as-is step.
    let mut changed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in &to_be.catalog.procedures {
        let before = as_is
            .catalog
            .procedures
            .iter()
            .find(|a| a.procedure.code == p.procedure.code);
        for s in &p.procedure.steps {
            let same =
                before.and_then(|b| b.procedure.steps.iter().find(|x| x.id == s.id)) == Some(s);
            if !same {
                changed
                    .entry(p.procedure.code.clone())
                    .or_default()
                    .insert(s.id.clone());
            }
        }
    }

    let one = |catalog: &quytrinh_model::Catalog| -> Option<Pick> {
        match (
            catalog.groups.as_slice(),
            catalog.procedures.iter().position(|p| p.standalone),
        ) {
            ([_], _) => Some(Pick::Group(0)),
            ([], Some(i)) if catalog.procedures.iter().filter(|p| p.standalone).count() == 1 => {
                Some(Pick::Procedure(i))
            }
            _ => None,
        }
    };
    let (Some(left), Some(right)) = (one(&as_is.catalog), one(&to_be.catalog)) else {
        return Err(miette::miette!(
            help = "give one procedure or group file on each side",
            "--compare draws one procedure or group against its to-be model"
        )
        .into());
    };
    let overlays = |catalog: &quytrinh_model::Catalog,
                    report: Option<&quytrinh_analyze::Report>,
                    pick: Pick| {
        match pick {
            Pick::Procedure(i) => (
                report
                    .and_then(|r| r.procedures.get(i))
                    .map(quytrinh_render::from_analysis::overlay),
                None,
            ),
            Pick::Group(i) => {
                let g = catalog.groups.get(i);
                let o = report.and_then(|r| {
                    Some(quytrinh_render::from_analysis::group_overlay(
                        catalog,
                        g?,
                        r.groups.get(i)?,
                        r,
                    ))
                });
                (None, o)
            }
        }
    };
    let (l_proc, l_group) = overlays(&as_is.catalog, reports.as_ref().map(|r| &r.0), left);
    let (r_proc, r_group) = overlays(&to_be.catalog, reports.as_ref().map(|r| &r.1), right);
    let (Some((code, l)), Some((_, r))) = (
        side_of(&as_is.catalog, left, l_proc.as_ref(), l_group.as_ref()),
        side_of(&to_be.catalog, right, r_proc.as_ref(), r_group.as_ref()),
    ) else {
        return Ok(None);
    };
    Ok(Some((
        code,
        quytrinh_render::render_compare(l, r, &changed, options),
    )))
}

/// The procedure or group a compare input holds.
#[derive(Debug, Clone, Copy)]
enum Pick {
    Procedure(usize),
    Group(usize),
}

fn side_of<'a>(
    catalog: &'a quytrinh_model::Catalog,
    pick: Pick,
    procedure_overlay: Option<&'a quytrinh_render::Overlay>,
    group_overlay: Option<&'a quytrinh_render::GroupOverlay>,
) -> Option<(String, quytrinh_render::Side<'a>)> {
    use quytrinh_render::Side;
    match pick {
        Pick::Procedure(i) => {
            let p = &catalog.procedures.get(i)?.procedure;
            Some((p.code.clone(), Side::Procedure(p, procedure_overlay)))
        }
        Pick::Group(i) => {
            let g = catalog.groups.get(i)?;
            Some((g.group.code.clone(), Side::Group(catalog, g, group_overlay)))
        }
    }
}
