// SPDX-License-Identifier: MIT
// Soak (issue 15): calls in one wasm instance under Node leave the JS heap and wasm memory flat
// and no handle behind. 200 000 calls here (about 30 s); tests/bench/soak.mjs runs 10^6 (README
// "Reliability" has its figures). NESTEGG_SOAK_CALLS overrides the count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPackage } from './helpers.mjs';
import { soak } from '../bench/soak.mjs';

test('soak: one instance, heap and wasm memory flat, no handle leaks', { timeout: 600000 }, async () => {
  const calls = Number(process.env.NESTEGG_SOAK_CALLS ?? 200_000);
  const f = await soak(await loadPackage(), { calls });
  console.log(`soak: ${JSON.stringify({ ...f, trace: undefined })}`);
  assert.equal(f.wasm_end_mb, f.wasm_start_mb, 'wasm memory did not grow');
  assert.ok(f.heap_end_mb - f.heap_start_mb < 1, `JS heap flat (${f.heap_start_mb} -> ${f.heap_end_mb} MB)`);
  assert.ok(f.heap_max_mb - f.heap_start_mb < 2, `JS heap never climbed (max ${f.heap_max_mb} MB)`);
  assert.deepEqual(f.resources_end, f.resources_start, 'no handle left behind');
});

// Out of memory (review of issue 15): a request whose parsed form fills wasm's 2 GiB ends as
// too_large and the instance answers the next call. Before, nlohmann's destructors allocated
// during the unwinding, std::terminate aborted, and wasm's catch_all pads caught each abort: ~6 900
// "Aborted()" lines, a RangeError, and the next call threw a WebAssembly.Exception
// (wasm/bindings.cpp keeps a reserve for the unwinding). About 25 s and 2 GiB of wasm memory.
// Every request limit is raised (max_json_values would otherwise refuse it as it is read).
test('out of memory: too_large, and the same instance answers the next call', { timeout: 600000 }, async () => {
  const { createEngine } = await loadPackage();
  const engine = await createEngine({ config: { log_level: 'off',
    limits: { max_request_bytes: 2 ** 30, max_array_items: 1e7, max_history_items: 1e7, max_json_values: 2 ** 31 } } });
  const item = '{"id":"a","shown":"2026-01-01"}';
  const body = `{"as_of":"2026-12-02","history":[${`${item},`.repeat(1e7 - 1)}${item}]}`;
  assert.throws(() => engine.call('insights.nudges', body), (e) => {
    assert.equal(e.name, 'NesteggError', String(e));
    assert.equal(e.code, 'too_large', e.message);
    assert.match(e.message, /more memory/);
    return true;
  });
  assert.equal(engine.goals.timeline({ target_amount: 1000, monthly_contribution: 100 }).months_needed, 10);
});
