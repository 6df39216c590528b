//! Drawing a catalogue: every procedure (standalone and group members, each once, catalogue
//! order) and every group, with the analysis overlay unless asked without, as DOT, SVG or PNG
//! (laid out by Graphviz through the one guarded and cached runner, [`crate::graphviz`]),
//! Mermaid or BPMN 2.0; the file name of each diagram ([`crate::output::file_names`]); writing
//! them all or none ([`write()`]); the as-is above the to-be in one diagram ([`compare`]).
//!
//! ```
//! use quytrinh::draw::{self, Format};
//! # let loaded = quytrinh::load::load_str("p.json", quytrinh::EXAMPLE);
//! let catalog = &loaded.catalog;
//! let config = quytrinh::analyze::Config::default();
//! let overlays = draw::Overlays::analyse(catalog, &config);
//! let options = quytrinh::render::Options::default();
//! let diagrams = draw::diagrams(catalog, Some(&overlays), &options, Format::Dot).unwrap();
//! assert!(diagrams[0].text.starts_with("digraph"));
//! assert_eq!(draw::file_names(&diagrams, "", Format::Svg), ["1.001193.svg"]);
//! ```

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use quytrinh_analyze::Report;
use quytrinh_bpmn::Layout;
use quytrinh_model::{Catalog, Lang};
use quytrinh_render::from_analysis::{group_overlay, group_overlay_from, overlay};
use quytrinh_render::{
    Direction, GroupOverlay, Options, Overlay, Side, render_group, render_group_mermaid,
    render_procedure, render_procedure_mermaid,
};
use rayon::prelude::*;

use crate::Error;
use crate::output::FileSet;
use crate::read::ReadError;

/// What a diagram is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// SVG, drawn by Graphviz `dot`.
    Svg,
    /// PNG, drawn by Graphviz `dot`.
    Png,
    /// A Mermaid flowchart (one subgraph per lane).
    Mermaid,
    /// BPMN 2.0 XML laid out by Graphviz.
    Bpmn,
}

impl Format {
    /// The file extension of the format (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Mermaid => "mmd",
            Format::Bpmn => "bpmn",
        }
    }
}

/// One diagram: the code it is named from, and whether the inputs named it (a standalone
/// procedure or a group, as opposed to a group member).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagram {
    /// The procedure's or group's code.
    pub code: String,
    /// Named by the inputs themselves (not only a member of a group).
    pub named: bool,
    /// The DOT text (the Mermaid text for [`Format::Mermaid`], the BPMN text for
    /// [`Format::Bpmn`]).
    pub text: String,
}

/// The analysis overlays of every procedure (catalogue order) and group.
#[derive(Debug)]
pub struct Overlays {
    procedures: Vec<Option<Overlay>>,
    groups: Vec<Option<GroupOverlay>>,
}

impl Overlays {
    /// Analyses every procedure and group of `catalog` for the overlay, in parallel: procedure
    /// by procedure and group by group, without `analyze_catalog`'s ranking of targets (which
    /// no diagram shows). The overlays are the same as from [`Overlays::of_report`].
    pub fn analyse(catalog: &Catalog, config: &quytrinh_analyze::Config) -> Overlays {
        let procedures: Vec<Overlay> = catalog
            .procedures
            .par_iter()
            .map(|p| overlay(&quytrinh_analyze::analyze_procedure(&p.procedure, config)))
            .collect();
        let groups = catalog
            .groups
            .par_iter()
            .map(|g| {
                let a = quytrinh_analyze::analyze_group(catalog, g, config);
                Some(group_overlay_from(catalog, g, &a, &procedures))
            })
            .collect();
        Overlays {
            procedures: procedures.into_iter().map(Some).collect(),
            groups,
        }
    }

    /// The overlays from `report`, the analysis of `catalog`.
    pub fn of_report(catalog: &Catalog, report: &Report) -> Self {
        let procedures = catalog
            .procedures
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                report
                    .procedures
                    .get(i)
                    .filter(|a| a.code == p.procedure.code)
                    .map(overlay)
            })
            .collect();
        let groups = catalog
            .groups
            .par_iter()
            .enumerate()
            .map(|(i, g)| Some(group_overlay(catalog, g, report.groups.get(i)?, report)))
            .collect();
        Overlays { procedures, groups }
    }

    /// The overlay of the `i`-th procedure of the catalogue.
    pub fn procedure(&self, i: usize) -> Option<&Overlay> {
        self.procedures.get(i)?.as_ref()
    }

    /// The overlay of the `i`-th group of the catalogue.
    pub fn group(&self, i: usize) -> Option<&GroupOverlay> {
        self.groups.get(i)?.as_ref()
    }
}

