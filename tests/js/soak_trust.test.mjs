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
