// The page of `quytrinh serve`: file list, editor (CodeMirror 6 with the format's JSON Schema),
// the diagram laid out in the page by Graphviz in WebAssembly (@viz-js/viz), the analysis panel,
// the step table, the to-be tab and a form mode. The server does the analysis; this script
// only shows it.
import { EditorView, basicSetup } from 'codemirror';
import { StateEffect, StateField } from '@codemirror/state';
import { Decoration } from '@codemirror/view';
import { linter, forceLinting } from '@codemirror/lint';
import { jsonSchema } from 'codemirror-json-schema';
import { instance as vizInstance } from '@viz-js/viz';
import { T, lang } from './i18n.js';

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
};

const state = {
  path: null, // the file shown, relative to the folder
  version: '', // the hash of the file as loaded or last saved
  saved: '', // its text then
  last: null, // the last update from the server
  seq: 0,
  shown: 0,
  tab: 'diagram',
  mode: 'json',
  zoom: 'fit',
  conflict: false,
  vizPromise: vizInstance(),
};

// ---- i18n of the static page
document.querySelectorAll('[data-i18n]').forEach((e) => {
  e.textContent = T[e.dataset.i18n];
});

function status(text, kind = '') {
  const s = $('status');
  s.textContent = text;
  s.className = kind;
}

// ---- the editor
const setHighlight = StateEffect.define();
const highlightField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setHighlight)) {
        deco = e.value === null
          ? Decoration.none
          : Decoration.set([Decoration.line({ class: 'cm-qt-hl' }).range(e.value)]);
      }
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// The server's diagnostics (file, line, column) as the editor's lint marks.
let serverDiagnostics = [];
const serverLinter = linter((view) => {
  const doc = view.state.doc;
  const out = [];
  for (const d of serverDiagnostics) {
    if (d.file !== state.path || !d.line || d.line > doc.lines) continue;
    const line = doc.line(d.line);
    const from = Math.min(line.from + Math.max(0, (d.column || 1) - 1), line.to);
    out.push({
      from,
      to: Math.max(from, line.to),
      severity: d.severity === 'warning' ? 'warning' : 'error',
      source: d.code,
      message: d.message + (d.help ? `\n${T.help}: ${d.help}` : ''),
    });
  }
  return out;
}, { delay: 0 });

let schema = {};
const view = new EditorView({
  parent: $('editor'),
  extensions: [
    basicSetup,
    EditorView.lineWrapping,
    highlightField,
    serverLinter,
    EditorView.updateListener.of((u) => {
      if (u.docChanged) onEdit();
    }),
  ],
});
window.quytrinh = { view, state }; // for tests and the console

function text() {
  return view.state.doc.toString();
}

function setText(t) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t } });
}

function highlightLine(n) {
  if (!n || n > view.state.doc.lines) return;
  const line = view.state.doc.line(n);
  view.dispatch({
    effects: [setHighlight.of(line.from), EditorView.scrollIntoView(line.from, { y: 'center' })],
    selection: { anchor: line.from },
  });
}

// ---- server calls
async function api(path, body) {
  const init = body === undefined
    ? {}
    : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(path, init);
  let data;
  try {
    data = await res.json();
  } catch {
    data = { error: `${res.status} ${res.statusText}` };
  }
  return { status: res.status, data };
}

// ---- files
async function loadFiles() {
  const { data } = await api('/api/files');
  $('folder').textContent = `${T.folder}: ${data.folder}`;
  const ul = $('file-list');
  ul.replaceChildren();
  for (const f of data.files || []) {
    ul.append(el('li', {}, el('a', { href: `#${encodeURIComponent(f)}`, 'data-path': f, onclick: (e) => { e.preventDefault(); openFile(f); } }, f)));
  }
  if (!data.files || data.files.length === 0) ul.append(el('li', { class: 'muted' }, T.noFiles));
  return data.files || [];
}