/// Every procedure (catalogue order) and group, drawn in parallel, in that order: DOT for
/// [`Format::Dot`], [`Format::Svg`] and [`Format::Png`] (turn it into the image with
/// [`bytes`]), Mermaid, or BPMN (laid out by Graphviz, so it can fail).
pub fn diagrams(
    catalog: &Catalog,
    overlays: Option<&Overlays>,
    options: &Options,
    format: Format,
) -> Result<Vec<Diagram>, Error> {
    if format == Format::Bpmn {
        return bpmn_diagrams(catalog, overlays, options.lang);
    }
    Ok((0..count(catalog))
        .into_par_iter()
        .filter_map(|i| diagram(catalog, overlays, options, format, i))
        .collect())
}

/// How many diagrams [`diagrams`] draws from `catalog`: one per procedure and group.
pub fn count(catalog: &Catalog) -> usize {
    catalog.procedures.len() + catalog.groups.len()
}

/// Diagram `i` of [`diagrams`] (the `i`-th procedure, then the groups), as DOT (for DOT, SVG
/// and PNG) or Mermaid; `None` past the end, or for BPMN (see [`diagrams`]).
pub fn diagram(
    catalog: &Catalog,
    overlays: Option<&Overlays>,
    options: &Options,
    format: Format,
    i: usize,
) -> Option<Diagram> {
    let mermaid = match format {
        Format::Mermaid => true,
        Format::Dot | Format::Svg | Format::Png => false,
        Format::Bpmn => return None,
    };
    if let Some(p) = catalog.procedures.get(i) {
        let overlay = overlays.and_then(|o| o.procedure(i));
        let draw = if mermaid {
            render_procedure_mermaid
        } else {
            render_procedure
        };
        return Some(Diagram {
            code: p.procedure.code.clone(),
            named: p.standalone,
            text: draw(&p.procedure, overlay, options),
        });
    }
    let i = i - catalog.procedures.len();
    let g = catalog.groups.get(i)?;
    let overlay = overlays.and_then(|o| o.group(i));
    let draw = if mermaid {
        render_group_mermaid
    } else {
        render_group
    };
    Some(Diagram {
        code: g.group.code.clone(),
        named: true,
        text: draw(catalog, g, overlay, options),
    })
}

/// Graphviz's layout of a BPMN layout graph.
fn bpmn_layout(code: &str, dot: &str) -> Result<Layout, Error> {
    let json = crate::graphviz::run_dot(dot, "json", code)?;
    Layout::from_json(&String::from_utf8_lossy(&json))
        .map_err(|e| miette::miette!("the diagram of `{code}`: {e}"))
}

/// Every procedure (catalogue order) and group as BPMN, in parallel, in that order.
fn bpmn_diagrams(
    catalog: &Catalog,
    overlays: Option<&Overlays>,
    lang: Lang,
) -> Result<Vec<Diagram>, Error> {
    let procedures = catalog.procedures.len();
    (0..count(catalog))
        .into_par_iter()
        .filter_map(|i| {
            if let Some(p) = catalog.procedures.get(i) {
                let code = &p.procedure.code;
                let made = bpmn_layout(code, &quytrinh_bpmn::procedure_layout_dot(&p.procedure))
                    .map(|layout| Diagram {
                        code: code.clone(),
                        named: p.standalone,
                        text: quytrinh_bpmn::procedure_bpmn(
                            &p.procedure,
                            overlays.and_then(|o| o.procedure(i)),
                            &layout,
                            lang,
                        ),
                    });
                return Some(made);
            }
            let gi = i - procedures;
            let g = catalog.groups.get(gi)?;
            let code = &g.group.code;
            Some(
                bpmn_layout(code, &quytrinh_bpmn::group_layout_dot(catalog, g)).map(|layout| {
                    Diagram {
                        code: code.clone(),
                        named: true,
                        text: quytrinh_bpmn::group_bpmn(
                            catalog,
                            g,
                            overlays.and_then(|o| o.group(gi)),
                            &layout,
                            lang,
                        ),
                    }
                }),
            )
        })
        .collect()
}

