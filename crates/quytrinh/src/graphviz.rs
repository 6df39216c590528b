//! The one Graphviz runner: every diagram drawn by `dot` (SVG for `render`, `report` and
//! `mdbook`; other formats for other outputs) goes through [`run_dot`].
//!
//! - A size check before layout: a diagram with more than [`Limits::max_nodes`] nodes or
//!   [`Limits::max_edges`] edges is refused with a message naming the model (layout time grows
//!   much faster than the size).
//! - A time limit per diagram ([`Limits::timeout`], 30 s unless `--dot-timeout` says otherwise):
//!   past it, `dot` is killed and the message names the model.
//! - `dot` is killed too when quytrinh is interrupted (SIGINT, SIGTERM): [`install_interrupt`]
//!   watches the signals on a thread and every running `dot` stops within a few milliseconds.
//! - A content-addressed cache of what `dot` drew: the key is a SHA-256 of the Graphviz version,
//!   the output format and the DOT text, so a diagram drawn once is never laid out again until
//!   its text or Graphviz changes (a book's second build redraws nothing unchanged). The cache
//!   is `$XDG_CACHE_HOME/quytrinh`, else `~/.cache/quytrinh`, or `--cache-dir`; `--no-cache`
//!   turns it off.
//!
//! Counters ([`counters`]) say how many layouts `dot` ran and how many diagrams came from the
//! cache; `QUYTRINH_COUNTERS=1` prints them on stderr at exit (tests assert on them, never on
//! time).

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use sha2::{Digest as _, Sha256};

use crate::Error;

/// How `dot` is run: limits and cache.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The longest `dot` may take for one diagram.
    pub timeout: Duration,
    /// The most nodes a diagram may have to be laid out.
    pub max_nodes: usize,
    /// The most edges a diagram may have to be laid out.
    pub max_edges: usize,
    /// The cache folder, or none (`--no-cache`).
    pub cache: Option<PathBuf>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(30),
            max_nodes: 5_000,
            max_edges: 20_000,
            cache: default_cache_dir(),
        }
    }
}

/// `$XDG_CACHE_HOME/quytrinh`, else `~/.cache/quytrinh`.
fn default_cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        })?;
    Some(base.join("quytrinh"))
}

static LIMITS: Mutex<Option<Limits>> = Mutex::new(None);

/// Makes `limits` the limits of every later [`run_dot`] in this process.
pub fn set_limits(limits: Limits) {
    if let Ok(mut l) = LIMITS.lock() {
        *l = Some(limits);
    }
}

fn limits() -> Limits {
    LIMITS
        .lock()
        .ok()
        .and_then(|l| l.clone())
        .unwrap_or_default()
}

static LAYOUTS: AtomicUsize = AtomicUsize::new(0);
static CACHE_HITS: AtomicUsize = AtomicUsize::new(0);
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static RUNNING: AtomicUsize = AtomicUsize::new(0);

/// (layouts run by `dot`, diagrams taken from the cache) so far.
pub fn counters() -> (usize, usize) {
    (
        LAYOUTS.load(Ordering::Relaxed),
        CACHE_HITS.load(Ordering::Relaxed),
    )
}

/// Watches SIGINT and SIGTERM on a thread: at the first, every running `dot` is killed (each
/// runner sees the flag within milliseconds), then quytrinh exits with 130 (SIGINT) or 143.
pub fn install_interrupt() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            INTERRUPTED.store(true, Ordering::SeqCst);
            // Give the runners time to kill and reap their child.
            let start = Instant::now();
            while RUNNING.load(Ordering::SeqCst) > 0 && start.elapsed() < Duration::from_secs(2) {
                std::thread::sleep(Duration::from_millis(5));
            }
            std::process::exit(128 + sig);
        }
    });
}

/// The size of a diagram as the DOT printer writes it (one statement a line): nodes and edges.
fn size(dot: &str) -> (usize, usize) {
    let mut nodes = 0;
    let mut edges = 0;
    for line in dot.lines() {
        let head = line.split('[').next().unwrap_or_default().trim();
        if head.contains("->") || head.contains("--") {
            edges += 1;
        } else if !head.is_empty()
            && !matches!(head, "graph" | "node" | "edge")
            && !head.starts_with("subgraph")
            && !head.starts_with("digraph")
            && !head.contains(['{', '}', '=', ' '])
        {
            nodes += 1;
        }
    }
    (nodes, edges)
}

/// Whether Graphviz `dot` can be run at all (asked once per run).
pub fn installed() -> bool {
    version().is_ok()
}