async function openFile(path) {
  if (state.path && text() !== state.saved && !window.confirm(T.discard)) return;
  const { status: code, data } = await api(`/api/file?path=${encodeURIComponent(path)}`);
  if (code !== 200) {
    status(data.error || String(code), 'bad');
    return;
  }
  state.path = data.path;
  state.version = data.version;
  state.saved = data.text;
  state.conflict = false;
  $('current').textContent = data.path;
  document.querySelectorAll('#file-list a').forEach((a) => a.classList.toggle('on', a.dataset.path === path));
  history.replaceState(null, '', `#${encodeURIComponent(path)}`);
  setText(data.text);
  view.dispatch({ effects: setHighlight.of(null) });
  status(T.loaded);
  refresh(0);
}

// ---- updates as one types
let timer = null;
function onEdit() {
  $('save').disabled = !state.path || text() === state.saved;
  refresh(300);
}

function refresh(delay) {
  clearTimeout(timer);
  timer = setTimeout(update, delay);
}

async function update() {
  if (!state.path) return;
  const seq = ++state.seq;
  const t = text();
  let res;
  try {
    res = await api('/api/update', { path: state.path, text: t });
  } catch (e) {
    status(`${T.offline} (${e})`, 'bad');
    return;
  }
  if (seq < state.shown) return;
  state.shown = seq;
  if (res.status !== 200) {
    status(res.data.error || String(res.status), 'bad');
    return;
  }
  state.last = res.data;
  serverDiagnostics = res.data.diagnostics || [];
  forceLinting(view);
  showPanel(res.data);
  $('table').innerHTML = res.data.table_html || ''; // escaped by the server's renderer
  if (res.data.ok) await draw($('diagram'), res.data.dot);
  if (state.tab === 'tobe') toBe();
  if (state.mode === 'form') renderForm(false);
  document.body.dataset.updates = String(seq);
}

async function draw(target, dot) {
  if (!dot) {
    target.replaceChildren();
    return;
  }
  try {
    const viz = await state.vizPromise;
    const svg = viz.renderSVGElement(dot);
    svg.dataset.width = String(parseFloat(svg.getAttribute('width')) || 800);
    svg.removeAttribute('height');
    target.replaceChildren(svg);
    zoom(svg, target);
  } catch (e) {
    target.replaceChildren(el('p', { class: 'bad' }, `${T.drawFailed}: ${e}`));
  }
}

// The diagram's size: `fit` (the panel's width, but never below half the natural size, so
// the text stays legible) or a factor of the natural size.
function zoom(svg, target) {
  const natural = Number(svg.dataset.width);
  const fit = Math.max(0.5, (target.clientWidth - 12) / (natural * 4 / 3)); // pt to px
  const factor = state.zoom === 'fit' ? Math.min(fit, 1.5) : state.zoom;
  svg.setAttribute('width', `${Math.round(natural * factor)}pt`);
}
function setZoom(z) {
  state.zoom = z;
  for (const id of ['diagram', 'tobe-diagram']) {
    const svg = $(id).querySelector('svg');
    if (svg) zoom(svg, $(id));
  }
}
$('zoom-in').addEventListener('click', () => setZoom((state.zoom === 'fit' ? 1 : state.zoom) * 1.25));
$('zoom-out').addEventListener('click', () => setZoom((state.zoom === 'fit' ? 1 : state.zoom) / 1.25));
$('zoom-fit').addEventListener('click', () => setZoom('fit'));

function levelClass(level) {
  return { full_online: 'lv-full', partial_online: 'lv-partial' }[level] || 'lv-low';
}

