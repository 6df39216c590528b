#!/bin/sh
# Times the mdBook preprocessor alone (not `mdbook build`) over the project's book, twice with
# one fresh Graphviz cache: the first run draws every diagram, the second takes them from the
# cache (issue 17). Prints both times, the counters of each run and the ratio.
#
#   scripts/mdbook-cache-timing.sh [path/to/quytrinh]   (default: target/release/quytrinh)
set -eu
cd "$(dirname "$0")/.."
bin=${1:-target/release/quytrinh}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# mdBook's [context, book] input for docs/: every chapter of docs/src, as mdBook sends it.
python3 - "$PWD/docs" > "$work/input.json" <<'PY'
import json, os, sys
root = sys.argv[1]
src = os.path.join(root, "src")
items = []
for dirpath, _, names in sorted(os.walk(src)):
    for n in sorted(names):
        if n.endswith(".md") and n != "SUMMARY.md":
            p = os.path.join(dirpath, n)
            rel = os.path.relpath(p, src)
            items.append({"Chapter": {"name": rel, "content": open(p, encoding="utf-8").read(),
                                      "number": None, "sub_items": [], "path": rel,
                                      "source_path": rel, "parent_names": []}})
ctx = {"root": root, "config": {"book": {"src": "src"},
       "preprocessor": {"quytrinh": {"command": "quytrinh mdbook", "read-root": ".."}}},
       "renderer": "html", "mdbook_version": "0.5.4"}
print(json.dumps([ctx, {"items": items}]))
PY
run() {
    start=$(date +%s.%N)
    XDG_CACHE_HOME="$work/cache" QUYTRINH_COUNTERS=1 "$bin" mdbook < "$work/input.json" > "$work/out$1.json" 2> "$work/err$1"
    end=$(date +%s.%N)
    echo "run $1: $(echo "$end - $start" | bc) s; $(grep 'quytrinh counters' "$work/err$1")"
    echo "$end - $start" | bc > "$work/t$1"
}
run 1
run 2
cmp -s "$work/out1.json" "$work/out2.json" && echo "same book both times"
echo "ratio: $(echo "scale=1; $(cat "$work/t1") / $(cat "$work/t2")" | bc)"
