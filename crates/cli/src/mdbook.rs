//! `quytrinh mdbook`: an mdBook preprocessor that draws the procedures a book names.
//!
//! In book.toml: `[preprocessor.quytrinh] command = "quytrinh mdbook"`. A fenced block
//! ```` ```quytrinh ```` holding a path (relative to the chapter) to a procedure or group file is
//! replaced by its diagram as inline SVG, scaled to the page width (Graphviz `dot` draws it;
//! without it the page says so in place of the diagram, and the build goes on) and, with
//! `analysis` after `quytrinh` or `analysis = true` in the preprocessor's table, by its
//! analysis. `lang = "en"` draws in English; `field-verification = "allowed"` judges on-site
//! verification as `--field-verification allowed` does, for the diagram and the analysis alike.
//! Files are read only inside the book's folder, or inside `read-root` (a folder relative to
//! the book) when the table sets one; diagrams come from the cache when they were drawn before.

use std::io::{Read as _, Write as _};

use quytrinh_model::Lang;
use quytrinh_render::escape_html;

use crate::Outcome;
use crate::mdbook_protocol::{Block, BookOptions, inline_svg, preprocess};
use crate::ui::{CmdResult, Ui, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    supports: Option<Supports>,

    #[command(flatten)]
    graphviz: crate::graphviz::GraphvizArgs,
}

#[derive(Debug, clap::Subcommand)]
enum Supports {
    /// Asked by mdBook: exit 0 if the renderer is supported (html), 1 if not
    Supports {
        /// The renderer mdBook is about to run
        renderer: String,
    },
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    if let Some(Supports::Supports { renderer }) = &args.supports {
        return Ok(if renderer == "html" {
            Outcome::Ok
        } else {
            Outcome::GateFailed
        });
    }
    args.graphviz.apply();
    // The whole book comes on standard input: read with a bound, like every other input.
    let mut input = String::new();
    std::io::stdin()
        .take(crate::read::MAX_BOOK_BYTES + 1)
        .read_to_string(&mut input)
        .map_err(|e| miette::miette!("cannot read mdBook's input from standard input: {e}"))?;
    if input.len() as u64 > crate::read::MAX_BOOK_BYTES {
        return Err(miette::miette!(
            "mdBook's input is larger than {} MiB",
            crate::read::MAX_BOOK_BYTES / (1024 * 1024)
        )
        .into());
    }
    match preprocess(&input, &mut |block, options| render_block(block, options)) {
        Ok(book) => {
            print(&book)?;
            Ok(Outcome::Ok)
        }
        Err(e) => {
            ui.note(&format!("quytrinh mdbook: {e}"));
            Ok(Outcome::BadInput)
        }
    }
}

/// One block: load the file, draw it (SVG), and add its analysis when asked.
fn render_block(block: &Block, options: &BookOptions) -> Result<String, String> {
    let lang = if options.lang_en { Lang::En } else { Lang::Vi };
    // Only files inside the book's read root: not an absolute path elsewhere, not `../..`.
    let path = crate::read::within(&options.read_root, &block.path).map_err(|e| e.to_string())?;
    let loaded = crate::input::load_within(std::slice::from_ref(&path), Some(&options.read_root));
    if loaded.has_errors() {
        let first: Vec<String> = loaded
            .diagnostics
            .iter()
            .take(5)
            .map(|d| d.to_plain_string())
            .collect();
        return Err(format!("the file has errors:\n{}", first.join("\n")));
    }
    let config = quytrinh_analyze::Config {
        lang,
        field_verification: options.field_verification,
    };
    let drawn =
        crate::render::draw_one(&loaded.catalog, &config, true).map_err(|e| e.to_string())?;
    let figure = match crate::render::svg_if_installed(&drawn.dot, &drawn.code)
        .map_err(|e| e.to_string())?
    {
        Some(svg) => inline_svg(&svg),
        None => {
            // The build goes on: the page says what is missing, where the diagram would be.
            let _ = writeln!(
                std::io::stderr().lock(),
                "quytrinh mdbook: Graphviz `dot` is not installed; `{}` is shown without its diagram",
                block.written
            );
            format!(
                "<p class=\"quytrinh-missing\"><strong>{}</strong> {}</p>",
                lang.pick("Chưa vẽ được sơ đồ:", "Diagram not drawn:"),
                escape_html(&format!(
                    "{} `{}` ({})",
                    lang.pick(
                        "máy dựng sách chưa cài Graphviz (chương trình dot), cần để vẽ sơ đồ của",
                        "Graphviz (the dot program) is not installed on the machine that built this book; it is needed to draw"
                    ),
                    block.written,
                    lang.pick("cài: apt-get install graphviz", "install it: apt-get install graphviz")
                ))
            )
        }
    };
    let mut out = format!("<div class=\"quytrinh-diagram\">\n{figure}\n</div>\n");
    if block.analysis
        && let Some(report) = &drawn.report
    {
        out.push('\n');
        out.push_str(&quytrinh_analyze::format::markdown_section(
            report,
            &drawn.code,
            lang,
        ));
    }
    Ok(out)
}
