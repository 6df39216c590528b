// Loads every .bpmn file of a folder into bpmn-js (the modeler of bpmn.io and Camunda
// Modeler) in headless Chromium, fails on any import warning or error, and takes a screenshot
// of each. Usage: node check.mjs BPMN_DIR SCREENSHOT_DIR
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join, resolve, basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const [dir, shots] = process.argv.slice(2);
if (!dir || !shots) {
  console.error('usage: node check.mjs BPMN_DIR SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const here = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort();
if (files.length === 0) {
  console.error(`no .bpmn files in ${dir}`);
  process.exit(2);
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--allow-file-access-from-files',
  ],
});
let failed = 0;
try {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') pageErrors.push(m.text());
  });
  await page.setViewport({ width: 1600, height: 1000 });
  await page.goto(pathToFileURL(join(here, 'page.html')).href);
  await page.waitForFunction('typeof window.show === "function" && typeof window.BpmnJS === "function"');
  for (const f of files) {
    pageErrors.length = 0;
    const xml = readFileSync(join(dir, f), 'utf8');
    const r = await page.evaluate((x) => window.show(x), xml);
    const problems = [...(r.error ? [r.error] : []), ...r.warnings, ...pageErrors];
    if (problems.length > 0 || r.shapes === 0) {
      failed += 1;
      console.log(`FAIL ${f}: ${problems.join(' | ') || 'nothing drawn'}`);
    } else {
      console.log(`ok   ${f}: ${r.shapes} elements`);
    }
    await page.screenshot({ path: join(shots, `${basename(f, '.bpmn')}.png`) });
  }
} finally {
  await browser.close();
}
console.log(`${files.length - failed} of ${files.length} files imported by bpmn-js without warnings`);
process.exit(failed === 0 ? 0 : 1);
