// SPDX-License-Identifier: MIT
// The parity corpus: a seeded generator's few hundred requests across every goals method, savings
// (training and prediction), forecasting, debts, budgets and health scores, plus the benchmark
// corpus, every bad request and the branch-reaching requests of tests/fixtures/answer_corpus.json. parity.test.mjs (native vs wasm, numerically) and
// determinism.test.mjs (byte-identical canonical JSON on every runtime) answer the same list.
import assert from 'node:assert/strict';
import { fixture, mulberry32, relDiff } from './helpers.mjs';
import { debtCorpus } from './debt_corpus.mjs';

/**
 * [method, request] pairs (a request is an object, or raw text for the bad requests). `engine`
 * (the wasm package's) trains the models the savings.predict requests carry inline.
 */
export function parityCorpus(engine) {
  const rnd = mulberry32(20261124);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const money = () => Math.round(rnd() * 10 ** (1 + rnd() * 6) * 100) / 100;
  const rate = () => pick([0, 1e-12, 0.01, 0.05, 0.07, -0.03, 0.12, rnd() * 0.2 - 0.05]);
  const date = () => `20${20 + Math.floor(rnd() * 10)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${pick(['01', '15', '28', '31'].filter(() => true))}`;
  const validDate = () => { for (;;) { const d = date(); if (!Number.isNaN(Date.parse(d)) && new Date(d).toISOString().slice(0, 10) === d) return d; } };
  const out = [];
  for (let i = 0; i < 60; i++) {
    out.push(['goals.timeline', { target_amount: money(), current_amount: money() / 10, monthly_contribution: money() / 50,
      annual_return_rate: rate(), start_date: validDate(), monthly_income: 5000, monthly_expenses: money() / 100,
      include_schedule: rnd() < 0.3 }]);
    const start = validDate();
    out.push(['goals.reverse_plan', { target_amount: money(), current_amount: money() / 10, annual_return_rate: rate(),
      start_date: start, target_date: `${Number(start.slice(0, 4)) + 1 + Math.floor(rnd() * 20)}-06-30` }]);
    out.push(['goals.adjust', { target_amount: money(), current_amount: money() / 5, annual_return_rate: rate(),
      as_of: '2026-01-15', target_date: `${2027 + Math.floor(rnd() * 10)}-01-15`,
      contributions: Array.from({ length: 1 + Math.floor(rnd() * 30) }, () => money() / 100),
      planned_monthly_contribution: money() / 100 }]);
  }
  for (let i = 0; i < 12; i++) {
    out.push(['goals.simulate', { target_amount: money() * 10, current_amount: money(), monthly_contribution: money() / 20,
      annual_return_rate: rate(), annual_volatility: pick([0, 0.05, 0.15, 0.3]), months: 12 + Math.floor(rnd() * 348),
      paths: 500 + Math.floor(rnd() * 1500), seed: Math.floor(rnd() * 1e9), start_date: validDate() }]);
  }
  out.push(...savingsCorpus(engine, rnd, pick));
  out.push(...forecastCorpus(rnd, pick));
  out.push(...debtCorpus());  // debt.plan and investment.readiness (their own seed)
  out.push(...planningCorpus(rnd, pick));
  out.push(...insightsCorpus(rnd, pick));  // after the others: their requests stay as they were
  for (const c of fixture('../bench/corpus.json')) out.push([c.method, c.request]);
  for (const c of fixture('bad_requests.json')) out.push([c.method, c.body]);
  // Requests written to reach every handler's branches (tests/bench/compare_answers.mjs's corpus),
  // less the stateful savings methods (the native CLI starts each call with an empty registry) and
  // the answers that describe the engine itself (its build, clocks and memory).
  const own = new Set(['info', 'health', 'metrics']);
  for (const c of fixture('answer_corpus.json')) if (!c.method.startsWith('savings.') && !own.has(c.method)) out.push([c.method, c.body]);
  // Balances past 1e12 after 50 years of growth: glibc's exp (native) and musl's (wasm) had put
  // every one of these a cent apart somewhere; the core now has its own (core/numeric/basic_math).
  for (let k = 0; k < 8; k++) {
    out.push(['goals.simulate', { current_amount: 9e11 * (1 - k / 37), target_amount: 9.99e11, monthly_contribution: 3e9 / (k + 1),
      annual_return_rate: 0.03 + 0.01 * k, annual_volatility: 0.05 + 0.02 * k, months: 600, paths: 500, seed: k + 1, percentiles: [10, 50, 90] }]);
  }
  return out;
}

