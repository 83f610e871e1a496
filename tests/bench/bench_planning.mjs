// SPDX-License-Identifier: MIT
// debt.plan and investment.readiness in wasm under Node, over planning_corpus.json (made by
// make_planning_corpus.mjs), in bench_native.cpp's output format so the two columns of README's
// table come from the same requests: node tests/bench/bench_planning.mjs build/wasm/npm tests/bench/planning_corpus.json [seconds]
import { readFileSync } from 'node:fs';
import { timeCorpus } from './timing.mjs';

const [pkgDir, corpusPath, budgetArg] = process.argv.slice(2);
const budget = Number(budgetArg ?? 1) * 1000;
const corpus = JSON.parse(readFileSync(corpusPath, 'utf8'));
const { createEngine } = await import(new URL('src/node.js', `file://${pkgDir}/`).href);
const engine = await createEngine();

// The search's own figures beside the time: how far the optimal order's search went.
timeCorpus(engine, corpus, budget, (out) => (out.search ? { months: out.months, search: out.search } : {}));
console.log(JSON.stringify({ name: 'peak wasm memory after the planning corpus', runtime: 'wasm-node',
  bytes: engine.health().wasm_memory_bytes }));
