#!/usr/bin/env bash
# Cold build and test time in CPU-seconds (docs/PERFORMANCE.md, "Build and test time").
#
#   scripts/build-time.sh COMMIT [release|test ...]
#
# For each phase: the commit's files in a new folder, a new CARGO_TARGET_DIR (both deleted
# afterwards), then under GNU time (`apt-get install -y time` if /usr/bin/time is missing)
#   release: cargo build --release --locked -p quytrinh-cli --timings
#   test:    cargo test --workspace --locked --no-run --timings, then cargo test --workspace
# Prints user + sys and wall time, and the rustc CPU-seconds of each crate (a RUSTC_WRAPPER
# times every rustc), largest first. Results stay in $BUILD_TIME_OUT (default
# /tmp/build-time-COMMIT): the *.time files, the --timings HTML, the per-crate list.
set -euo pipefail
commit=$1; shift
phases=("${@:-release test}")
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install -y time" >&2; exit 2; }
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
short=$(git -C "$repo" rev-parse --short "$commit")
out=${BUILD_TIME_OUT:-/tmp/build-time-$short}
mkdir -p "$out"
wrapper=$out/rustc-cpu.sh
cat > "$wrapper" <<'W'
#!/usr/bin/env bash
rustc=$1; shift
tf=$(mktemp); /usr/bin/time -f "%U %S" -o "$tf" "$rustc" "$@"; rc=$?
kind=lib; prev=
for a in "$@"; do [ "$prev" = --crate-type ] && kind=$a; [ "$a" = --test ] && kind=test; prev=$a; done
[ -n "${CARGO_PKG_NAME:-}" ] && echo "$CARGO_PKG_NAME@$CARGO_PKG_VERSION $kind $(cat "$tf")" >> "$RUSTC_CPU_LOG"
rm -f "$tf"; exit $rc
W
chmod +x "$wrapper"
cpu() { awk '/User time/ {u=$NF} /System time/ {s=$NF} /Elapsed/ {w=$NF} END {printf "%.0f CPU-s (user %.0f + sys %.0f), wall %s\n", u+s, u, s, w}' "$1"; }
for phase in ${phases[*]}; do
  src=$(mktemp -d); tgt=$(mktemp -d)
  git -C "$repo" archive "$commit" | tar -xf - -C "$src"
  log=$out/$phase.crates; : > "$log"
  echo "== $phase at $short (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  export CARGO_TARGET_DIR=$tgt RUSTC_WRAPPER=$wrapper RUSTC_CPU_LOG=$log CARGO_TERM_COLOR=never
  if [ "$phase" = release ]; then
    (cd "$src" && /usr/bin/time -v -o "$out/release.time" cargo build --release --locked -p quytrinh-cli --timings) > "$out/release.log" 2>&1
    echo "   build: $(cpu "$out/release.time")"
  else
    (cd "$src" && /usr/bin/time -v -o "$out/test-build.time" cargo test --workspace --locked --no-run --timings) > "$out/test-build.log" 2>&1
    echo "   build: $(cpu "$out/test-build.time")"
    (cd "$src" && /usr/bin/time -v -o "$out/test-run.time" cargo test --workspace --locked) > "$out/test-run.log" 2>&1
    echo "   run:   $(cpu "$out/test-run.time")"
  fi
  cp -r "$tgt/cargo-timings" "$out/$phase-timings"
  unset RUSTC_WRAPPER RUSTC_CPU_LOG CARGO_TARGET_DIR
  rm -rf "$src" "$tgt"
  echo "   rustc by crate (CPU-s), largest first:"
  awk '{s[$1]+=$3+$4} END {for (k in s) printf "%8.1f %s\n", s[k], k}' "$log" | sort -nr | head -15
done
