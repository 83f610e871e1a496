// SPDX-License-Identifier: MIT
// debt.plan and investment.readiness in wasm under Node, over planning_corpus.json (made by
// make_planning_corpus.mjs), in bench_native.cpp's output format so the two columns of README's
// table come from the same requests: node tests/bench/bench_planning.mjs build/wasm/npm tests/bench/planning_corpus.json [seconds]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [pkgDir, corpusPath, budgetArg] = process.argv.slice(2);
const budget = Number(budgetArg ?? 1) * 1000;
const corpus = JSON.parse(readFileSync(corpusPath, 'utf8'));
const { createEngine } = await import(new URL('src/node.js', `file://${pkgDir}/`).href);
const engine = await createEngine();

for (const c of corpus) {
  const body = JSON.stringify(c.request);
  const ms = [];
  let out;
  const start = performance.now();
  while (ms.length < 5 || (performance.now() - start < budget && ms.length < 100000)) {
    const s = performance.now();
    out = engine.call(c.method, body);
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  const line = { name: c.name, runtime: 'wasm-node', calls: ms.length, median_ms: +ms[ms.length >> 1].toFixed(4),
    p90_ms: +ms[Math.floor(ms.length * 0.9)].toFixed(4), max_ms: +ms[ms.length - 1].toFixed(4) };
  if (out.search) Object.assign(line, { months: out.months, search: out.search });
  console.log(JSON.stringify(line));
}
console.log(JSON.stringify({ name: 'peak wasm memory after the planning corpus', runtime: 'wasm-node',
  bytes: engine.health().wasm_memory_bytes }));
