// SPDX-License-Identifier: MIT
// Node cold start over fresh processes (one run says little on a noisy machine): each child imports
// the package, then instantiates the .wasm and answers one request; this prints the median, range
// and how many runs exceed the 20 ms target for "instantiate to first answer", and the import's
// median beside it.   node tests/bench/bench_cold_start.mjs <package dir> [runs]
import { execFileSync } from 'node:child_process';
import { median } from './timing.mjs';

const [pkgDir, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 10);
const child = `
const t0 = performance.now();
const { createEngine } = await import(${JSON.stringify(new URL('src/node.js', `file://${pkgDir}/`).href)});
const t1 = performance.now();
const engine = await createEngine();
engine.call('goals.timeline', { target_amount: 10000, current_amount: 1000, monthly_contribution: 250 });
console.log(JSON.stringify({ import_ms: t1 - t0, first_answer_ms: performance.now() - t1 }));`;
const samples = [];
for (let i = 0; i < runs; i++) {
  samples.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8' })));
}
const first = samples.map((s) => s.first_answer_ms);
const r2 = (x) => +x.toFixed(2);
console.log(JSON.stringify({ name: 'cold start, instantiate to first answer (fresh processes)', runtime: 'wasm-node', runs,
  median_ms: r2(median(first)), min_ms: r2(Math.min(...first)), max_ms: r2(Math.max(...first)),
  over_20_ms: first.filter((x) => x > 20).length, import_median_ms: r2(median(samples.map((s) => s.import_ms))) }));