// Savings: training on generated histories and designs with every solver and feature family, then
// predictions from the model the wasm build trained (the native CLI is stateless: the model goes
// inline). Least squares is where summation order could differ between builds: checked here.
function savingsCorpus(engine, rnd, pick) {
  const out = [];
  const featureSets = [['trend', 'season', 'lag_1'], ['trend', 'month_of_year'], ['trend', 'income', 'expense_ratio_lag_1'],
    ['lag_1', 'lag_2', 'season'], ['trend', 'category:food', 'x:rate']];
  for (let i = 0; i < 20; i++) {
    const n = 26 + Math.floor(rnd() * 30);
    const history = Array.from({ length: n + 3 }, (_, k) => ({
      month: `${2020 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`,
      income: Math.round((4000 + 20 * k + 300 * rnd()) * 100) / 100,
      expenses: Math.round((3000 + 200 * Math.sin(k / 2) + 400 * rnd()) * 100) / 100,
      categories: { food: Math.round(600 + 100 * rnd()) },
      features: { rate: Math.round(rnd() * 500) / 100 },
    }));
    const options = { features: featureSets[i % featureSets.length], solver: pick(['auto', 'qr', 'normal']),
      ridge: pick([0, 0, 0.01]), cv_folds: pick([0, 3, 5]) };
    const train = { history: history.slice(0, n), ...options };
    out.push(['savings.train', train]);
    const { model } = engine.savings.train(train);
    out.push(['savings.predict', { model, months: history.slice(n), level: [50, 80, 95] }]);
  }
  for (let i = 0; i < 5; i++) {
    const p = 2 + i, n = 40 + 10 * i;
    const rows = Array.from({ length: n }, () => Array.from({ length: p }, () => rnd() * 100 - 20));
    const y = rows.map((r) => r.reduce((a, x, j) => a + (j - 1) * x, 7) + rnd() * 5);
    const train = { design: { columns: rows[0].map((_, j) => `c${j}`), rows, y }, solver: pick(['qr', 'normal']) };
    out.push(['savings.train', train]);
    out.push(['savings.predict', { model: engine.savings.train(train).model, rows: rows.slice(0, 7) }]);
  }
  return out;
}

// Forecasting: every evaluation series through each method (optimisers included: a last-bit
// difference in log() would send Nelder-Mead elsewhere and show here), series with gaps and
// zeros, and cash-flow projections with simulated spending.
function forecastCorpus(rnd, pick) {
  const out = [];
  for (const c of fixture('forecast_reference.json').evaluation) {
    for (const method of ['auto', 'ets', 'arima', c.period > 1 ? 'snaive' : 'naive']) {
      out.push(['forecast.expenses', { series: c.train, period: c.period, horizon: c.horizon, method, level: [80, 95] }]);
    }
  }
  for (let i = 0; i < 10; i++) {
    const n = 14 + Math.floor(rnd() * 40);
    const series = Array.from({ length: n }, (_, t) => (rnd() < 0.08 ? null : Math.round((300 + 60 * Math.sin(t / 1.9) + 80 * rnd() - (rnd() < 0.1 ? 300 : 0)) * 100) / 100));
    out.push(['forecast.expenses', { series, period: pick([1, 4, 12]), horizon: 1 + Math.floor(rnd() * 18),
      method: pick(['auto', 'ets', 'arima', 'holt_winters', 'ses', 'holt']), damped: true }]);
  }
  // Two to three seasons of months: a seasonal ETS start is a regression on sines of the month
  // (turn_sine.hpp), where libm's sin gave native and wasm answers a last bit apart (holt_winters
  // multiplicative's parameters, auto's bounds).
  for (let i = 0; i < 6; i++) {
    const series = Array.from({ length: 24 + Math.floor(rnd() * 12) }, (_, t) => Math.round((500 + 150 * Math.sin(2 * Math.PI * t / 12) + 120 * rnd()) * 100) / 100);
    out.push(['forecast.expenses', { series, horizon: 12, method: pick(['auto', 'ets', 'holt_winters']), seasonal: 'multiplicative' }]);
  }
  for (let i = 0; i < 4; i++) {
    const history = () => Array.from({ length: 6 + Math.floor(rnd() * 30) }, () => Math.round(200 + 400 * rnd()));
    out.push(['forecast.cashflow', { start_date: '2026-02-13', starting_balance: Math.round(rnd() * 3000), months: 1 + Math.floor(rnd() * 12),
      incomes: [{ amount: 2500, cadence: pick(['monthly', 'biweekly']), day: 28, start_date: '2026-02-13' }],
      bills: [{ amount: 1200, day: 31 }, { amount: 40, cadence: 'weekly', start_date: '2026-02-16' }, { amount: 600, cadence: 'annual', start_date: '2025-03-01' }],
      spending: { food: history(), other: history() }, paths: 500, seed: i }]);
  }
  // Series a model reproduces exactly (the likelihood's floor on the squared errors decides them)
  // and the naive forecast across missing months. No draws: the corpus after them is unchanged.
  const line = Array.from({ length: 24 }, (_, t) => 1000 + 25 * t);
  for (const method of ['auto', 'holt', 'arima', 'ets', 'theta']) out.push(['forecast.expenses', { series: line, period: 12, horizon: 6, method }]);
  const year = [500, 450, 480, 520, 560, 600, 650, 640, 580, 530, 510, 700];
  out.push(['forecast.expenses', { series: Array.from({ length: 36 }, (_, t) => year[t % 12]), horizon: 12, method: 'holt_winters' }]);
  out.push(['forecast.expenses', { series: [600, null, 650, null, 620, null, 640], horizon: 3, method: 'naive' }]);
  return out;
}

