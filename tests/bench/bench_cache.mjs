// SPDX-License-Identifier: MIT
// The prediction cache under Node: what a hit costs next to computing the answer, for a cheap
// call (reverse plan), a Monte Carlo run and a batch forecast, with the store in memory and on
// files. Usage: node bench/bench_cache.mjs <package dir> [reps=20]   (from tests/)
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median } from './timing.mjs';

const [pkgDir, repsArg = '20'] = process.argv.slice(2);
const reps = Number(repsArg);
const { createEngine, openStore, MemoryStorage, FileStorage } = await import(path.resolve(pkgDir, 'src/node.js'));
const household = JSON.parse(readFileSync(new URL('../../web-demo/sample-household.json', import.meta.url), 'utf8'));
const cases = {
  'goals.reverse_plan': { target_amount: 15000, current_amount: 6200, target_date: '2027-01-15', start_date: '2026-01-15', annual_return_rate: 0.035 },
  'goals.simulate': { target_amount: 60000, current_amount: 12000, monthly_contribution: 900, annual_return_rate: 0.06,
    annual_volatility: 0.14, target_date: '2031-01-15', start_date: '2026-01-15', paths: 10000, seed: 7 },
  'forecast.expenses': { categories: household.spending_history, horizon: 6 },
};

async function medianMs(fn) {
  const ms = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    await fn(r);
    ms.push(performance.now() - t);
  }
  return +median(ms).toFixed(3);
}

for (const [storeName, adapter] of [['memory', new MemoryStorage()], ['files', new FileStorage(mkdtempSync(path.join(tmpdir(), 'nestegg-bench-cache-')))]]) {
  const store = await openStore(adapter);
  const engine = await createEngine({ store });
  for (const [method, request] of Object.entries(cases)) {
    const compute = await medianMs(() => engine.call(method, request));
    // A miss: a new input each time (the seed or start date differs), computed and stored.
    const miss = await medianMs((r) => engine.cachedCall(method, { ...request, ...(method === 'forecast.expenses' ? { horizon: 1 + (r % 12) } : { seed: 1000 + r }) }, { user: `u${r}` }));
    await engine.cachedCall(method, request);
    const hit = await medianMs(() => engine.cachedCall(method, request));
    console.log(JSON.stringify({ bench: 'cache', store: storeName, method, compute_ms: compute, miss_ms: miss, hit_ms: hit }));
  }
}
