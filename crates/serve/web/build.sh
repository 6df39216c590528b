#!/usr/bin/env bash
# Rebuilds the page's assets (assets/app.js, assets/app.css, assets/LICENSES.txt) from npm
# packages pinned in package-lock.json: CodeMirror 6, codemirror-json-schema, @viz-js/viz
# (Graphviz in WebAssembly), bundled by esbuild. The result is committed and embedded in the
# binary (crates/serve/src/assets.rs); node_modules is not. Needs Node 20+ and npm.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
node build.mjs
du -b assets/* | sort -n
total=$(cat assets/* | wc -c)
echo "total: $total bytes"
[ "$total" -lt 5000000 ] || { echo "the assets must stay under 5 MB" >&2; exit 1; }
