// SPDX-License-Identifier: MIT
// The package on the other runtimes: Deno (through its "deno" entry) and Cloudflare's workerd
// (through miniflare, with the .wasm as a CompiledWasm module as wrangler bundles it). Each must
// give the same answers as Node, byte for byte after JSON parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { ENTRY_EXPORTS, loadPackage, pkgDir, workerdModules } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const runtimes = path.join(here, '../runtimes');
const cases = JSON.parse(readFileSync(path.join(runtimes, 'smoke_cases.json'), 'utf8'));
const denoBin = path.join(here, '../node_modules/.bin/deno');

const { createEngine } = await loadPackage();
const engine = await createEngine();
const nodeAnswers = cases.map(({ method, request }) => {
  try {
    return engine.call(method, request);
  } catch (e) {
    return e.toJSON();
  }
});
assert.equal(nodeAnswers.at(-1).error.code, 'out_of_range');

test('Deno answers exactly as Node', () => {
  const run = spawnSync(denoBin, ['run', '--quiet', '--no-prompt', `--allow-read=${pkgDir},${runtimes}`,
    path.join(runtimes, 'deno_smoke.mjs'), pkgDir], { encoding: 'utf8', env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.deepEqual(out.responses, nodeAnswers);
  assert.deepEqual(out.cached, { hits: [false, true], result: nodeAnswers[0] });
  console.log(`deno ${out.version}: cold start ${out.cold_ms.toFixed(1)} ms`);
});

test('workerd (miniflare) answers exactly as Node, with the wasm as a CompiledWasm module', async () => {
  const mf = new Miniflare({
    modules: workerdModules(pkgDir, path.join(runtimes, 'worker.mjs')),
    modulesRoot: '/w',
    compatibilityDate: '2025-01-01',
    kvNamespaces: ['KV'],
  });
  try {
    const info = await (await mf.dispatchFetch('http://localhost/')).json();
    assert.equal(info.info.build.target, 'wasm');
    assert.deepEqual(info.exports, ENTRY_EXPORTS.workerd, 'the workerd entry exports exactly its names');
    for (let i = 0; i < cases.length; i++) {
      const res = await mf.dispatchFetch('http://localhost/', { method: 'POST', body: JSON.stringify(cases[i]) });
      assert.deepEqual(await res.json(), nodeAnswers[i], cases[i].method);
    }
    // The prediction cache in Workers KV: a miss, then a hit with the same answer.
    const cached = await (await mf.dispatchFetch('http://localhost/cached', { method: 'POST', body: JSON.stringify(cases[0]) })).json();
    assert.deepEqual(cached.hits, [false, true]);
    assert.deepEqual(cached.result, nodeAnswers[0]);
    assert.equal(cached.status.degraded, false);
    // Deployed Workers advance Date.now() only on I/O, so this figure is meaningful locally only.
    console.log(`workerd: cold start ${info.cold_ms} ms`);
  } finally {
    await mf.dispose();
  }
});

test('workerd: a model trained through the edge handler is in Workers KV when its answer arrives, every time', async () => {
  // A KV write still pending when the response left never settled, and the engine's saves are
  // chained: after the first training no later one reached KV, though every answer said "stored".
  const key = 'k'.repeat(24);
  const mf = new Miniflare({
    modules: workerdModules(pkgDir, path.join(runtimes, 'models_worker.mjs')),
    modulesRoot: '/w',
    compatibilityDate: '2025-01-01',
    kvNamespaces: ['MODELS'],
    bindings: { NESTEGG_API_KEYS: key, NESTEGG_LOG_LEVEL: 'off' },
  });
  try {
    const kv = await mf.getKVNamespace('MODELS');
    const history = JSON.parse(readFileSync(path.join(here, '../../web-demo/sample-household.json'), 'utf8')).history;
    const stored = [];
    for (const user of ['alice', 'bob', 'carol']) {
      const res = await mf.dispatchFetch('http://localhost/api/v1/savings.train', {
        method: 'POST', headers: { 'x-api-key': key }, body: JSON.stringify({ history, user_id: user }) });
      const answer = await res.json();
      assert.equal(res.status, 200);
      assert.deepEqual(answer.stored, { active: true, dropped_versions: [], model_id: 'savings', user_id: user, version: 1 });
      assert.equal(answer.warnings?.find((w) => w.code === 'not_saved'), undefined);
      stored.push(user);
      const inKv = (await kv.list()).keys.map((k) => k.name.split('/').at(-2)).sort();
      assert.deepEqual(inKv, stored, `after training ${user}`);
    }
  } finally {
    await mf.dispose();
  }
});
