// End-to-end test of `quytrinh serve` in real headless Chromium (scripts/ci/serve.sh).
// Usage: node e2e.mjs QUYTRINH_BINARY [SCREENSHOT_DIR]
//
// Serves a copy of the bundled examples, opens the page, changes a step's channel in the form,
// sees the level and the diagram change, clicks a blocker (its step is highlighted in the
// diagram and its line in the editor), saves and reads the file on disk, then checks the
// refusals: a save after the file changed on disk, a path outside the folder, a cross-origin
// POST from another origin's page and from outside the browser, a foreign Host header.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const [binary, shots] = process.argv.slice(2);
if (!binary) {
  console.error('usage: node e2e.mjs QUYTRINH_BINARY [SCREENSHOT_DIR]');
  process.exit(2);
}
const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const work = mkdtempSync(join(tmpdir(), 'quytrinh-serve-e2e-'));
const folder = join(work, 'ho-so');
mkdirSync(folder);
for (const f of readdirSync(join(repo, 'examples')).filter((f) => f.endsWith('.json'))) {
  cpSync(join(repo, 'examples', f), join(folder, f));
}
cpSync(join(repo, 'examples', 'groups'), join(folder, 'groups'), { recursive: true });
writeFileSync(join(work, 'secret.json'), '{"secret": true}\n');

