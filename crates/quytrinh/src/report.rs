//! Reports ready to publish: Markdown with every diagram (SVG) beside it, or one self-contained,
//! printable HTML page ([`Report::build`]); beside each procedure's diagram its step table (quy
//! trình nội bộ), which [`step_tables`] also gives on its own.
//!
//! ```
//! use quytrinh::report::{Format, Report};
//! # fn main() -> Result<(), quytrinh::Error> {
//! let loaded = quytrinh::load::load_str("p.json", quytrinh::EXAMPLE);
//! let config = quytrinh::analyze::Config::default();
//! if quytrinh::graphviz::installed() {
//!     let report = Report::build(&loaded.catalog, &config, None, Format::Markdown)?;
//!     assert_eq!(report.diagrams[0].0, "1.001193.svg");
//!     let dir = tempfile::tempdir().map_err(|e| miette::miette!("{e}"))?;
//!     let written = report.write(dir.path())?;
//!     assert!(written.ends_with("report.md"));
//! }
//! # Ok(())
//! # }
//! ```

use std::path::{Path, PathBuf};

use quytrinh_analyze::Config;
use quytrinh_analyze::format::Section;
use quytrinh_model::{Catalog, Lang};
use quytrinh_render::escape_html;
use quytrinh_render::from_analysis::table_facts;
use quytrinh_render::table::{self, StepTable};

use crate::Error;
use crate::mdbook::inline_svg;

/// The form of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// `report.md` with one SVG file per diagram beside it.
    Markdown,
    /// `report.html`: one self-contained, printable page (diagrams inline).
    Html,
}

/// A report made, not written yet: its file and the diagrams that go beside it.
#[derive(Debug, Clone)]
pub struct Report {
    /// The report's file name (`report.md` or `report.html`).
    pub name: &'static str,
    /// The report's text.
    pub text: String,
    /// Each diagram's file name and SVG, one per procedure and group (catalogue order).
    pub diagrams: Vec<(String, String)>,
    /// The form it was made in.
    pub format: Format,
}

impl Report {
    /// Analyses `catalog` under `config` and makes the report: every diagram is drawn (SVG, by
    /// Graphviz) first, so a missing Graphviz fails before anything is written. `top` keeps
    /// only the first N re-engineering targets.
    pub fn build(
        catalog: &Catalog,
        config: &Config,
        top: Option<usize>,
        format: Format,
    ) -> Result<Report, Error> {
        let lang = config.lang;
        let report = quytrinh_analyze::analyze_catalog(catalog, config);
        let drawn = crate::draw::draw_all(catalog, Some(&report), lang, crate::draw::Format::Svg);
        let mut files = Vec::with_capacity(drawn.len() + 1);
        for (name, d) in &drawn {
            files.push((name.clone(), crate::draw::svg(&d.text, &d.code)?));
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
        let redesign = quytrinh_reengineer::redesign_markdown(catalog, &report, config);
        let (name, text) = match format {
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
                    quytrinh_analyze::format::markdown_with(&report, lang, top, &diagram_of);
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
                let body = html_report(&report, lang, top, &redesign, &figure_of);
                let title = lang.pick(
                    "Báo cáo rà soát, đánh giá dịch vụ công trực tuyến",
                    "Review of online public services",
                );
                ("report.html", crate::html::page(title, lang, &body))
            }
        };
        Ok(Report {
            name,
            text,
            diagrams: files,
            format,
        })
    }

    /// Writes the report into `dir` (created if needed) with its diagrams beside it for
    /// Markdown: all written, or none. Returns the report's path.
    pub fn write(&self, dir: &Path) -> Result<PathBuf, Error> {
        let set = crate::output::FileSet::new(dir)?;
        let mut names = Vec::with_capacity(self.diagrams.len() + 1);
        if self.format == Format::Markdown {
            for (file, svg) in &self.diagrams {
                set.add(file, svg.as_bytes())?;
                names.push(file.clone());
            }
        }
        set.add(self.name, self.text.as_bytes())?;
        names.push(self.name.to_owned());
        set.commit(&names)?;
        Ok(dir.join(self.name))
    }
}

/// The report as HTML: the Markdown report made HTML (user text never becomes markup), with
/// `figure(section)` (HTML: the diagram and the step table) after each procedure's and group's
/// section, and the redesign section last.
fn html_report(
    report: &quytrinh_analyze::Report,
    lang: Lang,
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

/// The form of the step tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TableFormat {
    /// Markdown tables, one per procedure.
    Markdown,
    /// One CSV of every procedure's steps.
    Csv,
    /// One printable HTML page.
    Html,
}

/// The step table of every procedure of `catalog` (catalogue order, group members included),
/// with the critical path of its analysis.
///
/// ```
/// # let loaded = quytrinh::load::load_str("p.json", quytrinh::EXAMPLE);
/// let config = quytrinh::analyze::Config::default();
/// let tables = quytrinh::report::step_tables(&loaded.catalog, &config);
/// let text = quytrinh::report::tables_text(&tables, quytrinh::report::TableFormat::Markdown, config.lang);
/// assert!(text.contains("| Bước |"));
/// ```
pub fn step_tables(catalog: &Catalog, config: &Config) -> Vec<StepTable> {
    use rayon::prelude::*;
    catalog
        .procedures
        .par_iter()
        .map(|l| {
            let analysis = quytrinh_analyze::analyze_procedure(&l.procedure, config);
            table::step_table(&l.procedure, &table_facts(&analysis), config.lang)
        })
        .collect()
}

/// The step tables in `format`, in `lang`.
pub fn tables_text(tables: &[StepTable], format: TableFormat, lang: Lang) -> String {
    match format {
        TableFormat::Markdown => tables
            .iter()
            .map(|t| t.markdown(2))
            .collect::<Vec<_>>()
            .join("\n"),
        TableFormat::Csv => table::csv(tables, lang),
        TableFormat::Html => {
            let body: String = tables.iter().map(StepTable::html).collect();
            let title = match tables {
                [only] => only.title(),
                _ => lang
                    .pick("Quy trình nội bộ", "Internal procedures")
                    .to_owned(),
            };
            crate::html::page(&title, lang, &body)
        }
    }
}
