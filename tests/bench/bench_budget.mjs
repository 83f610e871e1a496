// SPDX-License-Identifier: MIT
// budget.optimize with 40 categories (and one health.score) per call in wasm under Node, in
// bench_native's JSON-lines format over the same corpus, so README's wasm / native columns compare
// the same bytes. run.sh runs both:
//   node tests/bench/bench_budget.mjs <pkgDir> tests/bench/budget_corpus.json [seconds per case]
//   build/native/tests/bench_native tests/bench/budget_corpus.json [seconds per case]
// The corpus is made by this script, seeded (node tests/bench/bench_budget.mjs --write <file>).
import { readFileSync, writeFileSync } from 'node:fs';
import { mulberry32 } from '../js/helpers.mjs';
import { timeCorpus } from './timing.mjs';

// 40 categories: 16 needs, 14 wants, 10 savings, amounts with cents; about a fifth with floors or
// ceilings in the bounded case, several of them binding.
function makeCorpus() {
  const rnd = mulberry32(40);
  const cents = (x) => Math.round(x * 100) / 100;
  const spending = {}, buckets = {}, floors = {}, ceilings = {};
  const groups = [['needs', 16, 900], ['wants', 14, 400], ['savings', 10, 250]];
  for (const [bucket, n, scale] of groups) {
    for (let k = 0; k < n; k++) {
      const name = `${bucket}_${String(k).padStart(2, '0')}`;
      spending[name] = cents(scale * (0.1 + rnd()));
      buckets[name] = bucket;
      if (rnd() < 0.25) floors[name] = cents(spending[name] * (0.9 + 0.09 * rnd()));
      else if (rnd() < 0.1) ceilings[name] = cents(spending[name] * (1 + 0.1 * rnd()));
    }
  }
  const base = { monthly_income: 14500, spending, buckets };
  return [
    { name: 'budget.optimize 40 categories', method: 'budget.optimize', request: base },
    { name: 'budget.optimize 40 categories, floors and ceilings', method: 'budget.optimize', request: { ...base, floors, ceilings } },
    { name: 'budget.optimize 40 categories, at_most', method: 'budget.optimize', request: { ...base, floors, ceilings, mode: 'at_most' } },
    { name: 'health.score, eight components', method: 'health.score', request: { monthly_income: 5000, monthly_spending: 4250,
      bills_on_time: 0.935, liquid_savings: 8500, goal_confidence: 0.65, monthly_debt_payments: 750, debt_balance: 30000,
      credit_score: 705, insurance_coverage: 0.75, planning_horizon_months: 12 } },
  ];
}

if (process.argv[2] === '--write') {
  writeFileSync(process.argv[3], `${JSON.stringify(makeCorpus(), null, 1)}\n`);
  process.exit(0);
}

const [pkgDir, corpusPath, budgetArg] = process.argv.slice(2);
const budget = Number(budgetArg ?? 1) * 1000;
const corpus = JSON.parse(readFileSync(corpusPath, 'utf8'));
const { createEngine } = await import(new URL('src/node.js', `file://${pkgDir}/`).href);
const engine = await createEngine({ config: { log_level: 'off' } });
timeCorpus(engine, corpus, budget);
