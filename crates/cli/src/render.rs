//! `quytrinh render`: flowcharts as DOT or SVG.
//!
//! Every procedure of the catalogue (standalone and group members, each once) and every group
//! is drawn by `quytrinh-render`, with the analysis overlay unless `--no-analysis`. With
//! `-o DIR` each diagram is written atomically to `DIR/<code>.dot|svg` (the code sanitised);
//! without it, the one procedure or group named in the inputs goes to stdout. DOT files are
//! drawn and written in one parallel pass (drawing cannot fail). SVG is made by Graphviz
//! `dot`, run without a shell; every diagram is converted before anything is written, so a
//! missing or failing `dot` leaves no partial output.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use quytrinh_analyze::Report;
use quytrinh_model::Catalog;
use quytrinh_render::from_analysis::{group_overlay, group_overlay_from, overlay};
use quytrinh_render::{Direction, GroupOverlay, Options, Overlay, render_group, render_procedure};
use rayon::prelude::*;

use crate::Outcome;
use crate::output::{FileSet, file_names};
use crate::read::ReadError;
use crate::ui::{CmdResult, Failure, LangArg, Ui, print};

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

    /// Draw two models side by side, the as-is PATH left and the to-be PATH right, with the
    /// steps re-engineering changed highlighted
    #[arg(long)]
    compare: bool,

    /// Write nothing: compare the DOT files in the -o folder with what render would write, and
    /// exit 1 naming each stale, missing or extra file (for CI and documentation builds)
    #[arg(long, requires = "output")]
    check: bool,

    #[command(flatten)]
    graphviz: crate::graphviz::GraphvizArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Dot,
    Svg,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
        }
    }
}

/// One diagram to write: the code it is named from, and whether the inputs named it (a
/// standalone procedure or a group, as opposed to a group member).
#[derive(Debug)]
struct Diagram {
    code: String,
    named: bool,
    dot: String,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    args.graphviz.apply();
    if args.compare {
        return compare_run(args, ui);
    }
    let loaded = crate::input::load(&args.paths);
    if !loaded.diagnostics.is_empty() {
        ui.diagnostics(&loaded.diagnostics);
    }
    if loaded.has_errors() {
        return Ok(Outcome::BadInput);
    }
    let catalog = &loaded.catalog;
    let lang: quytrinh_model::Lang = args.lang.into();
    let options = Options {
        lang,
        direction: Direction::TopToBottom,
    };
    let overlays = (!args.no_analysis).then(|| analyse(catalog, lang));
    let overlays = overlays.as_ref();

    // DOT into a folder: each diagram is drawn and written in one parallel pass, so the
    // diagrams are never all held at once.
    if let (Some(dir), false, Format::Dot) = (&args.output, args.check, args.format) {
        let set = FileSet::new(dir)?;
        let codes = catalog
            .procedures
            .iter()
            .map(|p| p.procedure.code.as_str())
            .chain(catalog.groups.iter().map(|g| g.group.code.as_str()));
        let names = file_names(codes, "", "dot");
        // Written in parallel (creating thousands of files is mostly kernel time) into the
        // set's staging folder, then put in place all together.
        names
            .par_iter()
            .enumerate()
            .map(|(i, name)| {
                let d = diagram(catalog, overlays, &options, i);
                set.add(name, d.map(|d| d.dot).unwrap_or_default().as_bytes())
            })
            .collect::<Result<(), Failure>>()?;
        note_written(ui, dir, set.commit(&names)?);
        return Ok(Outcome::Ok);
    }
    let diagrams = diagrams(catalog, overlays, &options);

    match &args.output {
        None => {
            let only = only_named(&diagrams)?;
            let bytes = convert(only, args.format)?;
            print(&String::from_utf8_lossy(&bytes))?;
        }
        Some(dir) if args.check => {
            if args.format != Format::Dot {
                return Err(miette::miette!(
                    help = "SVG from Graphviz is not byte-stable across versions; check the DOT files and regenerate the SVG in the build",
                    "--check compares DOT files only"
                )
                .into());
            }
            let names = file_names(diagrams.iter().map(|d| d.code.as_str()), "", "dot");
            let problems = stale_files(dir, &names, &diagrams);
            if problems.is_empty() {
                ui.note(&format!(
                    "{} diagrams in {} are up to date",
                    names.len(),
                    dir.display()
                ));
            } else {
                for p in &problems {
                    ui.note(p);
                }
                ui.note(&format!(
                    "{} of the diagrams in {} are not current: run `quytrinh render -o {} {}` and commit the result",
                    problems.len(),
                    dir.display(),
                    dir.display(),
                    args.paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" ")
                ));
                return Ok(Outcome::GateFailed);
            }
        }
        Some(dir) => {
            let contents = diagrams
                .par_iter()
                .map(|d| convert(d, args.format))
                .collect::<Result<Vec<_>, _>>()?;
            let set = FileSet::new(dir)?;
            let names = file_names(
                diagrams.iter().map(|d| d.code.as_str()),
                "",
                args.format.extension(),
            );
            names
                .par_iter()
                .zip(contents.par_iter())
                .map(|(name, bytes)| set.add(name, bytes))
                .collect::<Result<(), Failure>>()?;
            note_written(ui, dir, set.commit(&names)?);
        }
    }
    Ok(Outcome::Ok)
}

