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
//! Arguments and standard input and output only; the preprocessor is `quytrinh::mdbook`.

use std::io::{Read as _, Write as _};

use crate::Outcome;
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
    // A note goes to stderr as it is (the build log), never to the book on stdout.
    let mut warn = |line: &str| {
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    };
    match quytrinh::mdbook::run(&input, &mut warn) {
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