/// The Graphviz version line (`dot -V`), asked once per run.
fn version() -> Result<String, Error> {
    static VERSION: OnceLock<Result<String, String>> = OnceLock::new();
    VERSION
        .get_or_init(|| {
            Command::new("dot")
                .arg("-V")
                .stdin(Stdio::null())
                .output()
                .map(|o| {
                    let mut v = String::from_utf8_lossy(&o.stderr).trim().to_owned();
                    v.push_str(String::from_utf8_lossy(&o.stdout).trim());
                    v
                })
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(|_| not_installed())
}

fn not_installed() -> Error {
    miette::miette!(
        "Graphviz `dot` is not installed; install it (e.g. apt-get install graphviz) or use --format dot"
    )
}

/// `dot -T<format>` on `dot_text`, the diagram of `what` (a procedure or group code, named in
/// every message), under the limits and through the cache.
pub fn run_dot(dot_text: &str, format: &str, what: &str) -> Result<Vec<u8>, Error> {
    let limits = limits();
    let (nodes, edges) = size(dot_text);
    if nodes > limits.max_nodes || edges > limits.max_edges {
        return Err(miette::miette!(
            help = "draw it as DOT (--format dot) and lay it out yourself, or split the procedure",
            "the diagram of `{what}` is too large for Graphviz to lay out in reasonable time: {nodes} nodes and {edges} edges (at most {} nodes and {} edges)",
            limits.max_nodes,
            limits.max_edges
        ));
    }
    let version = version()?;
    let key = limits.cache.as_ref().map(|dir| {
        let mut h = Sha256::new();
        h.update(version.as_bytes());
        h.update([0]);
        h.update(format.as_bytes());
        h.update([0]);
        h.update(dot_text.as_bytes());
        let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        dir.join(format!("{hex}.{format}"))
    });
    if let Some(path) = &key
        && let Ok(bytes) = crate::read::read_regular(path, crate::read::MAX_DIAGRAM_BYTES)
    {
        CACHE_HITS.fetch_add(1, Ordering::Relaxed);
        return Ok(bytes);
    }
    let out = layout(dot_text, format, what, limits.timeout)?;
    if let Some(path) = &key {
        // A cache that cannot be written is only slower: never an error.
        store(path, &out);
    }
    Ok(out)
}

fn store(path: &Path, bytes: &[u8]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    if let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir)
        && tmp.write_all(bytes).is_ok()
    {
        let _ = tmp.persist(path);
    }
}

/// Runs `dot` itself, killed past `timeout` or on an interrupt.
fn layout(dot_text: &str, format: &str, what: &str, timeout: Duration) -> Result<Vec<u8>, Error> {
    use wait_timeout::ChildExt as _;
    LAYOUTS.fetch_add(1, Ordering::Relaxed);
    RUNNING.fetch_add(1, Ordering::SeqCst);
    struct Running;
    impl Drop for Running {
        fn drop(&mut self) {
            RUNNING.fetch_sub(1, Ordering::SeqCst);
        }
    }
    let _running = Running;
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                not_installed()
            } else {
                miette::miette!("cannot run Graphviz `dot` for `{what}`: {e}")
            }
        })?;
    // Feed and drain on threads, so neither pipe blocks `dot`.
    let input = child.stdin.take();
    let text = dot_text.to_owned();
    let feeder = std::thread::spawn(move || {
        if let Some(mut i) = input {
            let _ = i.write_all(text.as_bytes());
        }
    });
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut v);
            }
            v
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let start = Instant::now();
    let status = loop {
        if INTERRUPTED.load(Ordering::SeqCst) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(miette::miette!("interrupted while Graphviz drew `{what}`"));
        }
        if start.elapsed() >= timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(miette::miette!(
                help =
                    "raise the limit with --dot-timeout SECONDS, or draw it as DOT (--format dot)",
                "Graphviz `dot` took longer than {} s to draw `{what}` and was stopped",
                timeout.as_secs()
            ));
        }
        match child.wait_timeout(Duration::from_millis(20)) {
            Ok(Some(s)) => break s,
            Ok(None) => {}
            Err(e) => {
                let _ = child.kill();
                return Err(miette::miette!("cannot wait for Graphviz `dot`: {e}"));
            }
        }
    };
    let _ = feeder.join();
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if !status.success() {
        return Err(miette::miette!(
            "Graphviz `dot` failed on the diagram of `{}`: {}",
            what,
            quytrinh_model::escape::terminal(String::from_utf8_lossy(&stderr).trim())
        ));
    }
    Ok(stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_counts_node_and_edge_statements() {
        let dot = "digraph g {\n  graph[rankdir=TB]\n  node[shape=box]\n  a[label=<x -&gt; y>]\n  b\n  a -> b [style=bold]\n  subgraph cluster_0 {\n    c[label=<c>]\n  }\n}\n";
        assert_eq!(size(dot), (3, 1));
    }
}
