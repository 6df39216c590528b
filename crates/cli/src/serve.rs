//! `quytrinh serve`: the local web editor (crate `quytrinh-serve`). This module only reads the
//! arguments, says where the page is, and warns when the server is reachable from other
//! machines.

use std::net::IpAddr;
use std::path::PathBuf;

use crate::ui::{CmdResult, LangArg, Ui};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The folder whose procedure and group files (*.json) the page lists, edits and saves;
    /// nothing outside it is read or written
    #[arg(value_name = "FOLDER", default_value = ".")]
    folder: PathBuf,

    /// The port to listen on (0: any free port)
    #[arg(long, default_value_t = 8808)]
    port: u16,

    /// The address to listen on. Anything but a loopback address (127.0.0.1, ::1) lets other
    /// machines open and change the files: quytrinh warns
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,

    /// Open the page in the desktop's browser
    #[arg(long)]
    open: bool,

    /// Language of the page, the diagrams and the analysis
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    let config = quytrinh_serve::Config {
        folder: args.folder.clone(),
        host: args.host,
        port: args.port,
        lang: args.lang.into(),
    };
    let server = quytrinh_serve::Server::bind(&config).map_err(|e| {
        miette::miette!(
            help = "give an existing folder, and a free port with --port (0 picks one)",
            "cannot serve {} on {}:{}: {e}",
            args.folder.display(),
            args.host,
            args.port
        )
    })?;
    if quytrinh_serve::is_exposed(args.host) {
        ui.note(&format!(
            "warning: listening on {} — anyone who can reach this machine on port {} can read and change the files in {}; use the default 127.0.0.1 unless you mean it",
            args.host,
            server.addr().port(),
            server.root().display()
        ));
    }
    let url = server.url();
    ui.note(&format!(
        "quytrinh serve: editing {} (Ctrl-C to stop); open",
        server.root().display()
    ));
    // The address alone on standard output, for scripts that start the server.
    crate::ui::print(&format!("{url}\n"))?;
    if args.open
        && let Err(e) = quytrinh_serve::open_browser(&url)
    {
        ui.note(&format!(
            "could not open a browser ({e}); open {url} yourself"
        ));
    }
    server
        .run()
        .map_err(|e| miette::miette!("the server stopped: {e}"))?;
    Ok(crate::Outcome::Ok)
}
