// SPDX-License-Identifier: MIT
// Soak: many calls in one wasm instance under Node, the JS heap (after a forced GC) and wasm memory
// sampled along the way, and the process's active handles compared at start and end.
//   node tests/bench/soak.mjs [calls]      (default 1 000 000; prints the figures as JSON)
// tests/js/soak_trust.test.mjs runs the same function with fewer calls and asserts flatness.
import v8 from 'node:v8';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const MB = 1024 * 1024;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

/**
 * `calls` goals.timeline requests, every one different (raw JSON text, as the HTTP handler sends),
 * and one bad request in every 100 (the error path, a NesteggError each time).
 */
export async function soak(pkg, { calls = 1_000_000, samples = 10 } = {}) {
  const engine = await pkg.createEngine();
  const wasm = () => engine.health().wasm_memory_bytes;
  const one = (i) => {
    if (i % 100 === 99) {
      try {
        engine.call('goals.timeline', '{"target_amount":-1,"monthly_contribution":10}');
      } catch (e) {
        if (e.code !== 'out_of_range') throw e;
      }
      return;
    }
    engine.call('goals.timeline', `{"target_amount":${10000 + (i % 5000)},"current_amount":1000,"monthly_contribution":450,"start_date":"2024-01-15"}`);
  };
  for (let i = 0; i < 10000; i++) one(i);  // warm-up: JIT, embind caches, the allocator's pools
  const resourcesStart = process.getActiveResourcesInfo().sort();
  const start = { heap: heap(), wasm: wasm() };
  const trace = [];
  const started = performance.now();
  const step = Math.ceil(calls / samples);
  for (let i = 0; i < calls; i++) {
    one(i);
    if ((i + 1) % step === 0) trace.push({ calls: i + 1, heap_mb: +(heap() / MB).toFixed(2), wasm_mb: wasm() / MB });
  }
  const seconds = (performance.now() - started) / 1000;
  const end = { heap: heap(), wasm: wasm() };
  const resourcesEnd = process.getActiveResourcesInfo().sort();
  const metrics = engine.metrics();
  engine.dispose();
  return {
    calls, seconds: +seconds.toFixed(1), calls_per_second: Math.round(calls / seconds),
    heap_start_mb: +(start.heap / MB).toFixed(2), heap_end_mb: +(end.heap / MB).toFixed(2),
    heap_max_mb: Math.max(...trace.map((t) => t.heap_mb)),
    wasm_start_mb: start.wasm / MB, wasm_end_mb: end.wasm / MB,
    engine_calls: metrics.methods['goals.timeline'].calls,
    resources_start: resourcesStart, resources_end: resourcesEnd, trace,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { loadPackage } = await import('../js/helpers.mjs');
  const figures = await soak(await loadPackage(), { calls: Number(process.argv[2] ?? 1_000_000) });
  console.log(JSON.stringify(figures, null, 1));
}
