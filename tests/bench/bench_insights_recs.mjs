// SPDX-License-Identifier: MIT
// benchmarks.compare and recommendations.generate side by side in one run: wasm under Node
// (engine.call with the JSON text), the native engine (bench_native on the same corpus, spawned
// from here), and for benchmarks.compare a plain-JS peer computing the same comparisons straight
// from the JSON table (group lookup, differences, ratios, the lognormal percentile and its range
// over the same 41-point sigma grid). Prints one JSON line per case and runtime, then the ratios.
//   node tests/bench/bench_insights_recs.mjs [pkgDir] [seconds per case]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nativeCli, pkgDir as defaultPkg } from '../js/helpers.mjs';
import { timeCorpus } from './timing.mjs';

const [pkgArg, secondsArg] = process.argv.slice(2);
const pkgDir = path.resolve(pkgArg ?? defaultPkg);
const budgetMs = Number(secondsArg ?? 1) * 1000;
const root = new URL('../../', import.meta.url).pathname;
const table = JSON.parse(readFileSync(path.join(root, 'core/insights/data/ce_survey_2023.json'), 'utf8'));

const benchmarksRequest = { age: 38, income: 95000, income_after_taxes: 78000, expenditures: 64000,
  spending: { food: 11000, housing: 24000, transportation: 9000, healthcare: 4000, entertainment: 5200,
    personal_insurance_and_pensions: 8000 } };
const household = { as_of: '2026-03-15', spending_month: '2026-02', monthly_income: 6200, age: 38, emergency_fund: 2500,
  spending: { housing: 1900, groceries: 650, dining: 520, utilities: 240, transportation: 480, entertainment: 610,
    subscriptions: 90, shopping: 300 },
  debts: [{ name: 'card', balance: 5200, apr: 0.229, minimum_payment: 130 }, { name: 'car', balance: 11800, apr: 0.064, minimum_payment: 310 },
    { name: 'store', balance: 900, apr: 0.27, minimum_payment: 35 }], debt_budget: 700,
  employer_match: { match_rate: 0.5, match_limit: 0.06, contribution_rate: 0.03, annual_salary: 90000 },
  subscriptions: [{ id: 'subscription:gym', merchant: 'gym', amount: 49, previous_amount: 39, monthly_cost: 49 },
    { id: 'subscription:video', merchant: 'video', amount: 15.49, previous_amount: null, monthly_cost: 15.49, unused: true }],
  history: [{ id: 'rec:peer:entertainment', status: 'accepted', date: '2026-01-10', baseline: 700 },
    { id: 'rec:peer:transportation', status: 'dismissed', date: '2026-02-20' }] };
const corpus = [
  { name: 'benchmarks.compare, age + income, 6 categories', method: 'benchmarks.compare', request: benchmarksRequest },
  { name: 'recommendations.generate, household with 3 debts', method: 'recommendations.generate', request: household },
];

// The plain-JS peer: the same comparisons from the JSON table.
const CATS = ['food', 'housing', 'transportation', 'healthcare', 'entertainment', 'personal_insurance_and_pensions'];
function erfc(x) {  // Numerical Recipes erfcc (fractional error < 1.2e-7)
  const z = Math.abs(x), t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}
