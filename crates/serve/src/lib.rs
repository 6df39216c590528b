//! `quytrinh serve`: a local web editor for procedure files.
//!
//! The page (embedded in the binary, [`assets`]) lists the procedure and group files of one
//! folder, edits the chosen file in a code editor, and shows the diagram, the level, the
//! criteria, the blockers, the step table and the re-engineered to-be model as one types. The
//! server does the work the CLI does, on the text the page sends ([`work`]): load with located
//! diagnostics, analyse, draw the DOT (laid out in the page by Graphviz compiled to
//! WebAssembly), re-engineer. Saving writes the file atomically, inside the folder only, and
//! refuses when the file changed on disk since it was loaded.
//!
//! Security ([`guard`], [`paths`]): bound to 127.0.0.1 unless told otherwise; every request's
//! `Host` must name this server (against DNS rebinding), every state-changing request must come
//! from the page's own origin with a JSON body of bounded size; paths are confined to the
//! folder (no `..`, no absolute paths, no symbolic link that leads outside).

pub mod assets;
pub mod guard;
mod http;
pub mod paths;
pub mod work;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use http::router;
use quytrinh_model::Lang;

/// The largest request body accepted (a procedure file being edited): 4 MiB.
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// What `quytrinh serve` was asked for.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder whose files are listed, edited and saved.
    pub folder: PathBuf,
    /// The address to bind (127.0.0.1 by default).
    pub host: IpAddr,
    /// The port (0: any free port).
    pub port: u16,
    /// The language of the page, the diagrams and the analysis.
    pub lang: Lang,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            folder: PathBuf::from("."),
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8808,
            lang: Lang::Vi,
        }
    }
}

/// The state every request shares.
#[derive(Debug)]
pub struct App {
    /// The folder, canonical (symbolic links resolved): every path served is inside it.
    pub root: PathBuf,
    pub lang: Lang,
    /// The port the server listens on, for the `Host` and `Origin` checks.
    pub port: u16,
    /// Saves are made one at a time (the conflict check and the write are one step).
    pub(crate) save_lock: Mutex<()>,
}

impl App {
    /// The state for serving `folder` on `port`. Fails when the folder does not exist.
    pub fn new(folder: &Path, lang: Lang, port: u16) -> std::io::Result<Arc<App>> {
        let root = std::fs::canonicalize(folder)?;
        if !root.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                format!("{} is not a folder", folder.display()),
            ));
        }
        Ok(Arc::new(App {
            root,
            lang,
            port,
            save_lock: Mutex::new(()),
        }))
    }
}

/// A server bound to its address, not yet answering.
#[derive(Debug)]
pub struct Server {
    listener: std::net::TcpListener,
    app: Arc<App>,
    addr: SocketAddr,
}

impl Server {
    /// Binds the address of `config` and checks its folder.
    pub fn bind(config: &Config) -> std::io::Result<Server> {
        let listener = std::net::TcpListener::bind((config.host, config.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let app = App::new(&config.folder, config.lang, addr.port())?;
        Ok(Server {
            listener,
            app,
            addr,
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The canonical folder it serves.
    pub fn root(&self) -> &Path {
        &self.app.root
    }

    /// The URL to open: `http://127.0.0.1:PORT/` (`localhost` stands for loopback addresses).
    pub fn url(&self) -> String {
        let host = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_owned(),
            IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_owned(),
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        };
        format!("http://{host}:{}/", self.addr.port())
    }

    /// Answers requests until the process ends (a single-threaded runtime: the work of a
    /// request is milliseconds, and one reviewer's page sends one request at a time).
    pub fn run(self) -> std::io::Result<()> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)?;
            axum::serve(listener, router(self.app)).await
        })
    }
}

/// Whether binding `host` exposes the server beyond this machine (the CLI warns).
pub fn is_exposed(host: IpAddr) -> bool {
    !host.is_loopback()
}

/// Opens `url` in the desktop's browser (no shell: a fixed program with one argument).
pub fn open_browser(url: &str) -> std::io::Result<()> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}
