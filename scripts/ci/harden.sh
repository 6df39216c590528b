#!/bin/sh
# Issue 17 (hardening, second round): the hostile suite and the escaping property test, with
# what they need installed. Idempotent: installs only what is missing.
#
# Needs: Graphviz `dot` (SVG cases, the property test's SVG check), `prlimit` (util-linux: the
# full-disk case), `mkfifo` (coreutils), `bc` (scripts/mdbook-cache-timing.sh). Without `dot`
# the SVG parts of the tests are skipped, so CI must have it.
set -eu
cd "$(dirname "$0")/../.."
missing=""
command -v dot >/dev/null 2>&1 || missing="$missing graphviz"
command -v prlimit >/dev/null 2>&1 || missing="$missing util-linux"
command -v bc >/dev/null 2>&1 || missing="$missing bc"
if [ -n "$missing" ]; then
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
# The 18 cases of issue 17 and the earlier hostile cases.
cargo test -p quytrinh-cli --test cli hostile
# Arbitrary Unicode through every output format, more cases than the default run.
PROPTEST_CASES=256 cargo test -p quytrinh-cli --test cli escaping
# The second mdBook run takes every diagram from the cache (prints both times).
cargo build -p quytrinh-cli --bin quytrinh
scripts/mdbook-cache-timing.sh target/debug/quytrinh
