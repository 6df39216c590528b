#!/usr/bin/env bash
# CI for `quytrinh import table`: writes the Excel and Word fixtures afresh with real office
# libraries (openpyxl, python-docx; installed only when missing), imports every one of them
# with $QUYTRINH, checks the models, the published totals, and that TCVN3/VNI files are
# refused with exit code 2. The committed copies under tests/import/ are what `cargo test` reads.
set -euo pipefail
cd "$(dirname "$0")/../.."
QUYTRINH=${QUYTRINH:-target/release/quytrinh}

if ! python3 -c "import openpyxl, docx" >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check openpyxl python-docx
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/ci/import_fixtures.py "$work"
cp tests/import/real/cao-bang-2022-qd-ubnd.csv "$work/"

for f in built.csv built.xlsx built.docx cao-bang-2022-qd-ubnd.csv cao-bang-2022-qd-ubnd.docx; do
  out="$work/${f}.jsonl"
  "$QUYTRINH" import table "$work/$f" -o "$out" --report "$work/${f}.md" 2>"$work/${f}.log"
  procedures=$(wc -l <"$out")
  published=$(grep -c "the table publishes" "$work/${f}.log" || true)
  if [ "$procedures" -ne 6 ] || [ "$published" -ne 6 ] || grep -q "they differ" "$work/${f}.log"; then
    echo "import of $f: $procedures procedures, $published published totals" >&2
    cat "$work/${f}.log" >&2
    exit 1
  fi
  "$QUYTRINH" check "$out" >/dev/null
  echo "   $f: 6 procedures, the steps add up to each published total, check passes"
done

for f in tcvn3.docx tcvn3.csv vni.xlsx; do
  status=0
  "$QUYTRINH" import table "$work/$f" >/dev/null 2>"$work/${f}.log" || status=$?
  if [ "$status" -ne 2 ] || ! grep -q "Unikey" "$work/${f}.log"; then
    echo "$f: expected a refusal with exit code 2, got $status" >&2
    cat "$work/${f}.log" >&2
    exit 1
  fi
  echo "   $f: refused (exit 2) with how to convert it"
done
