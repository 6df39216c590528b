#!/usr/bin/env bash
# Renders the Mermaid output (`quytrinh render --format mermaid`) of every example, its to-be
# version, every group and a file of hostile text with the real Mermaid library in Debian's
# headless chromium, and fails on any error (tests/mermaid/check.mjs).
#
# Installs only what is missing: Debian's chromium and fonts-dejavu-core (apt), and the npm
# packages of tests/mermaid (mermaid, puppeteer-core; `npm ci`, no browser download).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

if ! command -v chromium >/dev/null 2>&1; then
    echo "mermaid.sh: installing chromium (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

if [ ! -d tests/mermaid/node_modules/mermaid ] || [ ! -d tests/mermaid/node_modules/puppeteer-core ]; then
    echo "mermaid.sh: installing the npm packages of tests/mermaid"
    (cd tests/mermaid && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# QUYTRINH=target/release/quytrinh uses a binary already built (e.g. by .ci/run; a relative
# path is taken from the repository's root, where every command below runs).
quytrinh="${QUYTRINH:-}"
if [ -z "$quytrinh" ]; then
    cargo build --locked -q -p quytrinh-cli
    quytrinh="${CARGO_TARGET_DIR:-$root/target}/debug/quytrinh"
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# One folder per input set: the to-be models share their codes with the examples.
"$quytrinh" render --format mermaid -o "$out/examples" examples/*.json
"$quytrinh" render --format mermaid -o "$out/groups" examples/groups
"$quytrinh" render --format mermaid -o "$out/to-be" examples/to-be
"$quytrinh" render --format mermaid --lang en -o "$out/en" examples/groups
"$quytrinh" render --format mermaid tests/mermaid/hostile.json > "$out/hostile.mmd"

cd tests/mermaid
CHROMIUM="$(command -v chromium)" node check.mjs "$out"/*/*.mmd "$out/hostile.mmd"
