#!/usr/bin/env bash
# quytrinh against the published JSON Schemas: every example, starter file and bad input against
# docs/quytrinh.schema.json, and `analyze --format sarif` against SARIF 2.1.0 (the separate crate
# tests/conformance-schemas, outside the root workspace so that `cargo test --workspace` does not
# build the schema validator; ARCHITECTURE.md, "Build time").
#
# QUYTRINH=target/release/quytrinh tests a binary already built (e.g. by .ci/run; a relative path
# is taken from the repository's root); without it the debug binary is built first. The crate
# shares the root's target folder (its own dependency builds; nothing of the workspace's is
# rebuilt).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

if [ -z "${QUYTRINH:-}" ]; then
    cargo build --locked -q -p quytrinh-cli --bin quytrinh
    QUYTRINH="$CARGO_TARGET_DIR/debug/quytrinh"
fi
export QUYTRINH

manifest=tests/conformance-schemas/Cargo.toml
cargo fmt --manifest-path "$manifest" --check
cargo clippy --locked -q --manifest-path "$manifest" --all-targets -- -D warnings
cargo test --locked --manifest-path "$manifest"
