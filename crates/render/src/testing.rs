//! Test support for this crate and the crates above it, not part of the API: whether Graphviz
//! is installed, and `dot` run on a diagram. The renderer itself never runs Graphviz; only
//! tests call this.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Is Graphviz `dot` here? Without it a test that needs it skips `what` with a note, unless
/// `QUYTRINH_REQUIRE_DOT=1` (CI), where it fails.
#[allow(clippy::print_stderr)]
pub fn dot_available(what: &str) -> bool {
    let ok = Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("QUYTRINH_REQUIRE_DOT").as_deref() != Ok("1"),
            "Graphviz `dot` is not installed but QUYTRINH_REQUIRE_DOT=1: install graphviz"
        );
        eprintln!("note: Graphviz `dot` is not installed; skipping {what}");
    }
    ok
}

/// Graphviz's output for `dot` in `format` (`svg`, `json`); panics on any error, as a test
/// should.
#[allow(clippy::expect_used)]
pub fn run_dot(dot: &str, format: &str) -> Vec<u8> {
    // Through a file of its own (tests run on several threads), so that no pipe can fill.
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("quytrinh-test-{}-{n}.dot", std::process::id()));
    std::fs::write(&path, dot).expect("the temporary folder is writable");
    let out = Command::new("dot")
        .arg(format!("-T{format}"))
        .arg(&path)
        .output()
        .expect("a test runs `dot` only once dot_available said it is installed");
    let _ = std::fs::remove_file(&path);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dot failed: {stderr}\n{dot}");
    assert!(!stderr.contains("Error"), "dot complained: {stderr}");
    out.stdout
}
