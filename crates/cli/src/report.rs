//! `quytrinh report`: one Markdown report, ready to publish, with every diagram next to it.

use std::path::PathBuf;

use quytrinh_analyze::Config;
use quytrinh_analyze::format::Section;

use crate::Outcome;
use crate::ui::{CmdResult, FieldVerificationArg, LangArg, Ui};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Procedure or group files (.json, .jsonl), folders, or - for standard input
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// The folder to write into: report.md and one SVG diagram per procedure and group
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,

    /// Language of the report and the diagrams
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,

    /// Show only the first N re-engineering targets
    #[arg(long, value_name = "N")]
    top: Option<usize>,

    /// How on-site verification (channel `field`) counts for criterion 6
    #[arg(long, value_enum, default_value_t = FieldVerificationArg::Blocks)]
    field_verification: FieldVerificationArg,

    #[command(flatten)]
    graphviz: crate::graphviz::GraphvizArgs,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    args.graphviz.apply();
    let loaded = crate::input::load(&args.paths);
    if !loaded.diagnostics.is_empty() {
        ui.diagnostics(&loaded.diagnostics);
    }
    if loaded.has_errors() {
        return Ok(Outcome::BadInput);
    }
    let lang = args.lang.into();
    let config = Config {
        lang,
        field_verification: args.field_verification.into(),
    };
    let report = quytrinh_analyze::analyze_catalog(&loaded.catalog, &config);
    let drawn = crate::render::draw_all(&loaded.catalog, Some(&report), lang, "svg");
    // Draw every SVG before writing anything, so a missing Graphviz leaves no partial report.
    let mut files = Vec::with_capacity(drawn.len() + 1);
    for (code, name, dot) in &drawn {
        files.push((name.clone(), crate::render::svg(dot, code)?, code.clone()));
    }
    // draw_all lists the procedures in the report's order, then the groups.
    let procedures = report.procedures.len();
    let diagram_of = |section: Section| {
        let index = match section {
            Section::Procedure(i) => i,
            Section::Group(i) => procedures + i,
        };
        files.get(index).map(|(name, _, _)| {
            format!(
                "![{}]({name})",
                lang.pick("Sơ đồ quy trình", "Process diagram")
            )
        })
    };
    let mut markdown =
        quytrinh_analyze::format::markdown_with(&report, lang, args.top, &diagram_of);
    markdown.push('\n');
    markdown.push_str(&quytrinh_reengineer::redesign_markdown(
        &loaded.catalog,
        &report,
        &config,
    ));
    // The report and its diagrams are one set: all written, or none.
    let set = crate::output::FileSet::new(&args.output)?;
    let mut names = Vec::with_capacity(files.len() + 1);
    for (name, svg, _) in &files {
        set.add(name, svg.as_bytes())?;
        names.push(name.clone());
    }
    set.add("report.md", markdown.as_bytes())?;
    names.push("report.md".to_owned());
    set.commit(&names)?;
    ui.note(&format!(
        "wrote {} and {} diagrams",
        args.output.join("report.md").display(),
        files.len()
    ));
    Ok(Outcome::Ok)
}