// Planning: budgets with floors, ceilings, rules and modes (the breakpoint search and the cent
// rounding must pick the same cents), and health scores with inputs missing at random.
function planningCorpus(rnd, pick) {
  const out = [];
  const names = ['housing', 'groceries', 'utilities', 'transport', 'insurance', 'dining', 'travel', 'shopping',
    'subscriptions', 'retirement', 'investing', 'emergency_fund'];
  for (let i = 0; i < 40; i++) {
    const spending = {}, floors = {}, ceilings = {};
    for (const n of names) {
      if (rnd() < 0.25) continue;
      spending[n] = Math.round(rnd() * 150000) / 100;
      if (rnd() < 0.25) floors[n] = Math.round(rnd() * spending[n] * 90) / 100;
      if (rnd() < 0.2) ceilings[n] = Math.round(((floors[n] ?? 0) + rnd() * 800) * 100) / 100;
    }
    spending.rent = Math.round(rnd() * 200000) / 100;
    out.push(['budget.optimize', { monthly_income: Math.round((1500 + rnd() * 8000) * 100) / 100, spending, floors, ceilings,
      rule: pick(['50/30/20', '70/20/10', '60/20/20']), mode: pick(['exact', 'exact', 'at_most']) }]);
  }
  const fields = [['monthly_income', 500, 15000], ['monthly_spending', 0, 20000], ['bills_on_time', 0, 1],
    ['liquid_savings', 0, 90000], ['goal_confidence', 0, 1], ['monthly_debt_payments', 0, 4000], ['debt_balance', 0, 200000],
    ['credit_score', 300, 850], ['insurance_coverage', 0, 1], ['planning_horizon_months', 0, 48]];
  for (let i = 0; i < 40; i++) {
    const request = {};
    for (const [k, lo, hi] of fields) if (rnd() < 0.8) request[k] = lo + (hi - lo) * rnd();
    out.push(['health.score', request]);
  }
  return out;
}

// Insights whose answers go through the normal and Student's t distributions (a trend's p-value
// and interval, a peer percentile): a hostile review found a trend's p_value a last digit apart
// natively and in wasm on 52 of 400 short series like these, libm's erfc being glibc's and musl's.
function insightsCorpus(rnd, pick) {
  const out = [];
  for (let i = 0; i < 60; i++) {
    const length = 4 + Math.floor(rnd() * 33), base = 20 + rnd() * 2000, slope = (rnd() - 0.5) * base * 0.05;
    const series = Array.from({ length }, (_, t) => Math.round(Math.max(0, base + slope * t + (rnd() - 0.5) * base * 0.4) * 100) / 100);
    out.push(['insights.trends', { last_month: `20${24 + Math.floor(rnd() * 4)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}`,
      categories: { [pick(['dining', 'groceries', 'travel'])]: series } }]);
  }
  for (let i = 0; i < 30; i++) {
    const income = Math.round(rnd() * 20000 * 100) / 100;
    out.push(['benchmarks.compare', { age: 18 + Math.floor(rnd() * 70), period: pick(['monthly', 'annual']),
      income_after_taxes: income, expenditures: Math.round(income * (0.3 + rnd()) * 100) / 100,
      spending: { food: Math.round(rnd() * 1500 * 100) / 100, entertainment: Math.round(rnd() * 600 * 100) / 100 } }]);
  }
  return out;
}

/**
 * Asserts that a native answer `a` and a wasm answer `b` agree: the same keys, strings and
 * lengths; numbers to 1e-12 relative (libm's last bit), savings.* to 1e-9 relative or 1e-11
 * absolute (Eigen's SIMD sums natively). `path` starts with the method; stats counts the numbers
 * that are identical (exact) and those only within tolerance (close).
 */
export function agree(a, b, path, stats) {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) stats.exact++;
    else {
      stats.close++;
      const ok = path.startsWith('savings.') ? relDiff(a, b) <= 1e-9 || Math.abs(a - b) <= 1e-11 : relDiff(a, b) <= 1e-12;
      assert.ok(ok, `${path}: native ${a} vs wasm ${b}`);
    }
    return;
  }
  if (Array.isArray(a)) {
    assert.ok(Array.isArray(b) && a.length === b.length, `${path}: array length`);
    a.forEach((x, i) => agree(x, b[i], `${path}[${i}]`, stats));
    return;
  }
  if (a && typeof a === 'object') {
    assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort(), `${path}: keys`);
    for (const k of Object.keys(a)) agree(a[k], b[k], `${path}.${k}`, stats);
    return;
  }
  assert.equal(b, a, path);
}