/// The diagram in the output format: the DOT, Mermaid or BPMN text itself, or SVG or PNG from
/// Graphviz `dot` (through the one guarded and cached runner, [`crate::graphviz::run_dot`]).
pub fn bytes(d: &Diagram, format: Format) -> Result<Cow<'_, [u8]>, Error> {
    match format {
        Format::Dot | Format::Mermaid | Format::Bpmn => Ok(Cow::Borrowed(d.text.as_bytes())),
        Format::Svg => crate::graphviz::run_dot(&d.text, "svg", &d.code).map(Cow::Owned),
        Format::Png => crate::graphviz::run_dot(&d.text, "png", &d.code).map(Cow::Owned),
    }
}

/// The file name of each diagram in `format`: see [`crate::output::file_names`].
pub fn file_names(diagrams: &[Diagram], suffix: &str, format: Format) -> Vec<String> {
    crate::output::file_names(
        diagrams.iter().map(|d| d.code.as_str()),
        suffix,
        format.extension(),
    )
}

/// The one procedure or group the inputs name (a group's members do not count).
pub fn only_named(diagrams: &[Diagram]) -> Result<&Diagram, Error> {
    let mut named = diagrams.iter().filter(|d| d.named);
    match (named.next(), named.next()) {
        (Some(only), None) => Ok(only),
        _ => {
            let count = diagrams.iter().filter(|d| d.named).count();
            Err(miette::miette!(
                help = "give -o DIR to write one file per procedure and group into DIR",
                "the inputs hold {count} procedures and groups; without -o, render draws exactly one to standard output"
            ))
        }
    }
}

/// Writes every diagram of `catalog` as DOT or Mermaid into `dir`, all or none: each drawn and
/// written in one parallel pass (creating thousands of files is mostly kernel time), so the
/// diagrams are never all held at once. Returns the paths written.
pub fn write_text(
    catalog: &Catalog,
    overlays: Option<&Overlays>,
    options: &Options,
    format: Format,
    dir: &Path,
) -> Result<Vec<PathBuf>, Error> {
    let set = FileSet::new(dir)?;
    let codes = catalog
        .procedures
        .iter()
        .map(|p| p.procedure.code.as_str())
        .chain(catalog.groups.iter().map(|g| g.group.code.as_str()));
    let names = crate::output::file_names(codes, "", format.extension());
    names
        .par_iter()
        .enumerate()
        .map(|(i, name)| {
            let d = diagram(catalog, overlays, options, format, i);
            set.add(name, d.map(|d| d.text).unwrap_or_default().as_bytes())
        })
        .collect::<Result<(), Error>>()?;
    set.commit(&names)
}

/// Writes `diagrams` in `format` into `dir` (named by [`file_names`] with `suffix`), all or
/// none: every diagram is converted before anything is written, so a missing or failing `dot`
/// leaves no partial output. Returns the paths written.
///
/// ```
/// use quytrinh::draw::{self, Format};
/// # let loaded = quytrinh::load::load_str("p.json", quytrinh::EXAMPLE);
/// let options = quytrinh::render::Options::default();
/// let diagrams = draw::diagrams(&loaded.catalog, None, &options, Format::Svg).unwrap();
/// let dir = tempfile::tempdir().unwrap();
/// if quytrinh::graphviz::installed() {
///     let written = draw::write(&diagrams, Format::Svg, "", dir.path()).unwrap();
///     assert!(std::fs::read_to_string(&written[0]).unwrap().contains("<svg"));
/// }
/// ```
pub fn write(
    diagrams: &[Diagram],
    format: Format,
    suffix: &str,
    dir: &Path,
) -> Result<Vec<PathBuf>, Error> {
    let contents = diagrams
        .par_iter()
        .map(|d| bytes(d, format))
        .collect::<Result<Vec<_>, _>>()?;
    let set = FileSet::new(dir)?;
    let names = file_names(diagrams, suffix, format);
    names
        .par_iter()
        .zip(contents.par_iter())
        .map(|(name, bytes)| set.add(name, bytes))
        .collect::<Result<(), Error>>()?;
    set.commit(&names)
}

/// What differs between `dir` and the DOT files [`write()`] would write there: each stale,
/// missing or extra `.dot` file, one line each, in a stable order.
pub fn stale_files(dir: &Path, diagrams: &[Diagram]) -> Vec<String> {
    let names = file_names(diagrams, "", Format::Dot);
    let mut problems = Vec::new();
    for (name, d) in names.iter().zip(diagrams) {
        let path = dir.join(name);
        // Read through the input layer: a regular file, never more than one byte past what
        // render would write (a larger file is stale whatever it holds).
        let limit = d.text.len() as u64;
        match crate::read::read_regular(&path, limit) {
            Ok(bytes) if bytes == d.text.as_bytes() => {}
            Ok(_) | Err(ReadError::TooLarge(_)) => {
                problems.push(format!("stale:   {}", path.display()))
            }
            Err(ReadError::Io(e)) if e.kind() == ErrorKind::NotFound => {
                problems.push(format!("missing: {}", path.display()))
            }
            Err(e) => problems.push(format!("unreadable: {} ({e})", path.display())),
        }
    }
    let expected: HashSet<&str> = names.iter().map(String::as_str).collect();
    let mut extra: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".dot") && !expected.contains(n.as_str()))
                .collect()
        })
        .unwrap_or_default();
    extra.sort();
    problems.extend(
        extra
            .into_iter()
            .map(|n| format!("extra:   {} (no input draws it)", dir.join(n).display())),
    );
    problems
}

