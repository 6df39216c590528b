//! `quytrinh render`: flowcharts as DOT, SVG or PNG (drawn by Graphviz), or Mermaid.
//!
//! Every procedure of the catalogue (standalone and group members, each once) and every group
//! is drawn by `quytrinh-render`, with the analysis overlay unless `--no-analysis`. With
//! `-o DIR` each diagram is written atomically to `DIR/<code>.dot|svg|png|mmd` (the code
//! sanitised);
//! without it, the one procedure or group named in the inputs goes to stdout. DOT files are
//! (and Mermaid files) are drawn and written in one parallel pass (drawing cannot fail). SVG and
//! PNG are made by Graphviz `dot`, run without a shell; every diagram is converted before anything is written, so a
//! missing or failing `dot` leaves no partial output.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use quytrinh_analyze::Report;
use quytrinh_model::Catalog;
use quytrinh_render::from_analysis::{group_overlay, group_overlay_from, overlay};
use quytrinh_render::{
    Direction, GroupOverlay, Options, Overlay, render_group, render_group_mermaid,
    render_procedure, render_procedure_mermaid,
};
use rayon::prelude::*;

use crate::Outcome;
use crate::output::{FileSet, file_names};
use crate::read::ReadError;
use crate::ui::{CmdResult, Failure, FieldVerificationArg, LangArg, Ui, print_bytes};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Procedure or group files (.json, .jsonl), folders, or - for standard input
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Write one file per procedure and group into this folder (named from its code)
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,

    /// Output format: Graphviz DOT, SVG or PNG drawn by Graphviz `dot`, a Mermaid flowchart, or
    /// BPMN 2.0 XML laid out by Graphviz (for Camunda Modeler, bpmn.io; see docs/BPMN.md)
    #[arg(long, value_enum, default_value_t = Format::Dot)]
    format: Format,

    /// Language of the diagram text
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,

    /// Direction the steps run in: top to bottom with one column per actor (the layout of
    /// Vietnamese process flowcharts), or left to right with one row per actor
    #[arg(long, value_enum, default_value_t = DirectionArg::Tb)]
    direction: DirectionArg,

    /// Draw the model only: no analysis, no blockers marked
    #[arg(long)]
    no_analysis: bool,

    /// How on-site verification (channel `field`) counts for criterion 6, as in `analyze`, so
    /// the diagram marks the blockers the analysis reports
    #[arg(long, value_enum, default_value_t = FieldVerificationArg::Blocks)]
    field_verification: FieldVerificationArg,

    /// Draw two models in one image, the as-is PATH above the to-be PATH, with one legend, a
    /// summary of the change, and the steps re-engineering changed marked old → new
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
enum DirectionArg {
    /// Top to bottom, a column per actor
    Tb,
    /// Left to right, a row per actor
    Lr,
}

impl From<DirectionArg> for Direction {
    fn from(d: DirectionArg) -> Self {
        match d {
            DirectionArg::Tb => Direction::TopToBottom,
            DirectionArg::Lr => Direction::LeftToRight,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Graphviz DOT
    Dot,
    /// SVG, drawn by Graphviz `dot`
    Svg,
    /// PNG, drawn by Graphviz `dot`
    Png,
    /// A Mermaid flowchart (one subgraph per lane)
    Mermaid,
    /// BPMN 2.0 XML laid out by Graphviz
    Bpmn,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Mermaid => "mmd",
            Format::Bpmn => "bpmn",
        }
    }

    /// The language the diagram is drawn in before any conversion.
    fn source(self) -> Source {
        match self {
            Format::Mermaid => Source::Mermaid,
            Format::Dot | Format::Svg | Format::Png | Format::Bpmn => Source::Dot,
        }
    }
}

/// What a diagram is drawn as: DOT (for Graphviz) or Mermaid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Dot,
    Mermaid,
}

