// SPDX-License-Identifier: MIT
// Storage in real Chromium: nestegg's IndexedDBStorage (Emscripten's IDBStore, what the package
// uses) next to Emscripten's IDBFS (the other route the issue names) and idb-keyval (a popular
// IndexedDB key-value peer), on the workloads the store has: durable writes one at a time, a
// batch, and a cold start that reads one record or all of them, with N records of ~1 KB. Also the
// Web Worker runner's round trip next to a direct call on the page, and the glue each route adds.
// Usage: node bench/bench_storage.mjs <package dir> [records=500] [runs=3]   (from tests/)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../web-demo/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const [pkgDir, recordsArg = '500', runsArg = '3'] = process.argv.slice(2);
const N = Number(recordsArg);
const RUNS = Number(runsArg);

// Probe modules with nothing in them but the storage layer, linked with the package's own output
// flags, so the glue each route adds can be weighed: none, IDBStore (what the package exports,
// wasm/library_funcs.json), IDBFS (needs the file system). The IDBFS one also runs the benchmark.
const PROBES = {
  none: ['-sFILESYSTEM=0'],
  idbstore: ['-sFILESYSTEM=0', `-sDEFAULT_LIBRARY_FUNCS_TO_INCLUDE=@${path.join(here, '../../wasm/library_funcs.json')}`],
  idbfs: ['-lidbfs.js', '-sFORCE_FILESYSTEM=1', '-sEXPORTED_RUNTIME_METHODS=FS'],
};
function buildProbes(dir) {
  writeFileSync(path.join(dir, 'main.c'), 'int main(void) { return 0; }\n');
  for (const [name, flags] of Object.entries(PROBES)) {
    const out = path.join(dir, `${name}.js`);
    if (existsSync(out)) continue;
    execFileSync('emcc', [path.join(dir, 'main.c'), '-O2', '-o', out, '-sMODULARIZE=1', '-sEXPORT_ES6=1', '-sEXPORT_NAME=createProbe',
      '-sENVIRONMENT=web,worker,shell', ...flags],
    { env: { ...process.env, NODE_PATH: '/usr/share/nodejs' }, stdio: 'inherit' });
  }
  const gz = (name) => gzipSync(readFileSync(path.join(dir, `${name}.js`)), { level: 9 }).length;
  const wasm = (name) => gzipSync(readFileSync(path.join(dir, `${name}.wasm`)), { level: 9 }).length;
  for (const name of ['idbstore', 'idbfs']) {
    console.log(JSON.stringify({ bench: 'storage', workload: 'glue added', route: name,
      js_gzip_bytes: gz(name) - gz('none'), wasm_gzip_bytes: wasm(name) - wasm('none') }));
  }
}

