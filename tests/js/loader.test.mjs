// SPDX-License-Identifier: MIT
// The runtime entries and their one loader (npm/src/loader.js): each entry exports exactly the
// names it has always exported, every one declared in index.d.ts or types/; importing the package
// in Node loads one file (node/index.js, bundled by npm/scripts/stage.mjs) and the first engine
// the glue; the source entry loads the store and the edge handler only when a call needs them; the method table is read only when the typed methods are first used, and
// never shows in a caller's metrics or logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ENTRY_EXPORTS, loadPackage, nodeEntry, pkgDir } from './helpers.mjs';

test('each runtime entry exports exactly its names, all declared in index.d.ts or types/', async () => {
  const declarations = ['index.d.ts', ...readdirSync(path.join(pkgDir, 'types')).map((f) => `types/${f}`)]
    .map((f) => readFileSync(path.join(pkgDir, f), 'utf8')).join('\n');
  const declared = new Set([...declarations
    .matchAll(/^export (?:declare )?(?:class|function|const) ([A-Za-z_]+)/gm)].map((m) => m[1]));
  for (const entry of ['node', 'browser', 'deno']) {
    const names = Object.keys(await import(new URL(`src/${entry}.js`, `file://${pkgDir}/`).href)).sort();
    assert.deepEqual(names, ENTRY_EXPORTS[entry], entry);
    for (const name of names) assert.ok(declared.has(name), `${entry} exports ${name}, which no declaration file declares`);
  }
  // The bundled Node entry: the same names.
  assert.deepEqual(Object.keys(await import(nodeEntry)).sort(), ENTRY_EXPORTS.node);
});

// The package's own files a fresh Node process loads on importing `entry`, and then for `script`,
// in load order (a resolve hook records them).
function modulesLoadedBy(entry, script) {
  const hook = `data:text/javascript,${encodeURIComponent(`
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      if (result.url.startsWith(${JSON.stringify(`file://${pkgDir}/`)})) process.stdout.write('LOADED ' + result.url.slice(${`file://${pkgDir}/`.length}) + '\\n');
      return result;
    }`)}`;
  const register = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(hook)});`)}`;
  const out = execFileSync(process.execPath, ['--no-warnings', '--import', register, '--input-type=module', '-e', `
    const pkg = await import(${JSON.stringify(entry)});
    console.log('STEP');
    ${script}
  `], { encoding: 'utf8' });
  // Resolving runs for every import of a module: what was loaded already is not loaded again.
  const [atImport, afterScript] = out.split('STEP\n').map((part) => [...new Set(part.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7)))]);
  return { atImport, afterScript: afterScript.filter((m) => !atImport.includes(m)) };
}

const firstCall = `
  const engine = await pkg.createEngine();
  engine.call('goals.timeline', { target_amount: 100, monthly_contribution: 10 });`;
const firstRequest = `
  const h = pkg.createHandler({ env: { NESTEGG_API_KEYS: 'key-0123456789abcdef', NESTEGG_LOG_LEVEL: 'off' } });
  console.log('LOADED created');
  await h.fetch(new Request('http://x/health'));`;
const withStore = `await pkg.createEngine({ store: await pkg.openStore(new pkg.MemoryStorage()) });`;

test('importing the package in Node loads one file; the first engine adds the glue, and nothing else is ever loaded', () => {
  const { atImport, afterScript } = modulesLoadedBy(nodeEntry, firstCall);
  assert.deepEqual(atImport, ['node/index.js']);
  assert.deepEqual(afterScript, ['node/nestegg.js'], 'an engine and a call need only the glue');
  assert.deepEqual(modulesLoadedBy(nodeEntry, firstRequest).afterScript, ['created', 'node/nestegg.js'],
    'the edge handler is in the entry; its first request makes an engine');
  assert.deepEqual(modulesLoadedBy(nodeEntry, withStore).afterScript, ['node/nestegg.js'], 'the store is in the entry');
  assert.deepEqual(readdirSync(path.join(pkgDir, 'node')).sort(), ['index.js', 'index.js.map', 'nestegg.js']);
});

