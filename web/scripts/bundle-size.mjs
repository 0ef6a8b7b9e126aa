/**
 * The production build's initial JavaScript for the first screens (sign-in, then the queue in
 * the app shell), gzip-compressed, from Vite's manifest: the entry and the lazy route chunks
 * those screens load, with everything they import statically, each file counted once.
 * Writes the figures between the bench:web markers of docs/benchmarks.md.
 */
import console from 'node:console';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { gzipSync } from 'node:zlib';

const web = path.resolve(import.meta.dirname, '..');
const dist = path.join(web, 'dist');
const manifestPath = path.join(dist, '.vite/manifest.json');
if (!existsSync(manifestPath)) {
  console.error('no build: run `pnpm --filter @ovms/web build` first');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const BUDGET_KB = 300;

/** Files a chunk needs before it runs: itself and its static imports, transitively. */
function closure(keys) {
  const files = new Set();
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`no chunk ${key} in the manifest`);
    if (chunk.file.endsWith('.js')) files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return files;
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
const keyOf = (suffix) => {
  const key = Object.keys(manifest).find((candidate) => candidate.endsWith(suffix));
  if (!key) throw new Error(`no chunk for ${suffix}`);
  return key;
};

function measure(files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(dist, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.size, raw, gzip };
}

const screens = [
  ['sign-in', [entry, keyOf('views/sign-in-view.vue')]],
  [
    'sign-in + queue',
    [
      entry,
      keyOf('views/sign-in-view.vue'),
      keyOf('views/app-shell.vue'),
      keyOf('views/queue-view.vue'),
    ],
  ],
  [
    'incident page (direct)',
    [entry, keyOf('views/app-shell.vue'), keyOf('views/incident-view.vue')],
  ],
  ['war room (direct)', [entry, keyOf('views/war-room-view.vue')]],
];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const rows = screens.map(([name, keys]) => ({ name, ...measure(closure(keys)) }));
const initial = rows[1];
const allJs = Object.values(manifest).filter((chunk) => chunk.file.endsWith('.js'));
const total = measure(new Set(allJs.map((chunk) => chunk.file)));

const section = [
  '<!-- bench:web:start -->',
  '## @ovms/web: initial JavaScript',
  '',
  `Run ${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'} · \`pnpm bench\` in web (vite build, then scripts/bundle-size.mjs).`,
  '',
  'JavaScript a browser must load before the screen runs (the entry and the lazy route chunks it',
  'needs, with their static imports, each file once), gzip level 9. Element Plus components are',
  `imported per file; CSS is not counted. Budget for sign-in + queue: ${BUDGET_KB} KB gzip.`,
  '',
  '| screen | files | raw | gzip |',
  '|---|---:|---:|---:|',
  ...rows.map((row) => `| ${row.name} | ${row.files} | ${kb(row.raw)} | ${kb(row.gzip)} |`),
  `| every JS chunk of the build | ${total.files} | ${kb(total.raw)} | ${kb(total.gzip)} |`,
  '',
  `Sign-in + queue: **${kb(initial.gzip)} gzip** (${initial.gzip <= BUDGET_KB * 1024 ? 'within' : 'OVER'} the ${BUDGET_KB} KB budget).`,
  '<!-- bench:web:end -->',
].join('\n');

const results = path.resolve(web, '../docs/benchmarks.md');
const text = readFileSync(results, 'utf8');
const pattern = /<!-- bench:web:start -->[\s\S]*?<!-- bench:web:end -->/;
writeFileSync(
  results,
  pattern.test(text) ? text.replace(pattern, section) : `${text.trimEnd()}\n\n${section}\n`,
);
console.log(section);
if (initial.gzip > BUDGET_KB * 1024) process.exit(1);
