//! `quytrinh report`: one report, ready to publish: Markdown with every diagram (SVG) next to it,
//! or one self-contained, printable HTML page. Beside each procedure's diagram, its step table
//! (quy trình nội bộ).

use std::path::PathBuf;

use quytrinh_analyze::Config;
use quytrinh_analyze::format::Section;
use quytrinh_render::escape_html;
use quytrinh_render::from_analysis::table_facts;
use quytrinh_render::table::{self, StepTable};

use crate::Outcome;
use crate::mdbook_protocol::inline_svg;
use crate::ui::{CmdResult, FieldVerificationArg, LangArg, Ui};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Procedure or group files (.json, .jsonl), folders, or - for standard input
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// The folder to write into: report.md and one SVG diagram per procedure and group, or
    /// report.html
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// report.md with one SVG file per diagram beside it
    Markdown,
    /// report.html: one self-contained, printable page (diagrams inline)
    Html,
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
    let catalog = &loaded.catalog;
    let lang = args.lang.into();
    let config = Config {
        lang,
        field_verification: args.field_verification.into(),
    };
    let report = quytrinh_analyze::analyze_catalog(catalog, &config);
    let drawn = crate::render::draw_all(catalog, Some(&report), lang, "svg");
    // Draw every SVG before writing anything, so a missing Graphviz leaves no partial report.
    let mut files = Vec::with_capacity(drawn.len() + 1);
    for (code, name, dot) in &drawn {
        files.push((name.clone(), crate::render::svg(dot, code)?));
    }
    // The step table of each procedure, with the critical path of its analysis; the report
    // lists the procedures in catalogue order, as `catalog.procedures`.
    let tables: Vec<StepTable> = catalog
        .procedures
        .iter()
        .zip(&report.procedures)
        .map(|(l, a)| table::step_table(&l.procedure, &table_facts(a), lang))
        .collect();
    // draw_all lists the procedures in the report's order, then the groups.
    let procedures = report.procedures.len();
    let index = |section: Section| match section {
        Section::Procedure(i) => i,
        Section::Group(i) => procedures + i,
    };
    let caption = lang.pick("Sơ đồ quy trình", "Process diagram");
    let redesign = quytrinh_reengineer::redesign_markdown(catalog, &report, &config);
    let (name, text) = match args.format {
        Format::Markdown => {
            let diagram_of = |section: Section| {
                let (name, _) = files.get(index(section))?;
                let mut out = format!("![{caption}]({name})");
                if let Section::Procedure(i) = section
                    && let Some(t) = tables.get(i)
                {
                    out.push_str("\n\n");
                    out.push_str(&t.markdown(4));
                }
                Some(out)
            };
            let mut markdown =
                quytrinh_analyze::format::markdown_with(&report, lang, args.top, &diagram_of);
            markdown.push('\n');
            markdown.push_str(&redesign);
            ("report.md", markdown)
        }
        Format::Html => {
            let figure_of = |section: Section| {
                let (_, svg) = files.get(index(section))?;
                let mut out = format!(
                    "<figure class=\"quytrinh-diagram\">\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
                    inline_svg(svg),
                    escape_html(caption)
                );
                if let Section::Procedure(i) = section
                    && let Some(t) = tables.get(i)
                {
                    out.push_str(&t.html());
                }
                Some(out)
            };
            let body = html_report(&report, lang, args.top, &redesign, &figure_of);
            let title = lang.pick(
                "Báo cáo rà soát, đánh giá dịch vụ công trực tuyến",
                "Review of online public services",
            );
            ("report.html", crate::html::page(title, lang, &body))
        }
    };
    // The report and its diagrams are one set: all written, or none.
    let set = crate::output::FileSet::new(&args.output)?;
    let mut names = Vec::with_capacity(files.len() + 1);
    if args.format == Format::Markdown {
        for (file, svg) in &files {
            set.add(file, svg.as_bytes())?;
            names.push(file.clone());
        }
    }
    set.add(name, text.as_bytes())?;
    names.push(name.to_owned());
    set.commit(&names)?;
    let path = args.output.join(name);
    match args.format {
        Format::Markdown => ui.note(&format!(
            "wrote {} and {} diagrams",
            path.display(),
            files.len()
        )),
        Format::Html => ui.note(&format!(
            "wrote {} ({} diagrams inline)",
            path.display(),
            files.len()
        )),
    }
    Ok(Outcome::Ok)
}

/// The report as HTML: the Markdown report made HTML (user text never becomes markup), with
/// `figure(section)` (HTML: the diagram and the step table) after each procedure's and group's
/// section, and the redesign section last.
fn html_report(
    report: &quytrinh_analyze::Report,
    lang: quytrinh_model::Lang,
    top: Option<usize>,
    redesign: &str,
    figure: &dyn Fn(Section) -> Option<String>,
) -> String {
    // A marker line stands for each figure in the Markdown; the Markdown between markers is
    // made HTML on its own and the figures go between. The marker is one the report's text
    // does not hold, so user text can never be taken for one.
    let plain = quytrinh_analyze::format::markdown(report, lang, top);
    let mut marker = "quytrinh-figure".to_owned();
    while plain.contains(&marker) || redesign.contains(&marker) {
        marker.push('-');
    }
    let sections: std::cell::RefCell<Vec<Section>> = std::cell::RefCell::default();
    let markdown = quytrinh_analyze::format::markdown_with(report, lang, top, &|section| {
        sections.borrow_mut().push(section);
        Some(format!("{marker}\n"))
    });
    let sections = sections.into_inner();
    let mut out = String::with_capacity(markdown.len() * 2);
    for (i, chunk) in markdown.split(&format!("{marker}\n")).enumerate() {
        if i > 0
            && let Some(html) = sections.get(i - 1).and_then(|&s| figure(s))
        {
            out.push_str(&html);
        }
        out.push_str(&crate::html::markdown_to_html(chunk));
    }
    out.push_str(&crate::html::markdown_to_html(redesign));
    out
}
