#!/usr/bin/env bash
# BPMN checks that need more than cargo: every example and group exported with
# `quytrinh render --format bpmn` must
#   - validate against the OMG BPMN 2.0 XSD (the copy in PyPI's spiffworkflow),
#   - parse with SpiffWorkflow's BpmnParser (a workflow engine's parser),
#   - import into bpmn-js (bpmn.io, Camunda Modeler's modeler) in headless Chromium with no
#     warning; a screenshot of each is taken (BPMN_SCREENSHOTS=DIR keeps them);
#   - read back with `quytrinh import bpmn` into a model that passes `quytrinh check`.
# The hand-drawn Camunda-style files in tests/bpmn must validate against the XSD and load in
# bpmn-js too. Installs only what is missing: graphviz, chromium (apt), spiffworkflow and lxml
# (pip), tests/bpmn-js/node_modules (npm ci).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive PUPPETEER_SKIP_DOWNLOAD=1

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "DejaVu Sans" || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt: ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! python3 -c "import SpiffWorkflow, lxml" >/dev/null 2>&1; then
  echo "== pip: spiffworkflow lxml"
  python3 -m pip install -q spiffworkflow lxml
fi
if [ ! -d tests/bpmn-js/node_modules/bpmn-js ] || [ ! -d tests/bpmn-js/node_modules/puppeteer-core ]; then
  echo "== npm ci (tests/bpmn-js)"
  (cd tests/bpmn-js && npm ci --no-audit --no-fund --loglevel=error)
fi

# QUYTRINH=target/release/quytrinh uses a binary already built (e.g. by .ci/run).
quytrinh=${QUYTRINH:-}
if [ -z "$quytrinh" ]; then
  cargo build --locked -q -p quytrinh-cli
  quytrinh=target/debug/quytrinh
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shots=${BPMN_SCREENSHOTS:-$work/screenshots}

echo "== export"
"$quytrinh" render --format bpmn -o "$work/bpmn" examples examples/groups examples/to-be 2>/dev/null
echo "   $(ls "$work/bpmn" | wc -l) BPMN files"

echo "== XSD and SpiffWorkflow"
python3 scripts/ci/bpmn_check.py "$work"/bpmn/*.bpmn
python3 scripts/ci/bpmn_check.py --xsd-only tests/bpmn/*.bpmn

echo "== bpmn-js in headless Chromium"
node tests/bpmn-js/check.mjs "$work/bpmn" "$shots"
mkdir -p "$work/drawn"
cp tests/bpmn/*.bpmn "$work/drawn/"
node tests/bpmn-js/check.mjs "$work/drawn" "$shots/drawn"

echo "== import back"
for f in "$work"/bpmn/*.bpmn tests/bpmn/*.bpmn; do
  json="$work/$(basename "$f" .bpmn).imported.json"
  "$quytrinh" import bpmn "$f" -o "$json" 2>/dev/null || { echo "import failed: $f" >&2; "$quytrinh" import bpmn "$f" >/dev/null; exit 1; }
  "$quytrinh" check "$json" >/dev/null
done
echo "   every file imports into a model that passes quytrinh check"