test('the source entry (src/node.js) loads the same way, module by module', () => {
  const entry = new URL('src/node.js', `file://${pkgDir}/`).href;
  const { atImport, afterScript } = modulesLoadedBy(entry, firstCall);
  assert.deepEqual(atImport.sort(), ['src/deadline.js', 'src/engine.js', 'src/errors.js', 'src/http_config.js', 'src/loader.js', 'src/node.js',
    'src/rate_limit.js', 'src/request_key.js', 'src/response_cache.js', 'src/storage.js', 'src/storage_file.js', 'src/storage_idb.js',
    'src/store_schema.js']);
  assert.deepEqual(afterScript, ['dist/nestegg.js'], 'an engine and a call need only the glue');
  const handler = modulesLoadedBy(entry, firstRequest).afterScript;
  assert.deepEqual(handler.slice(0, 1), ['created']);
  assert.ok(handler.includes('src/handler.js') && !handler.includes('src/store.js'));
  const store = modulesLoadedBy(entry, withStore).afterScript;
  for (const m of ['src/store.js', 'src/cached_call.js']) assert.ok(store.includes(m), m);
});

test('the bundled entry under a second URL is a whole second copy: its store throws its own NesteggError; names are as written', async () => {
  for (const url of [nodeEntry, `${nodeEntry}?second`]) {
    const pkg = await import(url);
    const store = await pkg.openStore(new pkg.MemoryStorage());
    await assert.rejects(store.goals.put({}), (e) => e instanceof pkg.NesteggError && e.code === 'invalid_value', url);
    assert.equal(store.status().adapter, 'MemoryStorage');
    assert.equal(new pkg.FileStorage('/tmp').constructor.name, 'FileStorage');
    const h = pkg.createHandler({ env: { NESTEGG_API_KEYS: 'key-0123456789abcdef', NESTEGG_LOG_LEVEL: 'off' } });
    assert.equal((await h.fetch(new Request('http://x/health'))).status, 200);
  }
});

test('the typed methods appear on first use; the method table never shows in the caller\'s metrics or logs', async () => {
  const { createEngine } = await loadPackage();
  const lines = [];
  const engine = await createEngine({ logSink: (l) => lines.push(l), config: { log_level: 'debug' } });
  const request = { target_amount: 100, monthly_contribution: 10, start_date: '2024-01-01' };
  const viaCall = engine.call('goals.timeline', request);
  assert.ok('goals' in engine);
  assert.ok(Object.keys(engine).includes('savings'));
  assert.deepEqual(engine.goals.timeline(request), viaCall);
  assert.equal(typeof engine.savings.trainMatrix, 'function');
  assert.deepEqual(lines.map((l) => l.method), ['goals.timeline', 'goals.timeline'], 'only the caller\'s own calls are logged');
  assert.equal(engine.metrics().methods.info, undefined, 'no info() call of ours is counted');

  // An engine whose first use is a typed method, and one whose table is already read.
  const fresh = await createEngine();
  assert.equal(fresh.goals.timeline(request).months_needed, viaCall.months_needed);
  assert.deepEqual((await createEngine()).forecast.expenses({ series: [1, 2, 3, 4, 5, 6], horizon: 1, method: 'naive' }).series.forecast, [6]);
  // health is the engine's own liveness call and the group of health.score: the first thing asked.
  const first = await createEngine();
  assert.equal(typeof first.health.score, 'function');
  assert.equal(first.health.score({ monthly_income: 5000, monthly_spending: 4000 }).tier, 'healthy');
  assert.equal(first.health().status, 'ok');
});

test('on Node 20 before 20.16 (no process.getBuiltinModule) the package imports node:fs itself', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'nestegg-old-node-'));
  try {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `
      delete process.getBuiltinModule;
      const pkg = await import(${JSON.stringify(nodeEntry)});
      const files = new pkg.FileStorage(${JSON.stringify(path.join(work, 'store'))});
      await files.set('a/b', '1');
      const engine = await pkg.createEngine();
      console.log(JSON.stringify({ dir: files.dir, keys: await files.keys(), value: await files.get('a/b'),
        months: engine.goals.timeline({ target_amount: 100, monthly_contribution: 10 }).months_needed }));`], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), { dir: path.join(work, 'store'), keys: ['a/b'], value: '1', months: 10 });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

// require() of an ES module (Node 20.19 and 22.12 on) refuses a module graph with a top-level await.
test('CommonJS code can require() the package where Node can require ES modules', { skip: !process.features.require_module && 'this Node cannot require ES modules' }, () => {
  const out = execFileSync(process.execPath, ['-e', `
    const pkg = require(${JSON.stringify(new URL(nodeEntry).pathname)});
    pkg.createEngine().then((engine) => console.log(engine.goals.timeline({ target_amount: 100, monthly_contribution: 10 }).months_needed));`],
  { encoding: 'utf8' });
  assert.equal(out.trim(), '10');
});
