// Bundles src/ into assets/ with esbuild (run by build.sh).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// `node build.mjs --outdir DIR` writes elsewhere (CI compares with the committed assets).
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? process.argv[at + 1] : 'assets';
const stub = fileURLToPath(new URL('./src/markdown-stub.js', import.meta.url));
// codemirror-json-schema renders descriptions as Markdown with shiki (megabytes of grammars);
// the page shows them as plain text.
const noShiki = {
  name: 'no-shiki',
  setup(b) {
    b.onResolve({ filter: /utils\/markdown(\.js)?$/ }, (args) =>
      args.importer.includes('codemirror-json-schema') ? { path: stub } : undefined);
  },
};
const js = await build({
  entryPoints: { app: 'src/main.js' },
  metafile: true,
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2020',
  outdir,
  legalComments: 'none',
  plugins: [noShiki],
  logLevel: 'warning',
});
await build({
  entryPoints: { app: 'src/style.css' },
  bundle: true,
  minify: true,
  outdir,
  logLevel: 'warning',
});

// The licence of every npm package the bundle holds, from the bundle's own inputs.
const packages = new Set();
const copies = new Map();
for (const input of Object.keys(js.metafile.inputs)) {
  const m = input.match(/^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//);
  if (!m) continue;
  packages.add(m[2]);
  copies.set(m[2], (copies.get(m[2]) ?? new Set()).add(m[1]));
}
// Two copies of a CodeMirror or Lezer package break the editor at run time (its extensions and
// node types are compared by identity): pin versions in package.json that share one copy.
for (const [name, dirs] of copies) {
  if (dirs.size > 1 && /^@(codemirror|lezer)\//.test(name)) {
    throw new Error(`the bundle holds ${dirs.size} copies of ${name}: ${[...dirs].join(', ')}`);
  }
}
let out = 'The page of `quytrinh serve` (assets/app.js) bundles these npm packages, each under its own licence.\n'
  + 'The rest of app.js and app.css is quytrinh\'s own code (MIT).\n';
for (const name of [...packages].sort()) {
  const dir = [...copies.get(name)][0];
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  out += `\n${'='.repeat(78)}\n${pkg.name} ${pkg.version} — ${pkg.license}\n${'='.repeat(78)}\n`;
  out += file ? readFileSync(join(dir, file), 'utf8').trim() + '\n' : `(no licence file in the package; package.json says ${pkg.license})\n`;
}
for (const f of readdirSync('third-party').sort()) {
  out += `\n${'='.repeat(78)}\n${f.replace(/\.txt$/, '')}\n${'='.repeat(78)}\n${readFileSync(join('third-party', f), 'utf8')}`;
}
writeFileSync(join(outdir, 'LICENSES.txt'), out);
