//! `quytrinh render`: flowcharts as DOT, SVG or PNG (drawn by Graphviz), Mermaid or BPMN.
//!
//! Arguments and output only; the drawing is `quytrinh::draw`. Every procedure of the
//! catalogue (standalone and group members, each once) and every group is drawn, with the
//! analysis overlay unless `--no-analysis`. With `-o DIR` each diagram is written, all or none,
//! to `DIR/<code>.dot|svg|png|mmd|bpmn` (the code sanitised); without it, the one procedure or
//! group named in the inputs goes to stdout.

use std::path::{Path, PathBuf};

use quytrinh::draw::{self, Overlays};
use quytrinh_render::{Direction, Options};

use crate::Outcome;
use crate::ui::{CmdResult, Failure, FieldVerificationArg, Inputs, LangArg, Ui, print_bytes};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    inputs: Inputs,

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

impl From<Format> for draw::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Dot => draw::Format::Dot,
            Format::Svg => draw::Format::Svg,
            Format::Png => draw::Format::Png,
            Format::Mermaid => draw::Format::Mermaid,
            Format::Bpmn => draw::Format::Bpmn,
        }
    }
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    args.graphviz.apply();
    if args.compare {
        return compare_run(args, ui);
    }
    let loaded = crate::input::load(&args.inputs.paths);
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
    let config = args.field_verification.config(lang);
    let overlays = (!args.no_analysis).then(|| Overlays::analyse(catalog, &config));
    let overlays = overlays.as_ref();
    let format = draw::Format::from(args.format);

    // DOT or Mermaid into a folder: each diagram is drawn and written in one parallel pass, so
    // the diagrams are never all held at once.
    if let (Some(dir), false, Format::Dot | Format::Mermaid) =
        (&args.output, args.check, args.format)
    {
        note_written(
            ui,
            dir,
            draw::write_text(catalog, overlays, &options, format, dir)?,
        );
        return Ok(Outcome::Ok);
    }
    let diagrams = draw::diagrams(catalog, overlays, &options, format)?;

    match &args.output {
        None => {
            let only = draw::only_named(&diagrams)?;
            refuse_png_on_a_terminal(args.format)?;
            let bytes = draw::bytes(only, format)?;
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
            let problems = draw::stale_files(dir, &diagrams);
            if problems.is_empty() {
                ui.note(&format!(
                    "{} diagrams in {} are up to date",
                    diagrams.len(),
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
                    args.inputs.paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" ")
                ));
                return Ok(Outcome::GateFailed);
            }
        }
        Some(dir) => note_written(ui, dir, draw::write(&diagrams, format, "", dir)?),
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

/// `--compare AS_IS TO_BE`: one diagram with both models (see `quytrinh::draw::compare`),
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
    let Some(diagram) =
        crate::compare::side_by_side(&args.inputs.paths, &options, !args.no_analysis, ui)?
    else {
        return Ok(Outcome::BadInput);
    };
    let format = draw::Format::from(args.format);
    match &args.output {
        None => {
            let bytes = draw::bytes(&diagram, format)?;
            refuse_png_on_a_terminal(args.format)?;
            print_bytes(&bytes)?;
        }
        // The suffix is added after the code is cut to length, so it is never lost.
        Some(dir) => note_written(
            ui,
            dir,
            draw::write(std::slice::from_ref(&diagram), format, ".compare", dir)?,
        ),
    }
    Ok(Outcome::Ok)
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