function showPanel(u) {
  const level = $('level');
  const problems = $('problems');
  problems.replaceChildren();
  for (const d of u.diagnostics || []) {
    const where = d.line ? `${d.file}:${d.line}:${d.column}` : d.file;
    problems.append(el('div', { class: d.severity === 'warning' ? 'diag warn' : 'diag err', onclick: () => highlightLine(d.line) },
      el('code', {}, `${where} ${d.code}`), ' ', d.message, d.help ? el('div', { class: 'help' }, `${T.help}: ${d.help}`) : ''));
  }
  if (u.problem) problems.append(el('div', { class: 'diag err' }, u.problem));
  if (!u.ok) {
    level.replaceChildren(el('div', { class: 'level lv-none' }, T.notLoaded));
    status(T.hasErrors, 'bad');
    return;
  }
  const limit = u.time_limit_days != null ? ` / ${fmt(u.time_limit_days)}` : '';
  level.replaceChildren(
    el('div', { class: `level ${levelClass(u.level)}`, id: 'level-label', 'data-level': u.level }, u.level_label),
    el('div', { class: 'facts' }, `${u.code} — ${u.name}`),
    el('div', { class: 'facts' }, `${T.trips}: ${u.trips} · ${T.time}: ${fmt(u.critical_path_days)}${limit} ${T.days}`),
  );
  const crit = $('criteria');
  crit.replaceChildren();
  for (const c of u.criteria) {
    const mark = { met: '✓', unmet: '✗', not_applicable: '–' }[c.status];
    crit.append(el('li', { class: `crit ${c.status}` }, el('b', {}, `${mark} TC${c.n}`), ' ', c.short));
  }
  for (const m of u.members) crit.append(el('li', {}, el('b', {}, m.code), ` ${m.name}: ${m.level_label}`));
  const bl = $('blockers');
  bl.replaceChildren();
  for (const b of u.blockers) {
    const what = b.step_name || b.document_name || '';
    bl.append(el('li', {
      class: `blocker${b.justified ? ' justified' : ''}`, tabindex: '0', 'data-node': b.node || '', 'data-line': b.line || '',
      onclick: (e) => selectBlocker(e.currentTarget, b),
    },
    el('b', {}, `${b.rule}`), ' ', what ? el('i', {}, what) : '', el('div', {}, b.reason), el('div', { class: 'remedy' }, `→ ${b.remedy}`)));
  }
  if (u.blockers.length === 0) bl.append(el('li', { class: 'muted' }, T.none));
  const fl = $('findings');
  fl.replaceChildren();
  for (const f of u.findings) fl.append(el('li', {}, el('b', {}, f.code), ' ', f.reason, el('div', { class: 'remedy' }, `→ ${f.remedy}`)));
  if (u.findings.length === 0) fl.append(el('li', { class: 'muted' }, T.none));
  if (!state.conflict) status(text() === state.saved ? T.upToDate : T.unsaved);
}

function fmt(n) {
  return lang === 'vi' ? String(n).replace('.', ',') : String(n);
}

function selectBlocker(item, b) {
  document.querySelectorAll('#blockers .on').forEach((x) => x.classList.remove('on'));
  item.classList.add('on');
  document.querySelectorAll('#diagram g.node.qt-hl').forEach((g) => g.classList.remove('qt-hl'));
  if (b.node) {
    for (const g of document.querySelectorAll('#diagram g.node')) {
      const title = g.querySelector('title');
      if (title && title.textContent === b.node) {
        g.classList.add('qt-hl');
        g.scrollIntoView({ block: 'center', inline: 'center' });
      }
    }
  }
  if (b.line) highlightLine(b.line);
  if (state.tab !== 'diagram') showTab('diagram');
}

// ---- tabs
function showTab(name) {
  state.tab = name;
  document.querySelectorAll('.tabs button').forEach((b) => b.classList.toggle('on', b.dataset.tab === name));
  for (const t of ['diagram', 'table', 'tobe']) $(`tab-${t}`).hidden = t !== name;
  if (name === 'tobe') toBe();
}
document.querySelectorAll('.tabs button').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));

async function toBe() {
  if (!state.path) return;
  const res = await api('/api/reengineer', { path: state.path, text: text() });
  const u = res.data;
  if (res.status !== 200 || !u.ok) {
    $('tobe-summary').replaceChildren(el('p', { class: 'bad' }, u.error || u.problem || T.hasErrors));
    $('tobe-diagram').replaceChildren();
    return;
  }
  $('tobe-summary').replaceChildren(el('p', {}, `${T.levelChange}: `, el('b', {}, u.level_before), ' → ', el('b', {}, u.level_after)));
  $('tobe-changes').textContent = u.changes;
  $('tobe-text').textContent = u.text;
  await draw($('tobe-diagram'), u.compare_dot);
}

// ---- save
$('save').addEventListener('click', save);
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === 's') {
    e.preventDefault();
    save();
  }
});

async function save() {
  if (!state.path) return;
  const t = text();
  const res = await api('/api/save', { path: state.path, text: t, version: state.version });
  if (res.status === 200) {
    state.version = res.data.version;
    state.saved = t;
    state.conflict = false;
    $('save').disabled = true;
    status(T.saved, 'good');
  } else if (res.status === 409) {
    state.conflict = true;
    status(T.conflict, 'bad');
    window.alert(`${T.conflict}\n\n${res.data.error}`);
  } else {
    status(`${T.saveFailed}: ${res.data.error}`, 'bad');
  }
}