const pct = (x, m, s) => (x <= 0 ? 0 : 50 * erfc(-(Math.log(x / m) / s + s / 2) / Math.SQRT2));
function estimate(x, m, { sigma, lo, hi }) {
  let point = pct(x, m, sigma), lower = point, upper = point;
  for (let i = 0; i <= 40; i++) { const v = pct(x, m, lo + (hi - lo) * i / 40); lower = Math.min(lower, v); upper = Math.max(upper, v); }
  return { point, lower, upper };
}
const SPREADS = { income: { sigma: 0.9, lo: 0.7, hi: 1.1 }, expenditures: { sigma: 0.6, lo: 0.45, hi: 0.8 }, category: { sigma: 0.8, lo: 0.5, hi: 1.2 } };
const quintiles = table.by_income_quintile;
function jsCompare(text) {
  const r = JSON.parse(text);
  const age = table.by_age.find((g) => g.group !== '65_plus' && r.age >= (g.group === 'under_25' ? 0 : Number(g.group.slice(0, 2))) &&
    r.age <= (g.group.endsWith('plus') ? 200 : g.group === 'under_25' ? 24 : Number(g.group.slice(3, 5))));
  let q = 0;
  while (q < 4 && r.income >= Math.sqrt(quintiles[q].income_before_taxes * quintiles[q + 1].income_before_taxes)) q++;
  const groups = [age, quintiles[q], table.all_units].map((g) => {
    const out = [];
    const money = (metric, user, peer, spread) => out.push({ metric, user, peer, difference: peer === null ? null : user - peer,
      ratio: peer ? user / peer : null, percentile: peer === null ? null : estimate(user, peer, spread) });
    money('income_before_taxes', r.income, g.income_before_taxes, SPREADS.income);
    money('income_after_taxes', r.income_after_taxes, g.income_after_taxes, SPREADS.income);
    money('expenditures', r.expenditures, g.average_annual_expenditures, SPREADS.expenditures);
    for (const c of CATS) money(`spending.${c}`, r.spending[c], g.expenditures[c].mean, SPREADS.category);
    const ratio = g.average_annual_expenditures / g.income_after_taxes;
    out.push({ metric: 'expense_ratio', user: r.expenditures / r.income_after_taxes, peer: ratio });
    out.push({ metric: 'savings_rate', user: 1 - r.expenditures / r.income_after_taxes, peer: 1 - ratio });
    return { group: g.group ?? 'all', comparisons: out };
  });
  return JSON.stringify({ peers: groups });
}

function timeJs(name, fn, text) {
  const ms = [];
  const start = performance.now();
  while (ms.length < 5 || (performance.now() - start < budgetMs && ms.length < 100000)) {
    const s = performance.now();
    fn(text);
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  const line = { name, runtime: 'plain-js', calls: ms.length, median_ms: +ms[ms.length >> 1].toFixed(4) };
  console.log(JSON.stringify(line));
  return line;
}

function capture(fn) {
  const lines = [];
  const log = console.log;
  console.log = (s) => { lines.push(JSON.parse(s)); log(s); };
  try { fn(); } finally { console.log = log; }
  return lines;
}

const { createEngine } = await import(new URL('src/node.js', `file://${pkgDir}/`).href);
const engine = await createEngine({ config: { log_level: 'off' } });
// The peer's figures agree with the engine's before anything is timed.
const mine = JSON.parse(jsCompare(JSON.stringify(benchmarksRequest))).peers;
const theirs = engine.benchmarks.compare(benchmarksRequest).peers;
for (let g = 0; g < 3; g++) {
  for (let k = 0; k < mine[g].comparisons.length; k++) {
    const a = mine[g].comparisons[k], b = theirs[g].comparisons[k];
    if (a.metric !== b.metric || (a.percentile && Math.abs(a.percentile.point - b.percentile.point) > 0.051)) {
      throw new Error(`plain-JS peer disagrees: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
}
const wasm = capture(() => timeCorpus(engine, corpus, budgetMs));
const js = timeJs(corpus[0].name, jsCompare, JSON.stringify(benchmarksRequest));
const dir = mkdtempSync(path.join(tmpdir(), 'nestegg-bench-'));
writeFileSync(path.join(dir, 'corpus.json'), JSON.stringify(corpus));
const benchNative = path.join(path.dirname(nativeCli), 'tests/bench_native');
const run = spawnSync(benchNative, [path.join(dir, 'corpus.json'), String(budgetMs / 1000)], { encoding: 'utf8' });
if (run.status !== 0) throw new Error(`bench_native: ${run.stderr}`);
const native = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
native.forEach((l) => console.log(JSON.stringify(l)));
for (let i = 0; i < corpus.length; i++) {
  console.log(JSON.stringify({ name: corpus[i].name, wasm_over_native: +(wasm[i].median_ms / native[i].median_ms).toFixed(2),
    ...(i === 0 ? { wasm_over_plain_js: +(wasm[i].median_ms / js.median_ms).toFixed(2) } : {}) }));
}