const page = `<!doctype html><script type="module">
import { IndexedDBStorage } from './pkg/src/storage_idb.js';
import createModule from './pkg/dist/nestegg.js';
import createProbe from './idbfs/idbfs.js';
import * as kv from './idb-keyval.js';
const N = ${N}, RUNS = ${RUNS};
const value = (i) => JSON.stringify({ id: i, name: 'goal ' + i, note: 'x'.repeat(900) + i });
const time = async (fn) => { const t = performance.now(); await fn(); return performance.now() - t; };
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
const deleteDb = (name) => new Promise((r) => { const q = indexedDB.deleteDatabase(name); q.onsuccess = q.onerror = q.onblocked = () => r(); });
const mod = await createModule({});
const syncfs = (FS, populate) => new Promise((res, rej) => FS.syncfs(populate, (e) => (e ? rej(e) : res())));
async function idbfs(name) {
  const m = await createProbe({ noInitialRun: true });
  m.FS.mkdir('/' + name); m.FS.mount(m.FS.filesystems.IDBFS, {}, '/' + name);
  await syncfs(m.FS, true);
  return m.FS;
}
const results = {};
const record = (workload, peer, ms) => ((results[workload] ??= {})[peer] ??= []).push(ms);
for (let run = 0; run < RUNS; run++) {
  const tag = 'r' + run + '-' + Date.now();
  // 1. Durable writes one at a time (each resolved only once stored).
  let a = new IndexedDBStorage(mod.IDBStore, 'ne-' + tag);
  record('one at a time', 'nestegg IDBStore', await time(async () => { for (let i = 0; i < N; i++) await a.set('k/' + i, value(i)); }));
  const store = kv.createStore('kv-' + tag, 'kv');
  record('one at a time', 'idb-keyval', await time(async () => { for (let i = 0; i < N; i++) await kv.set('k/' + i, value(i), store); }));
  let FS = await idbfs('fs' + run);
  record('one at a time', 'IDBFS', await time(async () => { for (let i = 0; i < N; i++) { FS.writeFile('/fs' + run + '/k' + i, value(i)); await syncfs(FS, false); } }));
  // 2. One batch of N.
  const b = new IndexedDBStorage(mod.IDBStore, 'neb-' + tag);
  record('batch', 'nestegg IDBStore', await time(() => b.batch(Array.from({ length: N }, (_, i) => ({ key: 'k/' + i, value: value(i) })))));
  const storeB = kv.createStore('kvb-' + tag, 'kv');
  record('batch', 'idb-keyval', await time(() => kv.setMany(Array.from({ length: N }, (_, i) => ['k/' + i, value(i)]), storeB)));
  const FSb = await idbfs('fsb' + run);
  record('batch', 'IDBFS', await time(async () => { for (let i = 0; i < N; i++) FSb.writeFile('/fsb' + run + '/k' + i, value(i)); await syncfs(FSb, false); }));
  // 3. Cold start: open a store holding N records and read one (what start-up needs) or all.
  a.close();
  record('open + read 1', 'nestegg IDBStore', await time(async () => { a = new IndexedDBStorage(mod.IDBStore, 'ne-' + tag); await a.get('k/7'); }));
  record('open + read all', 'nestegg IDBStore', await time(() => a.entries('k/')));
  record('open + read 1', 'idb-keyval', await time(() => kv.get('k/7', kv.createStore('kv-' + tag, 'kv'))));
  record('open + read all', 'idb-keyval', await time(() => kv.entries(store)));
  record('open + read 1', 'IDBFS', await time(async () => { FS = await idbfs('fs' + run); FS.readFile('/fs' + run + '/k7', { encoding: 'utf8' }); }));
  record('open + read all', 'IDBFS', await time(async () => { for (const f of FS.readdir('/fs' + run)) if (f[0] !== '.') FS.readFile('/fs' + run + '/' + f, { encoding: 'utf8' }); }));
}
// The Web Worker runner: a job's round trip next to the same call on the page's own engine.
const { createEngine, createWorkerEngine } = await import('./pkg/src/browser.js');
const engine = await createEngine();
const worker = createWorkerEngine();
const jobs = {
  'goals.reverse_plan': { target_amount: 15000, current_amount: 6200, target_date: '2027-01-15', start_date: '2026-01-15' },
  'goals.simulate 10k paths': { target_amount: 60000, current_amount: 12000, monthly_contribution: 900, annual_return_rate: 0.06,
    annual_volatility: 0.14, target_date: '2031-01-15', start_date: '2026-01-15', paths: 10000, seed: 7 },
};
await worker.call('info', {});  // the worker's own start-up is not a job's cost
for (const [label, request] of Object.entries(jobs)) {
  const method = label.split(' ')[0];
  for (let i = 0; i < 5; i++) { engine.call(method, request); await worker.call(method, request); }
  for (let run = 0; run < 20; run++) {
    record('worker: ' + label, 'page engine.call', await time(() => engine.call(method, request)));
    record('worker: ' + label, 'createWorkerEngine().call', await time(() => worker.call(method, request)));
  }
}
worker.terminate();
window.results = Object.fromEntries(Object.entries(results).map(([w, peers]) => [w, Object.fromEntries(Object.entries(peers).map(([p, xs]) => [p, +median(xs).toFixed(1)]))]));
</script>`;

const dir = mkdtempSync(path.join(tmpdir(), 'nestegg-bench-storage-'));
const probeDir = path.join(here, '../../build/bench/idbfs');
mkdirSync(probeDir, { recursive: true });
buildProbes(probeDir);
cpSync(probeDir, path.join(dir, 'idbfs'), { recursive: true });
cpSync(path.join(pkgDir, 'src'), path.join(dir, 'pkg/src'), { recursive: true });
cpSync(path.join(pkgDir, 'dist'), path.join(dir, 'pkg/dist'), { recursive: true });
cpSync(path.join(here, '../node_modules/idb-keyval/dist/index.js'), path.join(dir, 'idb-keyval.js'));
writeFileSync(path.join(dir, 'index.html'), page);
const { server, url } = await serve(dir, 0);
const context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'nestegg-bench-profile-')),
  { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const tab = context.pages()[0] ?? await context.newPage();
  tab.on('pageerror', (e) => console.error(e.message));
  await tab.goto(url);
  const results = await tab.waitForFunction(() => window.results, null, { timeout: 300000 }).then((h) => h.jsonValue());
  const version = context.browser()?.version() ?? 'Chromium';
  for (const [workload, peers] of Object.entries(results)) {
    console.log(JSON.stringify({ bench: 'storage', browser: version, records: N, workload, ms_median: peers }));
  }
} finally {
  await context.close();
  server.close();
}
