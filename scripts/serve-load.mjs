// Load test of `quytrinh serve` on loopback (docs/PERFORMANCE.md, "quytrinh serve").
// Usage: node scripts/serve-load.mjs [QUYTRINH_BINARY] [EDITS]
//
// Serves a copy of the bundled examples and, for every example file, sends EDITS (200)
// updates in a row, as the page does while one types: each edit changes a step's channel
// (online <-> in person) and its name. Reports, per file, the server's time per update (model
// in -> findings and DOT out, as the server measures it: `server_ms`), the round trip, and the
// server's resident memory (VmRSS) before and after. Exits 1 if an update takes 100 ms or more
// or the memory grows by 10 MB or more over a file's edits. Not a test: run it by hand on a
// release build and record the figures.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const binary = resolve(process.argv[2] ?? join(repo, 'target/release/quytrinh'));
const edits = Number(process.argv[3] ?? 200);
const work = mkdtempSync(join(tmpdir(), 'quytrinh-serve-load-'));
const folder = join(work, 'examples');
cpSync(join(repo, 'examples'), folder, { recursive: true });
const files = ['', 'groups', 'to-be'].flatMap((d) => readdirSync(join(folder, d))
  .filter((f) => f.endsWith('.json'))
  .map((f) => (d ? `${d}/${f}` : f)));

const server = spawn(binary, ['serve', folder, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
const url = await new Promise((res, rej) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/http:\/\/\S+\//);
    if (m) res(m[0]);
  });
  server.on('exit', (c) => rej(new Error(`quytrinh serve exited with ${c}`)));
});
const origin = url.replace(/\/$/, '');
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024;

async function update(path, text) {
  const res = await fetch(`${url}api/update`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ path, text }),
  });
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

// The step objects of a document (a procedure's, or the inline members' of a group).
function stepsOf(doc) {
  const out = [];
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (Array.isArray(v.steps)) out.push(...v.steps);
      Object.values(v).forEach(walk);
    }
  };
  walk(doc);
  return out;
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const rows = [];
let bad = false;
const start = rss();
for (const path of files) {
  const original = readFileSync(join(folder, path), 'utf8');
  const doc = JSON.parse(original);
  const steps = stepsOf(doc);
  const first = await update(path, original); // warm: the first update of a file
  if (!first.ok) throw new Error(`${path} does not load: ${JSON.stringify(first.diagnostics)}`);
  const before = rss();
  const server = [];
  const trip = [];
  for (let i = 0; i < edits; i += 1) {
    const step = steps[i % Math.max(1, steps.length)];
    if (step) {
      step.channel = i % 2 === 0 ? 'in_person' : 'online';
      step.name = `${String(step.name).replace(/ \(\d+\)$/, '')} (${i})`;
    }
    const t0 = performance.now();
    const u = await update(path, `${JSON.stringify(doc, null, 2)}\n`);
    trip.push(performance.now() - t0);
    server.push(u.server_ms);
  }
  const after = rss();
  const row = {
    path,
    kb: Math.round(original.length / 1024),
    median: pct(server, 0.5),
    p95: pct(server, 0.95),
    max: Math.max(...server),
    trip: pct(trip, 0.5),
    before,
    after,
  };
  if (row.max >= 100 || after - before >= 10) bad = true;
  rows.push(row);
}
const end = rss();
server.kill('SIGTERM');
rmSync(work, { recursive: true, force: true });

const f = (n, d = 1) => n.toFixed(d);
console.log(`${edits} edits in a row per file, ${files.length} files; server: ${binary}`);
console.log('| file | KB | server ms median | p95 | max | round trip ms median | RSS before → after (MB) |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.path} | ${r.kb} | ${f(r.median, 2)} | ${f(r.p95, 2)} | ${f(r.max, 2)} | ${f(r.trip, 2)} | ${f(r.before)} → ${f(r.after)} |`);
}
console.log(`RSS over the whole run (${files.length * (edits + 1)} updates): ${f(start)} → ${f(end)} MB`);
console.log(bad ? 'OVER A LIMIT (100 ms per update, 10 MB growth)' : 'within the limits: every update < 100 ms, growth < 10 MB per file');
process.exit(bad ? 1 : 0);