/// One diagram to write: the code it is named from, and whether the inputs named it (a
/// standalone procedure or a group, as opposed to a group member).
#[derive(Debug)]
pub(crate) struct Diagram {
    pub(crate) code: String,
    pub(crate) named: bool,
    /// The DOT text (the Mermaid text for `--format mermaid`, the BPMN text for `--format
    /// bpmn`).
    pub(crate) dot: String,
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
        direction: args.direction.into(),
    };
    let config = quytrinh_analyze::Config {
        lang,
        field_verification: args.field_verification.into(),
    };
    let overlays = (!args.no_analysis).then(|| analyse(catalog, &config));
    let overlays = overlays.as_ref();
    let source = args.format.source();

    // DOT or Mermaid into a folder: each diagram is drawn and written in one parallel pass, so
    // the diagrams are never all held at once.
    if let (Some(dir), false, Format::Dot | Format::Mermaid) =
        (&args.output, args.check, args.format)
    {
        let set = FileSet::new(dir)?;
        let codes = catalog
            .procedures
            .iter()
            .map(|p| p.procedure.code.as_str())
            .chain(catalog.groups.iter().map(|g| g.group.code.as_str()));
        let names = file_names(codes, "", args.format.extension());
        // Written in parallel (creating thousands of files is mostly kernel time) into the
        // set's staging folder, then put in place all together.
        names
            .par_iter()
            .enumerate()
            .map(|(i, name)| {
                let d = diagram(catalog, overlays, &options, source, i);
                set.add(name, d.map(|d| d.dot).unwrap_or_default().as_bytes())
            })
            .collect::<Result<(), Failure>>()?;
        note_written(ui, dir, set.commit(&names)?);
        return Ok(Outcome::Ok);
    }
    let diagrams = match args.format {
        Format::Bpmn => crate::bpmn::diagrams(catalog, overlays, lang)?,
        Format::Dot | Format::Svg | Format::Png | Format::Mermaid => {
            diagrams(catalog, overlays, &options, source)
        }
    };

    match &args.output {
        None => {
            let only = only_named(&diagrams)?;
            refuse_png_on_a_terminal(args.format)?;
            let bytes = convert(only, args.format)?;
            print_bytes(&bytes)?;
        }
        Some(dir) if args.check => {
            if args.format != Format::Dot {
                return Err(miette::miette!(
                    help = "SVG and PNG from Graphviz are not byte-stable across versions, and Mermaid files are drawn from the same models; check the DOT files and regenerate the others in the build",
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

/// A PNG is not written to a terminal: it would fill it with binary.
fn refuse_png_on_a_terminal(format: Format) -> Result<(), Failure> {
    use std::io::IsTerminal as _;
    if format == Format::Png && std::io::stdout().is_terminal() {
        return Err(miette::miette!(
            help = "redirect standard output to a file (> diagram.png) or give -o DIR",
            "a PNG image is not written to the terminal"
        )
        .into());
    }
    Ok(())
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

/// Draws the one procedure or group that `catalog`'s inputs name, with its analysis under
/// `config` (when `analysis`).
pub(crate) fn draw_one(
    catalog: &Catalog,
    config: &quytrinh_analyze::Config,
    analysis: bool,
) -> Result<Drawn, Failure> {
    let options = Options {
        lang: config.lang,
        direction: Direction::TopToBottom,
    };
    let report = analysis.then(|| quytrinh_analyze::analyze_catalog(catalog, config));
    let overlays = report.as_ref().map(|r| Overlays::of_report(catalog, r));
    let diagrams = diagrams(catalog, overlays.as_ref(), &options, Source::Dot);
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
    let diagrams = diagrams(catalog, overlays.as_ref(), &options, Source::Dot);
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
pub(crate) struct Overlays {
    procedures: Vec<Option<Overlay>>,
    groups: Vec<Option<GroupOverlay>>,
}

/// Analyses every procedure and group of `catalog` for the overlay, in parallel: procedure by
/// procedure and group by group, without `analyze_catalog`'s ranking of targets (which no
/// diagram shows). The overlays are the same as from [`Overlays::of_report`].
fn analyse(catalog: &Catalog, config: &quytrinh_analyze::Config) -> Overlays {
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

impl Overlays {
    /// The overlay of the `i`-th procedure of the catalogue.
    pub(crate) fn procedure(&self, i: usize) -> Option<&Overlay> {
        self.procedures.get(i)?.as_ref()
    }

    /// The overlay of the `i`-th group of the catalogue.
    pub(crate) fn group(&self, i: usize) -> Option<&GroupOverlay> {
        self.groups.get(i)?.as_ref()
    }

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
fn diagrams(
    catalog: &Catalog,
    overlays: Option<&Overlays>,
    options: &Options,
    source: Source,
) -> Vec<Diagram> {
    (0..catalog.procedures.len() + catalog.groups.len())
        .into_par_iter()
        .filter_map(|i| diagram(catalog, overlays, options, source, i))
        .collect()
}

/// Diagram `i` of [`diagrams`]: the `i`-th procedure, then the groups.
fn diagram(
    catalog: &Catalog,
    overlays: Option<&Overlays>,
    options: &Options,
    source: Source,
    i: usize,
) -> Option<Diagram> {
    if let Some(p) = catalog.procedures.get(i) {
        let overlay = overlays.and_then(|o| o.procedures.get(i)?.as_ref());
        let draw = match source {
            Source::Dot => render_procedure,
            Source::Mermaid => render_procedure_mermaid,
        };
        return Some(Diagram {
            code: p.procedure.code.clone(),
            named: p.standalone,
            dot: draw(&p.procedure, overlay, options),
        });
    }
    let i = i - catalog.procedures.len();
    let g = catalog.groups.get(i)?;
    let overlay = overlays.and_then(|o| o.groups.get(i)?.as_ref());
    let draw = match source {
        Source::Dot => render_group,
        Source::Mermaid => render_group_mermaid,
    };
    Some(Diagram {
        code: g.group.code.clone(),
        named: true,
        dot: draw(catalog, g, overlay, options),
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
    if matches!(args.format, Format::Mermaid | Format::Bpmn) {
        return Err(miette::miette!(
            help = "draw the as-is and the to-be model each with --format mermaid or bpmn, or compare them with --format svg",
            "--compare draws DOT, SVG or PNG only"
        )
        .into());
    }
    let options = Options {
        lang: args.lang.into(),
        direction: args.direction.into(),
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
        None => {
            refuse_png_on_a_terminal(args.format)?;
            print_bytes(&bytes)?;
        }
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

/// The diagram in the output format: the DOT, Mermaid or BPMN text itself, or SVG or PNG from
/// Graphviz `dot` (through the one guarded and cached runner, [`crate::graphviz::run_dot`]).
fn convert(d: &Diagram, format: Format) -> Result<Cow<'_, [u8]>, Failure> {
    match format {
        Format::Dot | Format::Mermaid | Format::Bpmn => Ok(Cow::Borrowed(d.dot.as_bytes())),
        Format::Svg => crate::graphviz::run_dot(&d.dot, "svg", &d.code).map(Cow::Owned),
        Format::Png => crate::graphviz::run_dot(&d.dot, "png", &d.code).map(Cow::Owned),
    }
}

/// SVG from DOT, or `None` when Graphviz `dot` is not installed (the caller says so in its own
/// output, as the mdBook preprocessor does in the page).
pub(crate) fn svg_if_installed(dot: &str, code: &str) -> Result<Option<String>, Failure> {
    if !crate::graphviz::installed() {
        return Ok(None);
    }
    svg(dot, code).map(Some)
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