/// One diagram drawn for another output (the mdBook preprocessor, reports): the code, the
/// DOT, and the analysis it was drawn with.
#[derive(Debug)]
pub struct Drawn {
    /// The procedure's or group's code.
    pub code: String,
    /// The DOT text.
    pub dot: String,
    /// The analysis of the catalogue, when drawn with it.
    pub report: Option<Report>,
}

/// Draws the one procedure or group that `catalog`'s inputs name, with its analysis under
/// `config` (when `analysis`).
///
/// ```
/// # let loaded = quytrinh::load::load_str("p.json", quytrinh::EXAMPLE);
/// let config = quytrinh::analyze::Config::default();
/// let drawn = quytrinh::draw::draw_one(&loaded.catalog, &config, true).unwrap();
/// assert_eq!(drawn.code, "1.001193");
/// assert!(drawn.report.is_some());
/// ```
pub fn draw_one(
    catalog: &Catalog,
    config: &quytrinh_analyze::Config,
    analysis: bool,
) -> Result<Drawn, Error> {
    let options = Options {
        lang: config.lang,
        direction: Direction::TopToBottom,
    };
    let report = analysis.then(|| quytrinh_analyze::analyze_catalog(catalog, config));
    let overlays = report.as_ref().map(|r| Overlays::of_report(catalog, r));
    let diagrams = diagrams(catalog, overlays.as_ref(), &options, Format::Dot)?;
    let only = only_named(&diagrams)?;
    Ok(Drawn {
        code: only.code.clone(),
        dot: only.text.clone(),
        report,
    })
}

/// Every diagram of `catalog` as DOT (top to bottom, with the overlay of `report` when given),
/// each with its file name in `format`, for writing next to a report.
pub fn draw_all(
    catalog: &Catalog,
    report: Option<&Report>,
    lang: Lang,
    format: Format,
) -> Vec<(String, Diagram)> {
    let options = Options {
        lang,
        direction: Direction::TopToBottom,
    };
    let overlays = report.map(|r| Overlays::of_report(catalog, r));
    let diagrams: Vec<Diagram> = (0..count(catalog))
        .into_par_iter()
        .filter_map(|i| diagram(catalog, overlays.as_ref(), &options, Format::Dot, i))
        .collect();
    let names = file_names(&diagrams, "", format);
    names.into_iter().zip(diagrams).collect()
}

