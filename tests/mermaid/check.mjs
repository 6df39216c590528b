// Renders every Mermaid file given (quytrinh's `render --format mermaid` output) with the real
// Mermaid library in headless Chromium, and fails on any error.
//
// Usage: node check.mjs FILE.mmd…   (CHROMIUM overrides /usr/bin/chromium)
//
// Each diagram must parse and lay out without error, and its SVG must hold every step number
// the file declares (`B1 · …` / `S1 · …`), every lane title, and the start marker: a diagram
// that Mermaid drew but emptied would pass a parse check alone. The marks must be drawn too:
// every class the file gives a node (blocker, law, strategy, optional, …) must be on that
// node in the SVG, and every edge style (the critical path, refusals, rework) must reach an
// edge.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const mermaidPath = require.resolve("mermaid/dist/mermaid.min.js");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node check.mjs FILE.mmd…");
  process.exit(2);
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

let failed = 0;
try {
  const page = await browser.newPage();
  await page.setContent("<!DOCTYPE html><html><body></body></html>");
  await page.addScriptTag({ path: mermaidPath });
  await page.evaluate(() => {
    // The settings a page that shows user text must use.
    globalThis.mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
  });
  for (const [i, file] of files.entries()) {
    const text = readFileSync(file, "utf8");
    // What the rendered SVG must show: step numbers, lane titles, the start marker.
    const expected = [
      ...[...text.matchAll(/<b>([BS]\d+) · /g)].map((m) => m[1]),
      ...[...text.matchAll(/subgraph \w+\["([^"#]*)"\]/g)].map((m) => m[1]),
    ];
    // The classes given to nodes (`class s1,s3 blocker`), and the edge strokes (`linkStyle 4
    // stroke:#1a237e,…`).
    const classed = [...text.matchAll(/^\s*class (\S+) (\w+)$/gm)].flatMap((m) =>
      m[1].split(",").map((node) => [node, m[2]]),
    );
    const strokes = [...new Set([...text.matchAll(/^\s*linkStyle \d+ stroke:(#[0-9a-f]{6})/gm)].map((m) => m[1]))];
    const result = await page.evaluate(
      async (source, id, classed) => {
        try {
          const { svg } = await globalThis.mermaid.render(id, source);
          // Text as the reader sees it (labels are HTML inside foreignObject).
          const holder = document.createElement("div");
          holder.innerHTML = svg;
          // Each classed node as drawn: Mermaid's node ids are `<diagram>-flowchart-<id>-<n>`.
          const unclassed = classed
            .filter(([node, cls]) => {
              const g = [...holder.querySelectorAll("g.node")].find((e) =>
                new RegExp(`-${node}-\\d+$`).test(e.id),
              );
              return !g || !g.classList.contains(cls);
            })
            .map(([node, cls]) => `${node} ${cls}`);
          return { ok: true, text: holder.textContent, svg, bytes: svg.length, unclassed };
        } catch (e) {
          return { ok: false, error: String(e && e.message ? e.message : e) };
        }
      },
      text,
      `diagram${i}`,
      classed,
    );
    if (!result.ok) {
      failed += 1;
      console.error(`FAIL ${file}: ${result.error}`);
      continue;
    }
    if (/<script|\son\w+=/i.test(result.svg)) {
      failed += 1;
      console.error(`FAIL ${file}: the rendered SVG holds a script or an event handler`);
      continue;
    }
    if (result.unclassed.length > 0) {
      failed += 1;
      console.error(`FAIL ${file}: nodes drawn without their class: ${JSON.stringify(result.unclassed)}`);
      continue;
    }
    const unstroked = strokes.filter((c) => !result.svg.includes(`stroke:${c}`));
    if (unstroked.length > 0) {
      failed += 1;
      console.error(`FAIL ${file}: no edge drawn in ${JSON.stringify(unstroked)}`);
      continue;
    }
    const missing = expected.filter((t) => !result.text.includes(t));
    if (missing.length > 0) {
      failed += 1;
      console.error(`FAIL ${file}: the rendered diagram lacks ${JSON.stringify(missing)}`);
      continue;
    }
    console.log(
      `ok   ${file} (${result.bytes} bytes of SVG, ${expected.length} labels, ${classed.length} classed nodes, ${strokes.length} edge colours found)`,
    );
  }
} finally {
  await browser.close();
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