/// The one procedure or group the inputs name (a group's members do not count).
fn only_named(diagrams: &[Diagram]) -> Result<&Diagram, Failure> {
    let mut named = diagrams.iter().filter(|d| d.named);
    match (named.next(), named.next()) {
        (Some(only), None) => Ok(only),
        _ => {
            let count = diagrams.iter().filter(|d| d.named).count();
            Err(miette::miette!(
                help = "give -o DIR to write one file per procedure and group into DIR",
                "the inputs hold {count} procedures and groups; without -o, render draws exactly one to standard output"
            )
            .into())
        }
    }
}

/// One diagram drawn for another command (the mdBook preprocessor, reports).
#[derive(Debug)]
pub(crate) struct Drawn {
    pub(crate) code: String,
    pub(crate) dot: String,
    pub(crate) report: Option<Report>,
}

/// Draws the one procedure or group that `catalog`'s inputs name, with its analysis.
pub(crate) fn draw_one(
    catalog: &Catalog,
    lang: quytrinh_model::Lang,
    analysis: bool,
) -> Result<Drawn, Failure> {
    let options = Options {
        lang,
        direction: Direction::TopToBottom,
    };
    let report = analysis.then(|| {
        quytrinh_analyze::analyze_catalog(
            catalog,
            &quytrinh_analyze::Config {
                lang,
                ..Default::default()
            },
        )
    });
    let overlays = report.as_ref().map(|r| Overlays::of_report(catalog, r));
    let diagrams = diagrams(catalog, overlays.as_ref(), &options);
    let only = only_named(&diagrams)?;
    Ok(Drawn {
        code: only.code.clone(),
        dot: only.dot.clone(),
        report,
    })
}

/// Every diagram of `catalog` with its file name in `extension`, for writing next to a report.
pub(crate) fn draw_all(
    catalog: &Catalog,
    report: Option<&Report>,
    lang: quytrinh_model::Lang,
    extension: &str,
) -> Vec<(String, String, String)> {
    let options = Options {
        lang,
        direction: Direction::TopToBottom,
    };
    let overlays = report.map(|r| Overlays::of_report(catalog, r));
    let diagrams = diagrams(catalog, overlays.as_ref(), &options);
    let names = file_names(diagrams.iter().map(|d| d.code.as_str()), "", extension);
    diagrams
        .into_iter()
        .zip(names)
        .map(|(d, name)| (d.code, name, d.dot))
        .collect()
}