/// SVG from DOT, by Graphviz `dot` (run without a shell, guarded and cached), for the
/// diagram of `code`.
pub fn svg(dot: &str, code: &str) -> Result<String, Error> {
    crate::graphviz::run_dot(dot, "svg", code).map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// SVG from DOT, or `None` when Graphviz `dot` is not installed (the caller says so in its own
/// output, as the mdBook preprocessor does in the page).
pub fn svg_if_installed(dot: &str, code: &str) -> Result<Option<String>, Error> {
    if !crate::graphviz::installed() {
        return Ok(None);
    }
    svg(dot, code).map(Some)
}

/// One diagram with both models, the as-is above the to-be, the to-be steps that differ from
/// the as-is ones (or are new) highlighted: the code drawn and the DOT. Each catalogue must
/// hold one procedure or one group.
///
/// ```
/// # let as_is = quytrinh::load::load_str("as-is.json", quytrinh::EXAMPLE);
/// let config = quytrinh::analyze::Config::default();
/// let to_be = quytrinh::redesign::reengineer(&as_is.catalog, &config, "as-is.json").unwrap();
/// let to_be = quytrinh::load::load_str("to-be.json", &to_be.json);
/// let options = quytrinh::render::Options::default();
/// let both = quytrinh::draw::compare(&as_is.catalog, &to_be.catalog, &options, true).unwrap();
/// assert_eq!(both.unwrap().code, "1.001193");
/// let changed = quytrinh::draw::changed_steps(&as_is.catalog, &to_be.catalog);
/// assert!(changed["1.001193"].contains("tra"));
/// ```
pub fn compare(
    as_is: &Catalog,
    to_be: &Catalog,
    options: &Options,
    analysis: bool,
) -> Result<Option<Diagram>, Error> {
    let config = quytrinh_analyze::Config {
        lang: options.lang,
        ..quytrinh_analyze::Config::default()
    };
    let reports = analysis.then(|| {
        (
            quytrinh_analyze::analyze_catalog(as_is, &config),
            quytrinh_analyze::analyze_catalog(to_be, &config),
        )
    });
    compare_analysed(
        as_is,
        reports.as_ref().map(|r| &r.0),
        to_be,
        reports.as_ref().map(|r| &r.1),
        options,
    )
}

/// [`compare`] with the analyses the caller already has (`None`: drawn without the
/// analysis), so a program that analysed both models does not analyse them again.
pub fn compare_analysed(
    as_is: &Catalog,
    as_is_report: Option<&Report>,
    to_be: &Catalog,
    to_be_report: Option<&Report>,
    options: &Options,
) -> Result<Option<Diagram>, Error> {
    let changed = changed_steps(as_is, to_be);
    let (Some(left), Some(right)) = (Pick::one(as_is), Pick::one(to_be)) else {
        return Err(miette::miette!(
            help = "give one procedure or group file on each side",
            "--compare draws one procedure or group against its to-be model"
        ));
    };
    let (l_proc, l_group) = left.overlays(as_is, as_is_report);
    let (r_proc, r_group) = right.overlays(to_be, to_be_report);
    let (Some((code, l)), Some((_, r))) = (
        left.side(as_is, l_proc.as_ref(), l_group.as_ref()),
        right.side(to_be, r_proc.as_ref(), r_group.as_ref()),
    ) else {
        return Ok(None);
    };
    Ok(Some(Diagram {
        code,
        named: true,
        text: quytrinh_render::render_compare(l, r, &changed, options),
    }))
}

/// The DOT of the one group, or else the one standalone procedure, of `catalog` (as
/// [`compare`] picks it), with the overlay of `report` when given; `None` when the catalogue
/// holds more or less than that.
///
/// ```
/// # let loaded = quytrinh::load::load_str("p.json", quytrinh::EXAMPLE);
/// let options = quytrinh::render::Options::default();
/// let d = quytrinh::draw::one(&loaded.catalog, None, &options).unwrap();
/// assert_eq!(d.code, "1.001193");
/// assert!(d.text.contains("digraph"));
/// ```
pub fn one(catalog: &Catalog, report: Option<&Report>, options: &Options) -> Option<Diagram> {
    let pick = Pick::one(catalog)?;
    let (procedure_overlay, group_overlay) = pick.overlays(catalog, report);
    let (code, side) = pick.side(catalog, procedure_overlay.as_ref(), group_overlay.as_ref())?;
    let text = match side {
        Side::Procedure(p, o) => render_procedure(p, o, options),
        Side::Group(c, g, o) => render_group(c, g, o, options),
    };
    Some(Diagram {
        code,
        named: true,
        text,
    })
}

/// By procedure code, the ids of the to-be steps that are new or not equal to the as-is step.
pub fn changed_steps(as_is: &Catalog, to_be: &Catalog) -> BTreeMap<String, BTreeSet<String>> {
    let mut changed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in &to_be.procedures {
        let before = as_is
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
    changed
}

/// The procedure or group a compare input holds.
#[derive(Debug, Clone, Copy)]
enum Pick {
    Procedure(usize),
    Group(usize),
}

impl Pick {
    /// The one group, or else the one standalone procedure, of `catalog`.
    fn one(catalog: &Catalog) -> Option<Pick> {
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
    }

    fn overlays(
        self,
        catalog: &Catalog,
        report: Option<&Report>,
    ) -> (Option<Overlay>, Option<GroupOverlay>) {
        match self {
            Pick::Procedure(i) => (report.and_then(|r| r.procedures.get(i)).map(overlay), None),
            Pick::Group(i) => {
                let g = catalog.groups.get(i);
                let o = report.and_then(|r| Some(group_overlay(catalog, g?, r.groups.get(i)?, r)));
                (None, o)
            }
        }
    }

    fn side<'a>(
        self,
        catalog: &'a Catalog,
        procedure_overlay: Option<&'a Overlay>,
        group_overlay: Option<&'a GroupOverlay>,
    ) -> Option<(String, Side<'a>)> {
        match self {
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
}