let passed = 0;
let failed = 0;
function check(what, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok   ${what}`);
  } else {
    failed += 1;
    console.log(`FAIL ${what} ${detail}`);
  }
}

const server = spawn(resolve(binary), ['serve', folder, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((res, rej) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/http:\/\/\S+\//);
    if (m) res(m[0]);
  });
  server.on('exit', (code) => rej(new Error(`quytrinh serve exited with ${code}`)));
  setTimeout(() => rej(new Error('quytrinh serve printed no URL in 20 s')), 20000);
});
const { port } = new URL(url);
console.log(`serving ${folder} on ${url}`);

// Another origin, for the cross-site attempts: a blank page on another port.
const other = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html' });
  res.end('<!doctype html><title>another site</title>');
});
await new Promise((r) => other.listen(0, '127.0.0.1', r));
const otherUrl = `http://127.0.0.1:${other.address().port}/`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
const file = 'khai-sinh.json';
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', async (m) => {
    if (m.type() !== 'error') return;
    // The refusals this test provokes are logged by the browser as failed loads.
    if (/status of (403|409)/.test(m.text())) return;
    const args = await Promise.all(m.args().map((a) => a.evaluate((e) => (e && e.stack) || String(e)).catch(() => '?')));
    errors.push(`${m.text()} ${args.join(' ')}`);
  });
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.accept(); });
  await page.setViewport({ width: 1920, height: 1080 });
  await page.goto(`${url}#${file}`);
  await page.waitForSelector('#level-label', { timeout: 30000 });
  await page.waitForSelector('#diagram svg g.node', { timeout: 30000 });
  const before = await page.evaluate(() => ({
    level: document.querySelector('#level-label').dataset.level,
    label: document.querySelector('#level-label').textContent,
    svg: document.querySelector('#diagram svg').outerHTML,
    files: [...document.querySelectorAll('#file-list a')].map((a) => a.dataset.path),
  }));
  check('the page lists the folder\'s files', before.files.includes(file) && before.files.includes('groups/lien-thong-khai-tu.json'), before.files.join(' '));
  check(`the level is shown (${before.label})`, before.level === 'full_online', before.level);

  // Form mode: the first step's channel, online -> in person.
  await page.click('#mode-form');
  const sel = 'select[data-step="nop"][data-field="channel"]';
  await page.waitForSelector(sel);
  const updates = await page.evaluate(() => Number(document.body.dataset.updates || 0));
  await page.select(sel, 'in_person');
  await page.waitForFunction((n) => Number(document.body.dataset.updates || 0) > n, { timeout: 20000 }, updates);
  await page.waitForSelector('#diagram svg');
  const after = await page.evaluate(() => ({
    level: document.querySelector('#level-label').dataset.level,
    label: document.querySelector('#level-label').textContent,
    svg: document.querySelector('#diagram svg').outerHTML,
    blockers: document.querySelectorAll('#blockers .blocker').length,
    text: window.quytrinh.view.state.doc.toString(),
  }));
  check(`the level changes with the channel (${before.label} -> ${after.label})`, after.level !== before.level && after.level !== 'full_online', after.level);
  check('the diagram is redrawn', after.svg !== before.svg);
  check('a blocker is listed', after.blockers > 0);
  check('the form wrote the editor\'s text', JSON.parse(after.text).procedure.steps.find((s) => s.id === 'nop').channel === 'in_person');
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'serve-form.png') });
  }

  // Back to the editor; click the blocker of step `nop`.
  await page.click('#mode-json');
  const blocker = await page.$('#blockers .blocker[data-node="s0"]');
  check('the blocker names its step\'s node', blocker !== null);
  if (blocker) {
    await blocker.click();
    const hl = await page.evaluate(() => {
      const g = document.querySelector('#diagram g.node.qt-hl');
      const line = document.querySelector('.cm-qt-hl');
      return { node: g && g.querySelector('title').textContent, line: line && line.textContent };
    });
    check('clicking the blocker highlights its step in the diagram', hl.node === 's0', JSON.stringify(hl));
    check('and its line in the editor', hl.line !== null && /\{/.test(hl.line), JSON.stringify(hl));
  }
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'serve.png') });
  }

  // Save; the file on disk holds the change.
  await page.click('#save');
  await page.waitForFunction(() => document.querySelector('#status').className === 'good', { timeout: 10000 });
  const saved = JSON.parse(readFileSync(join(folder, file), 'utf8'));
  check('save wrote the file on disk', saved.procedure.steps.find((s) => s.id === 'nop').channel === 'in_person');
  check('no temporary file is left', readdirSync(folder).every((f) => !f.startsWith('.quytrinh')));

  // The to-be tab.
  await page.click('.tabs button[data-tab="tobe"]');
  await page.waitForSelector('#tobe-diagram svg', { timeout: 30000 });
  const tobe = await page.evaluate(() => document.querySelector('#tobe-summary').textContent);
  check(`the to-be tab shows the re-engineered level (${tobe.trim()})`, /→/.test(tobe));
  if (shots) await page.screenshot({ path: join(shots, 'serve-to-be.png') });
  await page.click('.tabs button[data-tab="diagram"]');

  // The file changes on disk behind the page: the next save is refused, the disk untouched.
  const elsewhere = readFileSync(join(folder, file), 'utf8').replace('Đăng ký khai sinh', 'Đăng ký khai sinh (sửa nơi khác)');
  writeFileSync(join(folder, file), elsewhere);
  await page.evaluate(() => {
    const v = window.quytrinh.view;
    v.dispatch({ changes: { from: v.state.doc.length, insert: ' ' } });
  });
  await page.click('#save');
  for (let i = 0; i < 100 && dialogs.length === 0; i += 1) await new Promise((r) => setTimeout(r, 100));
  const shown = await page.evaluate(() => document.querySelector('#status').className);
  check('a save after the file changed on disk is refused with a message', dialogs.length === 1 && /thay đổi trên đĩa/.test(dialogs[0]) && shown === 'bad', `${dialogs.join(' | ')} ${shown}`);
  check('the file changed elsewhere is kept', readFileSync(join(folder, file), 'utf8') === elsewhere);

  // A path outside the folder, from the page.
  const outside = await page.evaluate(async (abs) => {
    const codes = [];
    for (const p of ['../secret.json', 'groups/../../secret.json', abs]) {
      codes.push((await fetch(`/api/file?path=${encodeURIComponent(p)}`)).status);
    }
    const save = await fetch('/api/save', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ path: '../secret.json', text: '{}', version: '' }) });
    codes.push(save.status);
    return codes;
  }, join(work, 'secret.json'));
  check(`paths outside the folder are refused (${outside.join(', ')})`, outside.every((c) => c === 403));
  check('the file outside is untouched', readFileSync(join(work, 'secret.json'), 'utf8') === '{"secret": true}\n');

  // A page of another origin tries to write.
  const evil = await browser.newPage();
  await evil.goto(otherUrl);
  const cross = await evil.evaluate(async (target) => {
    const body = JSON.stringify({ path: 'khai-sinh.json', text: '{"pwned": true}', version: '' });
    const out = {};
    try {
      const r = await fetch(`${target}api/save`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      out.json = r.status;
    } catch (e) {
      out.json = `blocked: ${e.name}`;
    }
    try {
      await fetch(`${target}api/save`, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body });
      out.simple = 'sent';
    } catch (e) {
      out.simple = `blocked: ${e.name}`;
    }
    return out;
  }, url);
  await evil.close();
  await page.bringToFront();
  check(`a cross-origin POST from another page changes nothing (${JSON.stringify(cross)})`, readFileSync(join(folder, file), 'utf8') === elsewhere);

  // Outside the browser: another Origin, and a foreign Host (DNS rebinding).
  const raw = (headers) => new Promise((res) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/api/save', method: 'POST', headers }, (r) => {
      r.resume();
      r.on('end', () => res(r.statusCode));
    });
    req.on('error', (e) => res(String(e)));
    req.end(JSON.stringify({ path: 'khai-sinh.json', text: '{}', version: '' }));
  });
  const evilOrigin = await raw({ 'Content-Type': 'application/json', Origin: 'http://evil.example', Host: `127.0.0.1:${port}` });
  check(`a POST with another Origin is refused (${evilOrigin})`, evilOrigin === 403);
  const rebind = await raw({ 'Content-Type': 'application/json', Origin: `http://evil.example:${port}`, Host: `evil.example:${port}` });
  check(`a request whose Host is another name is refused (${rebind})`, rebind === 403);
  check('the file is still the one written elsewhere', readFileSync(join(folder, file), 'utf8') === elsewhere);

  // A bad model: shown, the server keeps answering.
  await page.evaluate(() => {
    const v = window.quytrinh.view;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: '{"procedure": {"code": 1}}' } });
  });
  await page.waitForFunction(() => document.querySelector('#problems .diag.err'), { timeout: 10000 });
  const problem = await page.evaluate(() => document.querySelector('#problems .diag.err').textContent);
  check(`a bad model is shown in the page (${problem.slice(0, 60)}…)`, /khai-sinh\.json:1:/.test(problem));
  const alive = await page.evaluate(async () => (await fetch('/api/files')).status);
  check('the server keeps answering', alive === 200);
  check('no script error in the page', errors.length === 0, errors.join(' | '));
} finally {
  await browser.close();
  server.kill('SIGTERM');
  other.close();
  rmSync(work, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
