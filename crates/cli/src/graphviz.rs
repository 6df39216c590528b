//! `--dot-timeout`, `--cache-dir` and `--no-cache`: the options of the Graphviz runner
//! (`quytrinh::graphviz`) shared by the commands that draw (`render`, `report`, `mdbook`).

use std::path::PathBuf;
use std::time::Duration;

use quytrinh::graphviz::{Limits, set_limits};

/// The Graphviz options shared by the commands that draw (`render`, `report`, `mdbook`).
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct GraphvizArgs {
    /// The longest Graphviz `dot` may take to lay out one diagram, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    dot_timeout: u64,

    /// The folder of the cache of drawn diagrams (default: $XDG_CACHE_HOME/quytrinh or
    /// ~/.cache/quytrinh)
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,

    /// Draw every diagram again: neither read nor fill the cache
    #[arg(long)]
    no_cache: bool,
}

impl GraphvizArgs {
    /// Makes these the limits of every later drawing by Graphviz.
    pub(crate) fn apply(&self) {
        let mut limits = Limits {
            timeout: Duration::from_secs(self.dot_timeout.max(1)),
            ..Limits::default()
        };
        if let Some(dir) = &self.cache_dir {
            limits.cache = Some(dir.clone());
        }
        if self.no_cache {
            limits.cache = None;
        }
        set_limits(limits);
    }
}
