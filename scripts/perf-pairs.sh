#!/usr/bin/env bash
# Interleaved floor/analyze pairs on one generated catalogue: the figure of the
# `analyze --format json` target (within 1.5x of the JSON-parse floor), robust to a host whose
# speed drifts between runs. Each pair runs the floor (quytrinh-floor: a single-threaded parse
# of each line into a serde_json::Value) and then `quytrinh analyze --format json`, back to back;
# the ratio of each pair is printed, then the median ratio.
#
# Usage: scripts/perf-pairs.sh [N] [PAIRS]      (default: 100000 procedures, 5 pairs)
# Env:   PERF_SEED=S generator seed (default 1); PERF_KEEP=1 keeps the catalogue.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
n=${1:-100000}
pairs=${2:-5}
seed=${PERF_SEED:-1}
cargo build --release --quiet -p quytrinh-cli -p quytrinh-gen >&2
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="$target/release"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/quytrinh-pairs.XXXXXX")
if [ "${PERF_KEEP:-0}" != 1 ]; then trap 'rm -rf "$tmp"' EXIT; else echo "keeping $tmp" >&2; fi
file="$tmp/catalog.jsonl"
"$bin/quytrinh-gen" --procedures "$n" --seed "$seed" -o "$file" >&2
# The catalogue written out and read once before the first pair: neither the writeback of the
# new file nor a cold page cache falls on the first runs.
sync
cat "$file" > /dev/null
wall() { /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }; cat "$tmp/t"; }
ratios=()
echo "| pair | floor s | analyze s | analyze peak RSS MB | ratio |"
echo "|---:|---:|---:|---:|---:|"
for i in $(seq "$pairs"); do
  read -r f _ < <(wall "$bin/quytrinh-floor" "$file")
  read -r a rss < <(wall "$bin/quytrinh" analyze --format json "$file")
  r=$(awk -v a="$a" -v f="$f" 'BEGIN { printf "%.2f", a / f }')
  ratios+=("$r")
  echo "| $i | $f | $a | $(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }') | ${r}× |"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo
echo "input: $(du -m "$file" | cut -f1) MB, $n procedures; median ratio of $pairs pairs: ${median}×"
