#!/usr/bin/env bash
# End-to-end performance run: builds release, generates catalogues of N procedures with
# quytrinh-gen, and measures wall time, CPU time and peak RSS (GNU time) of
#   quytrinh check FILE
#   quytrinh analyze --format json FILE > /dev/null
#   quytrinh render -o DIR FILE            (DOT)
# against the floor: quytrinh-floor FILE, a single-threaded parse of each line into a
# serde_json::Value (dropped at once; `floor --keep` holds them all, for memory).
# Prints a markdown table: ratio to the floor, RSS / input size, and the growth exponent
# log(t2/t1)/log(n2/n1) from the previous size, for time and memory.
#
# Usage: scripts/perf.sh [N ...]          (default: 1000 10000 100000)
# Env:   PERF_REPEAT=R  runs each command R times and keeps the fastest (default 1)
#        PERF_SEED=S    generator seed (default 1)
#        PERF_KEEP=1    keeps the temporary folder
#        PERF_RENDER_MAX=N  measures render only up to N procedures (default 10000: the
#                       target is for 10,000, and 100,000 DOT files take minutes and gigabytes)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000 100000)
repeat=${PERF_REPEAT:-1}
seed=${PERF_SEED:-1}
render_max=${PERF_RENDER_MAX:-10000}

if [ ! -x /usr/bin/time ]; then
  echo "perf.sh needs GNU time at /usr/bin/time: install it with 'apt-get install -y time'" >&2
  exit 1
fi

echo "building release (quytrinh, quytrinh-gen, quytrinh-floor)…" >&2
cargo build --release --quiet -p quytrinh-cli -p quytrinh-gen >&2
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="$target/release"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/quytrinh-perf.XXXXXX")
if [ "${PERF_KEEP:-0}" != 1 ]; then trap 'rm -rf "$tmp"' EXIT; else echo "keeping $tmp" >&2; fi

# measure CMD...: runs CMD (stdout to /dev/null) $repeat times; prints "wall rss_kb cpu" of the
# fastest run.
measure() {
  local best="" line wall rss user sys status
  for _ in $(seq "$repeat"); do
    # @OUT@ (render's folder) is a new empty folder each run: ext4 creates files more slowly
    # in a folder just emptied (it looks for inodes not recently deleted), as no user run does.
    local out args=() a
    out=$(mktemp -d "$tmp/out.XXXXXX")
    for a in "$@"; do args+=("${a//@OUT@/$out}"); done
    status=0
    /usr/bin/time -f "%e %M %U %S" -o "$tmp/time" "${args[@]}" >/dev/null 2>"$tmp/stderr" || status=$?
    if [ "$status" -ne 0 ]; then
      echo "failed (exit $status): $*" >&2
      tail -5 "$tmp/stderr" >&2
      echo "FAIL 0 0"
      return
    fi
    read -r wall rss user sys < <(tail -1 "$tmp/time")
    line="$wall $rss $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
    if [ -z "$best" ] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
      best=$line
    fi
  done
  echo "$best"
}

declare -A wall rss cpu bytes
commands=(floor "floor --keep" check "analyze json" "render dot")
for n in "${sizes[@]}"; do
  file="$tmp/catalog-$n.jsonl"
  echo "generating $n procedures…" >&2
  "$bin/quytrinh-gen" --procedures "$n" --seed "$seed" -o "$file"
  bytes[$n]=$(stat -c %s "$file")
  for c in "${commands[@]}"; do
    echo "  $c ($n)…" >&2
    case $c in
      floor) r=$(measure "$bin/quytrinh-floor" "$file") ;;
      "floor --keep") r=$(measure "$bin/quytrinh-floor" "$file" --keep) ;;
      check) r=$(measure "$bin/quytrinh" check "$file") ;;
      "analyze json") r=$(measure "$bin/quytrinh" analyze --format json "$file") ;;
      "render dot")
        if [ "$n" -le "$render_max" ]; then
          r=$(measure "$bin/quytrinh" render -o @OUT@ "$file")
        else
          r="SKIP 0 0"
        fi ;;
    esac
    read -r w m u <<<"$r"
    wall[$c,$n]=$w; rss[$c,$n]=$m; cpu[$c,$n]=$u
  done
  rm -f "$file"
done

echo
echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(rustc --version); load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d)"
echo
echo "| N | input MB | command | wall s | CPU s | peak RSS MB | wall / floor | RSS / input | time exp. | RSS exp. |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
prev=""
for n in "${sizes[@]}"; do
  for c in "${commands[@]}"; do
    awk -v n="$n" -v b="${bytes[$n]}" -v c="$c" -v w="${wall[$c,$n]}" -v m="${rss[$c,$n]}" \
        -v u="${cpu[$c,$n]}" -v f="${wall[floor,$n]}" -v pn="$prev" \
        -v pw="${wall[$c,$prev]:-}" -v pm="${rss[$c,$prev]:-}" '
      function exp_(a, b, na, nb) { return (a > 0 && b > 0) ? sprintf("%.2f", log(b / a) / log(nb / na)) : "–" }
      BEGIN {
        if (w == "FAIL") { printf "| %d | %.1f | %s | failed | | | | | | |\n", n, b / 1e6, c; exit }
        if (w == "SKIP") { printf "| %d | %.1f | %s | not run (PERF_RENDER_MAX) | | | | | | |\n", n, b / 1e6, c; exit }
        ratio = (f > 0) ? sprintf("%.2f×", w / f) : "–"
        te = (pn != "" && pw != "" && pw != "FAIL" && pw != "SKIP") ? exp_(pw, w, pn, n) : "–"
        me = (pn != "" && pm != "" && pw != "FAIL" && pw != "SKIP") ? exp_(pm, m, pn, n) : "–"
        printf "| %d | %.1f | %s | %.2f | %.2f | %.1f | %s | %.2f | %s | %s |\n",
               n, b / 1e6, c, w, u, m / 1024, ratio, m * 1024 / b, te, me
      }'
  done
  prev=$n
done
