//! `quytrinh mdbook`: an mdBook preprocessor that draws the procedures a book names.
//!
//! In book.toml: `[preprocessor.quytrinh] command = "quytrinh mdbook"`. A fenced block
//! ```` ```quytrinh ```` holding a path (relative to the chapter) to a procedure or group file is
//! replaced by its diagram as inline SVG (Graphviz `dot` is required: without it the build fails
//! with a clear message) and, with `analysis` after `quytrinh` or `analysis = true` in the
//! preprocessor's table, by its analysis. `lang = "en"` draws in English. Files are read only
//! inside the book's folder, or inside `read-root` (a folder relative to the book) when the
//! table sets one; diagrams come from the cache when they were drawn before.

use std::io::Read as _;

use quytrinh_model::Lang;

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
    let drawn = crate::render::draw_one(&loaded.catalog, lang, true).map_err(|e| e.to_string())?;
    let svg = crate::render::svg(&drawn.dot, &drawn.code).map_err(|e| e.to_string())?;
    let mut out = format!(
        "<div class=\"quytrinh-diagram\">\n{}\n</div>\n",
        inline_svg(&svg)
    );
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
