// SPDX-License-Identifier: MIT
// wasm-under-Node per-call latency over the same corpus as bench_native.cpp, in the same output
// format, plus cold start (import + instantiate + first answer) and the .wasm size.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { timeCorpus } from './timing.mjs';

const [pkgDir, corpusPath, budgetArg] = process.argv.slice(2);
const budget = Number(budgetArg ?? 0.5) * 1000;
const corpus = JSON.parse(readFileSync(corpusPath, 'utf8'));

// Cold start, split: importing the package's JS, then reading + compiling + instantiating the
// .wasm, registering embind and answering the first request (what the 20 ms target is about).
const t0 = performance.now();
const { createEngine } = await import(new URL('src/node.js', `file://${pkgDir}/`).href);
const t1 = performance.now();
const engine = await createEngine();
engine.call('goals.timeline', corpus[0].request);
const t2 = performance.now();

const wasm = readFileSync(`${pkgDir}/dist/nestegg.wasm`);
console.log(JSON.stringify({ name: 'import package JS', runtime: 'wasm-node', ms: +(t1 - t0).toFixed(2) }));
console.log(JSON.stringify({ name: 'cold start (instantiate to first answer)', runtime: 'wasm-node', ms: +(t2 - t1).toFixed(2) }));
console.log(JSON.stringify({ name: 'wasm size', raw_bytes: wasm.length, gzip_bytes: gzipSync(wasm, { level: 9 }).length }));

timeCorpus(engine, corpus, budget);
console.log(JSON.stringify({ name: 'peak wasm memory after the corpus', runtime: 'wasm-node',
  bytes: engine.health().wasm_memory_bytes }));