/// SVG from DOT, by Graphviz `dot` (run without a shell, guarded and cached), for the
/// diagram of `code`.
pub(crate) fn svg(dot: &str, code: &str) -> Result<String, Failure> {
    crate::graphviz::run_dot(dot, "svg", code).map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// The analysis overlays of every procedure (catalogue order) and group.
#[derive(Debug)]
struct Overlays {
    procedures: Vec<Option<Overlay>>,
    groups: Vec<Option<GroupOverlay>>,
}

/// Analyses every procedure and group of `catalog` for the overlay, in parallel: procedure by
/// procedure and group by group, without `analyze_catalog`'s ranking of targets (which no
/// diagram shows). The overlays are the same as from [`Overlays::of_report`].
fn analyse(catalog: &Catalog, lang: quytrinh_model::Lang) -> Overlays {
    let config = quytrinh_analyze::Config {
        lang,
        ..Default::default()
    };
    let procedures: Vec<Overlay> = catalog
        .procedures
        .par_iter()
        .map(|p| overlay(&quytrinh_analyze::analyze_procedure(&p.procedure, &config)))
        .collect();
    let groups = catalog
        .groups
        .par_iter()
        .map(|g| {
            let a = quytrinh_analyze::analyze_group(catalog, g, &config);
            Some(group_overlay_from(catalog, g, &a, &procedures))
        })
        .collect();
    Overlays {
        procedures: procedures.into_iter().map(Some).collect(),
        groups,
    }
}

impl Overlays {
    /// The overlays from `report`, the analysis of `catalog`.
    fn of_report(catalog: &Catalog, report: &Report) -> Self {
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
}

/// Every procedure (catalogue order) and group, drawn (in parallel, in that order).
fn diagrams(catalog: &Catalog, overlays: Option<&Overlays>, options: &Options) -> Vec<Diagram> {
    (0..catalog.procedures.len() + catalog.groups.len())
        .into_par_iter()
        .filter_map(|i| diagram(catalog, overlays, options, i))
        .collect()
}

/// Diagram `i` of [`diagrams`]: the `i`-th procedure, then the groups.
fn diagram(
    catalog: &Catalog,
    overlays: Option<&Overlays>,
    options: &Options,
    i: usize,
) -> Option<Diagram> {
    if let Some(p) = catalog.procedures.get(i) {
        let overlay = overlays.and_then(|o| o.procedures.get(i)?.as_ref());
        return Some(Diagram {
            code: p.procedure.code.clone(),
            named: p.standalone,
            dot: render_procedure(&p.procedure, overlay, options),
        });
    }
    let i = i - catalog.procedures.len();
    let g = catalog.groups.get(i)?;
    let overlay = overlays.and_then(|o| o.groups.get(i)?.as_ref());
    Some(Diagram {
        code: g.group.code.clone(),
        named: true,
        dot: render_group(catalog, g, overlay, options),
    })
}

/// What differs between `dir` and the DOT files render would write there: each stale, missing
/// or extra `.dot` file, one line each, in a stable order.
fn stale_files(dir: &Path, names: &[String], diagrams: &[Diagram]) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, d) in names.iter().zip(diagrams) {
        let path = dir.join(name);
        // Read through the input layer: a regular file, never more than one byte past what
        // render would write (a larger file is stale whatever it holds).
        let limit = d.dot.len() as u64;
        match crate::read::read_regular(&path, limit) {
            Ok(bytes) if bytes == d.dot.as_bytes() => {}
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

/// `--compare AS_IS TO_BE`: one diagram with both models (see `crate::compare::side_by_side`),
/// to stdout or to `DIR/<code>.compare.dot|svg`.
fn compare_run(args: &Args, ui: &Ui) -> CmdResult {
    let options = Options {
        lang: args.lang.into(),
        direction: Direction::TopToBottom,
    };
    let Some((code, dot)) =
        crate::compare::side_by_side(&args.paths, &options, !args.no_analysis, ui)?
    else {
        return Ok(Outcome::BadInput);
    };
    let diagram = Diagram {
        code,
        named: true,
        dot,
    };
    let bytes = convert(&diagram, args.format)?;
    match &args.output {
        None => print(&String::from_utf8_lossy(&bytes))?,
        Some(dir) => {
            let set = FileSet::new(dir)?;
            // The suffix is added after the code is cut to length, so it is never lost.
            let names = file_names(
                std::iter::once(diagram.code.as_str()),
                ".compare",
                args.format.extension(),
            );
            for name in &names {
                set.add(name, &bytes)?;
            }
            note_written(ui, dir, set.commit(&names)?);
        }
    }
    Ok(Outcome::Ok)
}

/// The diagram in the output format: the DOT itself, or SVG from Graphviz `dot` (through
/// the one guarded and cached runner, [`crate::graphviz::run_dot`]).
fn convert(d: &Diagram, format: Format) -> Result<Cow<'_, [u8]>, Failure> {
    match format {
        Format::Dot => Ok(Cow::Borrowed(d.dot.as_bytes())),
        Format::Svg => crate::graphviz::run_dot(&d.dot, "svg", &d.code).map(Cow::Owned),
    }
}

/// Up to this many written files are named one by one; more are counted (a catalogue of
/// thousands would bury the terminal or the CI log).
const LISTED_FILES: usize = 40;

/// Says what was written.
pub(crate) fn note_written(ui: &Ui, dir: &Path, paths: Vec<PathBuf>) {
    if paths.len() <= LISTED_FILES {
        for p in &paths {
            ui.note(&format!("wrote {}", p.display()));
        }
    } else {
        ui.note(&format!("wrote {} files in {}", paths.len(), dir.display()));
    }
}
