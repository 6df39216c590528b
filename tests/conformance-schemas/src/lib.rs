//! quytrinh against the published JSON Schemas it claims to follow: every example, starter file
//! and bad input against the input format's schema (`docs/quytrinh.schema.json`), and
//! `analyze --format sarif` against SARIF 2.1.0 (the schema and the types of the `serde-sarif`
//! crate).
//!
//! A crate of its own, outside the root workspace: the validator (`jsonschema`, with two regular
//! expression engines and big numbers) and serde-sarif's generated types cost more to build than
//! the rest of the test suite's dependencies together, and only these tests need them. The tests
//! run the `quytrinh` binary named by the environment variable `QUYTRINH` (a relative path is
//! taken from the repository's root); `scripts/ci/schemas.sh` builds one when it is not set.

#![cfg(test)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod input_schema;
mod sarif;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's root.
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `quytrinh` binary under test: `$QUYTRINH`, relative to the repository's root.
fn quytrinh() -> PathBuf {
    let Some(bin) = std::env::var_os("QUYTRINH") else {
        panic!("set QUYTRINH to the quytrinh binary to test (scripts/ci/schemas.sh does)");
    };
    let bin = repo().join(bin);
    assert!(bin.is_file(), "QUYTRINH={} is not a file", bin.display());
    bin
}

/// Runs `quytrinh` from the repository's root with NO_COLOR set.
fn run(args: &[&str]) -> Output {
    Command::new(quytrinh())
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}