// ---- form mode
$('mode-json').addEventListener('click', () => setMode('json'));
$('mode-form').addEventListener('click', () => setMode('form'));

function setMode(mode) {
  state.mode = mode;
  $('mode-json').classList.toggle('on', mode === 'json');
  $('mode-form').classList.toggle('on', mode === 'form');
  $('editor').hidden = mode !== 'json';
  $('form').hidden = mode !== 'form';
  document.body.classList.toggle('form-mode', mode === 'form');
  setZoom(state.zoom);
  if (mode === 'form') renderForm(true);
}

// The values of an enum of the schema, with their label in the page's language (descriptions
// are "English. — Tiếng Việt.").
function choices(name) {
  const def = schema.$defs && schema.$defs[name];
  const list = (def && def.oneOf) || [];
  return list.filter((o) => o.const !== undefined).map((o) => {
    const [en, vi] = String(o.description || o.const).split(' — ');
    return { value: o.const, label: `${o.const} — ${(lang === 'vi' ? vi || en : en).replace(/\.$/, '')}` };
  });
}

let formDoc = null;
function renderForm(force) {
  const box = $('form');
  let doc;
  try {
    doc = JSON.parse(text());
  } catch (e) {
    box.replaceChildren(el('p', { class: 'bad' }, `${T.formNeedsJson} (${e.message})`));
    formDoc = null;
    return;
  }
  const p = doc && doc.procedure;
  if (!p) {
    box.replaceChildren(el('p', { class: 'muted' }, T.formProcedureOnly));
    formDoc = null;
    return;
  }
  // Typing in a field rewrites the text; the form is rebuilt only when its shape changes.
  if (!force && formDoc && box.contains(document.activeElement)) return;
  formDoc = doc;
  p.steps = p.steps || [];
  p.flows = p.flows || [];
  const actors = (p.actors || []).map((a) => ({ value: a.id, label: `${a.id} — ${a.name}` }));
  const docs = (p.documents || []).map((d) => ({ value: d.id, label: `${d.id} — ${d.name}` }));
  const select = (opts, value, onchange, attrs = {}) => {
    const s = el('select', { ...attrs, onchange });
    if (!opts.some((o) => o.value === value)) s.append(el('option', { value: value ?? '' }, value ?? ''));
    for (const o of opts) {
      const opt = el('option', { value: o.value }, o.label);
      if (o.value === value) opt.selected = true;
      s.append(opt);
    }
    return s;
  };
  const write = (rebuild) => {
    setText(`${JSON.stringify(formDoc, null, 2)}\n`);
    if (rebuild) renderForm(true);
  };
  const stepRows = p.steps.map((s, i) => {
    const set = (field, value) => {
      if (value === '' || value === null) delete s[field];
      else s[field] = value;
      write(false);
    };
    const docSel = el('select', { multiple: '', size: String(Math.min(3, Math.max(1, docs.length))), 'data-step': s.id, 'data-field': 'documents',
      onchange: (e) => set('documents', [...e.target.selectedOptions].map((o) => o.value)) });
    for (const d of docs) {
      const opt = el('option', { value: d.value }, d.label);
      if ((s.documents || []).includes(d.value)) opt.selected = true;
      docSel.append(opt);
    }
    const move = (by) => {
      const j = i + by;
      if (j < 0 || j >= p.steps.length) return;
      [p.steps[i], p.steps[j]] = [p.steps[j], p.steps[i]];
      write(true);
    };
    return el('tr', { 'data-step': s.id },
      el('td', {}, `${i + 1}`),
      el('td', {}, el('input', { value: s.id, size: '10', 'data-step': s.id, 'data-field': 'id', onchange: (e) => {
        const old = s.id;
        s.id = e.target.value.trim();
        for (const f of p.flows) {
          if (f.from === old) f.from = s.id;
          if (f.to === old) f.to = s.id;
        }
        write(true);
      } })),
      el('td', {}, el('input', { value: s.name || '', size: '28', 'data-step': s.id, 'data-field': 'name', onchange: (e) => set('name', e.target.value) })),
      el('td', {}, select(actors, s.actor, (e) => set('actor', e.target.value), { 'data-step': s.id, 'data-field': 'actor' })),
      el('td', {}, select(choices('Action'), s.action, (e) => set('action', e.target.value), { 'data-step': s.id, 'data-field': 'action' })),
      el('td', {}, select(choices('Channel'), s.channel, (e) => set('channel', e.target.value), { 'data-step': s.id, 'data-field': 'channel' })),
      el('td', {}, docSel),
      el('td', {}, el('input', { type: 'number', min: '0', step: '0.125', value: s.duration_days ?? '', style: 'width:5em', 'data-step': s.id, 'data-field': 'duration_days',
        onchange: (e) => set('duration_days', e.target.value === '' ? null : Number(e.target.value)) })),
      el('td', { class: 'nowrap' },
        el('button', { title: T.up, onclick: () => move(-1) }, '↑'),
        el('button', { title: T.down, onclick: () => move(1) }, '↓'),
        el('button', { title: T.remove, onclick: () => {
          p.steps.splice(i, 1);
          p.flows = p.flows.filter((f) => f.from !== s.id && f.to !== s.id);
          write(true);
        } }, '✕')));
  });
  const stepIds = p.steps.map((s) => ({ value: s.id, label: `${s.id} — ${s.name || ''}` }));
  const kinds = choices('FlowKind');
  const flowRows = p.flows.map((f, i) => el('tr', {},
    el('td', {}, select(stepIds, f.from, (e) => { f.from = e.target.value; write(false); })),
    el('td', {}, select(stepIds, f.to, (e) => { f.to = e.target.value; write(false); })),
    el('td', {}, select(kinds, f.kind || 'normal', (e) => { if (e.target.value === 'normal') delete f.kind; else f.kind = e.target.value; write(false); })),
    el('td', {}, el('input', { value: f.label || '', size: '16', onchange: (e) => { if (e.target.value) f.label = e.target.value; else delete f.label; write(false); } })),
    el('td', {}, el('button', { title: T.remove, onclick: () => { p.flows.splice(i, 1); write(true); } }, '✕'))));
  const addStep = () => {
    let n = p.steps.length + 1;
    while (p.steps.some((s) => s.id === `buoc_${n}`)) n += 1;
    const last = p.steps[p.steps.length - 1];
    p.steps.push({ id: `buoc_${n}`, name: T.newStep, actor: (p.actors && p.actors[0] && p.actors[0].id) || '', action: 'process', channel: 'online', duration_days: 0.5 });
    if (last) p.flows.push({ from: last.id, to: `buoc_${n}` });
    write(true);
  };
  const addFlow = () => {
    if (p.steps.length === 0) return;
    p.flows.push({ from: p.steps[0].id, to: p.steps[p.steps.length - 1].id });
    write(true);
  };
  const head = (...cells) => el('tr', {}, ...cells.map((c) => el('th', {}, c)));
  box.replaceChildren(
    el('p', { class: 'muted' }, T.formNote),
    el('h3', {}, T.steps),
    el('table', { class: 'form-table' },
      el('thead', {}, head('#', 'id', T.name, T.actor, T.action, T.channel, T.documents, T.duration, '')),
      el('tbody', {}, ...stepRows)),
    el('button', { onclick: addStep, id: 'add-step' }, `+ ${T.addStep}`),
    el('h3', {}, T.flows),
    el('table', { class: 'form-table' },
      el('thead', {}, head(T.from, T.to, T.kind, T.label, '')),
      el('tbody', {}, ...flowRows)),
    el('button', { onclick: addFlow, id: 'add-flow' }, `+ ${T.addFlow}`),
  );
}

// ---- start
(async () => {
  status(T.starting);
  const [{ data: s }, files] = await Promise.all([api('/api/schema'), loadFiles()]);
  schema = s;
  view.dispatch({ effects: StateEffect.appendConfig.of(jsonSchema(schema)) });
  const wanted = decodeURIComponent(location.hash.slice(1));
  const first = files.includes(wanted) ? wanted : files[0];
  if (first) await openFile(first);
  else status(T.noFiles);
})();
