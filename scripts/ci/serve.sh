#!/usr/bin/env bash
# `quytrinh serve` end to end in real headless Chromium (tests/serve-e2e/e2e.mjs, puppeteer-core
# driving Debian's chromium): open the page, change a step's channel, see the level and the
# diagram change, click a blocker, save and read the file on disk; a stale save, a path outside
# the folder, cross-origin POSTs and a foreign Host header refused. Then checks that the
# committed page bundle (crates/serve/web/assets) is what crates/serve/web/build.sh makes from
# its sources and pinned npm packages, and stays under 5 MB.
# Installs only what is missing: chromium and fonts-dejavu-core (apt),
# tests/serve-e2e/node_modules and crates/serve/web/node_modules (npm ci).
# SERVE_SCREENSHOTS=DIR keeps the screenshots (docs/images/serve*.png are made this way).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive PUPPETEER_SKIP_DOWNLOAD=1

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "DejaVu Sans" || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt: ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -d tests/serve-e2e/node_modules/puppeteer-core ]; then
  echo "== npm ci (tests/serve-e2e)"
  (cd tests/serve-e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

# QUYTRINH=target/release/quytrinh uses a binary already built (e.g. by .ci/run).
quytrinh=${QUYTRINH:-}
if [ -z "$quytrinh" ]; then
  cargo build --locked -q -p quytrinh-cli
  quytrinh=target/debug/quytrinh
fi

echo "== quytrinh serve in headless Chromium"
node tests/serve-e2e/e2e.mjs "$quytrinh" "${SERVE_SCREENSHOTS:-}"

echo "== the committed page bundle matches its sources"
web=crates/serve/web
if [ ! -d "$web/node_modules/esbuild" ]; then
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
fi
rebuilt=$(mktemp -d)
trap 'rm -rf "$rebuilt"' EXIT
(cd "$web" && node build.mjs --outdir "$rebuilt")
for f in app.js app.css LICENSES.txt; do
  cmp -s "$web/assets/$f" "$rebuilt/$f" || { echo "$web/assets/$f is stale: run $web/build.sh and commit" >&2; exit 1; }
done
total=$(cat "$web"/assets/* | wc -c)
echo "   app.js, app.css, LICENSES.txt: $total bytes (limit 5,000,000)"
[ "$total" -lt 5000000 ]
