//! A review without the command-line tool: load a folder of procedure files, analyse them,
//! print each one's level, write every diagram as SVG, the JSON report and the report beside
//! them.
//!
//! ```text
//! cargo run -p quytrinh --example review -- examples /tmp/review
//! ```
//!
//! Graphviz (`dot`) draws the SVG; without it the example stops with the library's message.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

use quytrinh::analyze::{Config, analyze_catalog};
use quytrinh::draw::{self, Format, Overlays};
use quytrinh::render::Options;

fn main() -> Result<(), quytrinh::Error> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let input = args.next().unwrap_or_else(|| PathBuf::from("examples"));
    let out = args
        .next()
        .unwrap_or_else(|| PathBuf::from("quytrinh-review"));

    // Every *.json and *.jsonl below the folder, with every diagnostic.
    let loaded = quytrinh::load::load(std::slice::from_ref(&input));
    for d in &loaded.diagnostics {
        eprintln!("{}", d.to_plain_string());
    }
    if loaded.has_errors() {
        return Err(miette::miette!("the inputs have errors (above)"));
    }
    let catalog = &loaded.catalog;

    // The 8 criteria, the level and the blockers of each procedure and group.
    let config = Config::default();
    let analysis = analyze_catalog(catalog, &config);
    for p in &analysis.procedures {
        println!("{:<12} {:<24} {}", p.code, p.level.as_str(), p.name);
    }
    for g in &analysis.groups {
        println!("{:<12} {:<24} {}", g.code, g.level.as_str(), g.name);
    }

    // Every diagram with the blockers marked, as SVG, written all or none.
    let overlays = Overlays::of_report(catalog, &analysis);
    let diagrams = draw::diagrams(catalog, Some(&overlays), &Options::default(), Format::Svg)?;
    let written = draw::write(&diagrams, Format::Svg, "", &out.join("diagrams"))?;
    println!(
        "{} diagrams in {}",
        written.len(),
        out.join("diagrams").display()
    );

    // The JSON report, as `quytrinh analyze --format json` writes it: one pipeline whatever
    // the size (a .jsonl catalogue is streamed, never held whole).
    let mut json = Vec::new();
    let run = quytrinh::analyze_json(
        std::slice::from_ref(&input),
        config,
        quytrinh::JsonOptions::default(),
        &mut json,
    )
    .map_err(|e| miette::miette!("cannot write the JSON report: {e}"))?;
    run.finish()
        .map_err(|e| miette::miette!("cannot write the JSON report: {e}"))?;
    quytrinh::output::write_file_in_new_folder(&out.join("report.json"), &json)?;
    println!("{}", out.join("report.json").display());

    // The report, ready to publish: report.md with its own SVG diagrams beside it.
    let report = quytrinh::report::Report::build(
        catalog,
        &config,
        Some(10),
        quytrinh::report::Format::Markdown,
    )?;
    println!("{}", report.write(&out)?.display());
    Ok(())
}
