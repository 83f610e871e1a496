// SPDX-License-Identifier: MIT
// The worst case of every method whose work grows with its input: the largest request the engine's
// default limits allow, built from those limits as `info` reports them (so the figures follow the
// defaults when they change), answered in wasm under Node. Issue 15's target: each at most 1 s on
// this machine class. One JSON line per case: method, case, what makes it the largest, request
// bytes, the median of `reps` calls (after one warm-up call) and whether it was answered.
// Fixed-size methods (goals.timeline, goals.reverse_plan, health.score, benchmarks.compare) are
// left out: no field of theirs scales their work. The last cases are requests whose reading costs
// the most (documentCases): any method pays it; goals.timeline stands for them.
// Run: node tests/bench/bench_worst_case.mjs [pkgDir] [reps] [--only=TEXT: the cases whose method or name holds TEXT]
import path from 'node:path';
import { mulberry32, pkgDir as defaultPkg } from '../js/helpers.mjs';
import { median } from './timing.mjs';

const [pkgArg, repsArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const reps = Number(repsArg ?? 3);
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? '';
const { createEngine } = await import(new URL('src/node.js', `file://${path.resolve(pkgArg ?? defaultPkg)}/`).href);
const engine = await createEngine({ config: { log_level: 'off', today: '2026-12-02', warn_unknown_fields: false } });
const limits = engine.call('info', {}).limits;
// Made now, while the module's memory is small; only the document cases call it.
const unlimitedEngine = ((made) => () => made)(await createEngine({ config: { log_level: 'off', warn_unknown_fields: false,
  limits: { max_json_values: 2 ** 31 } } }));

const rnd = mulberry32(15);
const cents = (x) => Math.round(x * 100) / 100;
const pad = (n, w = 2) => String(n).padStart(w, '0');
// Seasonal, trending, noisy monthly spending: what makes the model searches work hardest (flat or
// short series are answered by a mean).
const seasonal = (n, level = 500) => Array.from({ length: n }, (_, i) =>
  cents(level + 0.2 * level * Math.sin((2 * Math.PI * i) / 12) + 0.1 * level * rnd() + 0.05 * i));
const categoriesOf = (count, months) =>
  Object.fromEntries(Array.from({ length: count }, (_, c) => [`category_${pad(c)}`, seasonal(months, 100 + 20 * c)]));

// The series limits of api/monthly_reader.hpp (not config: a century of months, 64 categories).
const MAX_SERIES = 1200;
const MAX_CATEGORIES = 64;

// forecast.expenses: sum over series of months x the method's weight is at most
// max_forecast_work; the weights are the engine's (info.forecast_weights).
function forecastCases() {
  const work = limits.max_forecast_work;
  const weights = engine.call('info', {}).forecast_weights;
  const out = [];
  for (const method of ['auto', 'combination', 'ets', 'arima', 'holt_winters', 'theta']) {
    const w = weights[method];
    const months = Math.floor(work / w);
    // Many short series (each fit's fixed cost) and a few long ones (each fit's per-month cost).
    // A search may pick a multiplicative season for any series, and is then charged its simulated
    // intervals (5 000 x 12 x (4 + 2) / 200 = 1 800 units): the wide case leaves room for all.
    const search = method === 'auto' || method === 'combination' || method === 'ets';
    const wide = search ? Math.min(MAX_CATEGORIES, Math.floor(work / (24 * w + 1800))) : Math.min(MAX_CATEGORIES, Math.floor(months / 24));
    const shortLen = search ? Math.min(MAX_SERIES, Math.floor((work / wide - 1800) / w)) : Math.min(MAX_SERIES, Math.floor(months / wide));
    out.push({ method: 'forecast.expenses', name: `${method}, ${wide} x ${shortLen} months`,
      request: { method, categories: categoriesOf(wide, shortLen) } });
    const tall = Math.min(MAX_CATEGORIES, Math.max(1, Math.floor(months / MAX_SERIES)));
    const tallLen = Math.min(MAX_SERIES, Math.floor(months / tall));
    if (tall !== wide) out.push({ method: 'forecast.expenses', name: `${method}, ${tall} x ${tallLen} months`,
      request: { method, categories: categoriesOf(tall, tallLen) } });
    // Values that make every candidate of a search work longest (a review's: 1e12 every fifth month
    // among cents took each ARIMA order to its last step); the search's work budget bounds them.
    if (search || method === 'arima') {
      for (const [count, len] of tall !== wide ? [[wide, shortLen], [tall, tallLen]] : [[wide, shortLen]]) {
        out.push({ method: 'forecast.expenses', name: `${method}, ${count} x ${len} months of 1e12 spikes`,
          request: { method, categories: spikyOf(count, len) } });
      }
    }
  }
  return out;
}
const spikyOf = (count, months) => Object.fromEntries(Array.from({ length: count }, (_, c) =>
  [`category_${pad(c)}`, Array.from({ length: months }, (_, i) => (i % 5 === 0 ? 1e12 : cents(rnd())))]));

// The shapes the weights alone do not price (review of issue 15): optimizer nelder_mead (x 4 a fitted
// model, x 8 a search) and simulated intervals (a multiplicative season: + 5 000 paths x horizon x
// (4 + levels) / 200 a series). As many series of `len` months as max_forecast_work allows.
const seasonalOf = (n, period, level = 500) => Array.from({ length: n }, (_, i) =>
  cents(level + 0.2 * level * Math.sin((2 * Math.PI * i) / period) + 0.1 * level * rnd() + 0.05 * i));
function forecastShapeCases() {
  const weights = engine.call('info', {}).forecast_weights;
  const L6 = [50, 60, 70, 80, 90, 95];
  const simulation = (horizon, levels) => (5000 * horizon * (4 + levels)) / 200;
  const shapes = [
    { name: 'ets search, nelder_mead', request: { method: 'ets', optimizer: 'nelder_mead' }, unit: weights.ets * 8, sim: 0 },
    { name: 'holt_winters, nelder_mead', request: { method: 'holt_winters', optimizer: 'nelder_mead' }, unit: weights.holt_winters * 4, sim: 0 },
    { name: 'ets MAM, horizon 120, 6 levels', request: { method: 'ets', spec: 'MAM', horizon: 120, level: L6 },
      unit: weights.ets_spec, sim: simulation(120, 6) },
    { name: 'holt_winters multiplicative damped, period 24', period: 24,
      request: { method: 'holt_winters', seasonal: 'multiplicative', damped: true, period: 24 }, unit: weights.holt_winters, sim: simulation(12, 2) },
    { name: 'holt_winters multiplicative damped, period 24, nelder_mead, horizon 120, 6 levels', period: 24,
      request: { method: 'holt_winters', seasonal: 'multiplicative', damped: true, period: 24, optimizer: 'nelder_mead', horizon: 120, level: L6 },
      unit: weights.holt_winters * 4, sim: simulation(120, 6) },
  ];
  const out = [];
  for (const shape of shapes) {
    for (const len of [48, 300, MAX_SERIES]) {
      const count = Math.min(MAX_CATEGORIES, Math.floor(limits.max_forecast_work / (Math.max(len, 24) * shape.unit + shape.sim)));
      if (count < 1) continue;
      const categories = Object.fromEntries(Array.from({ length: count }, (_, c) => [`category_${pad(c)}`, seasonalOf(len, shape.period ?? 12, 100 + 20 * c)]));
      out.push({ method: 'forecast.expenses', name: `${shape.name}, ${count} x ${len} months`, request: { ...shape.request, categories } });
    }
  }
  return out;
}

// insights.nudges' output at its caps: 100 rules and the built-in all firing on 1 000 subscriptions
// of 200-character merchants, each message 500 characters of placeholders.
function nudgesOutputRequest() {
  const subs = Array.from({ length: 1000 }, (_, k) => ({ id: `subscription:s${k}`, merchant: 'M'.repeat(196) + pad(k, 4),
    amount: 11 + k, previous_amount: 10 }));
  const rules = Array.from({ length: 100 }, (_, i) => ({ id: `r${i}`, metric: 'subscription_increase', op: '>', value: 0,
    cooldown_days: 0, message: '{merchant}'.repeat(50) }));
  return { as_of: '2026-12-02', subscriptions: subs, rules };
}

// forecast.cashflow: 36 months of days x paths within max_cashflow_steps, six levels (each a
// selection per day), 200 incomes and bills, spending series within max_forecast_work at ETS's weight.
function cashflowRequest() {
  const days = 1096;  // 36 months from 2026-12-02
  const paths = Math.min(20000, Math.floor(limits.max_cashflow_steps / days));
  const weights = engine.call('info', {}).forecast_weights;
  const months = Math.floor(limits.max_forecast_work / weights.ets);
  const count = Math.min(MAX_CATEGORIES, Math.floor(months / 36));
  const recurring = (k, amount) => Array.from({ length: 200 }, (_, i) =>
    ({ name: `${k} ${i}`, amount, cadence: ['weekly', 'biweekly', 'monthly', 'annual'][i % 4], day: 1 + (i % 28) }));
  return { starting_balance: 2000, months: 36, paths, level: [50, 60, 70, 80, 90, 95],
    incomes: recurring('income', 30), bills: recurring('bill', 10),
    spending: categoriesOf(count, Math.min(MAX_SERIES, Math.floor(months / count))) };
}

function goalFields(months) {
  return { target_amount: 1e6, current_amount: 1000, target_date: '2036-12-01', as_of: '2026-12-02',
    annual_return_rate: 0.05, planned_monthly_contribution: 500,
    contributions: Array.from({ length: months }, () => Math.round(300 + 400 * rnd())) };
}

const debts = (count) => Array.from({ length: count }, (_, i) => ({ name: `debt ${i}`, balance: cents(2000 + 40000 * rnd()),
  apr: cents(0.05 + 0.25 * rnd()), minimum_payment: cents(30 + 50 * rnd()) }));
const minimums = (list) => list.reduce((s, d) => s + d.minimum_payment, 0);
const spending = (count) => Object.fromEntries(Array.from({ length: count }, (_, c) =>
  [`${c % 2 ? 'wants' : 'needs'}_${pad(c, 3)}`, cents(20 + 300 * rnd())]));
const buckets = (s) => Object.fromEntries(Object.keys(s).map((k) => [k, k.slice(0, 5)]));

// Transactions as columns (the form for many rows): 200 merchants, most monthly with drifting
// prices, some weekly, the rest scattered, over as many days as the rows need.
function transactions(count) {
  const date = [], amount = [], description = [], category = [];
  for (let i = 0; i < count; i++) {
    const m = i % 200;
    const day = Math.floor(i / 200) * (m < 150 ? 30 : 7) + (m % 28);
    date.push(new Date(Date.UTC(2026, 11, 2) - (day % 36000) * 864e5).toISOString().slice(0, 10));
    amount.push(-cents(m < 150 ? 5 + m + (i % 7 === 0 ? 3 : 0) : 2 + 200 * rnd()));
    description.push(`MERCHANT ${m} #${m % 13}`);
    category.push(`cat ${m % 30}`);
  }
  return { date, amount, description, category };
}

function subscriptions(count) {
  return Array.from({ length: count }, (_, k) => ({ id: `subscription:service_${k}`, merchant: `Service ${k}`,
    period: 'monthly', amount: 12.5, previous_amount: k % 3 ? 12.5 : 10, monthly_cost: 12.5, next_expected_date: '2026-12-20',
    status: 'active' }));
}

const named = (count, months) => Array.from({ length: count }, (_, g) => ({ name: `goal ${g}`, ...goalFields(months) }));
// Goals' contributions share the body with the rest: months per goal so 50 goals fit in a quarter of it.
const goalMonths = Math.min(limits.max_array_items, Math.floor(limits.max_request_bytes / 4 / 50 / 4));

function nudgesRequest() {
  const cf = cashflowRequest();
  const history = Array.from({ length: Math.min(limits.max_array_items, limits.max_history_items) }, (_, i) =>
    ({ id: `spending_spike:category_${pad(i % 64)}`, shown: `2026-${pad(1 + (i % 11))}-${pad(1 + (i % 28))}` }));
  const rules = Array.from({ length: 100 }, (_, i) => ({ id: `rule_${i}`, metric: 'category_spend', op: '>', value: i }));
  return { as_of: '2026-12-02', goals: named(50, goalMonths / 2), last_month: '2026-11',
    categories: categoriesOf(MAX_CATEGORIES, MAX_SERIES),
    subscriptions: subscriptions(1000), cashflow: cf, month: { income: 5000, spent: 3000 }, rules, history };
}

function recommendationsRequest() {
  const list = debts(50);
  const history = Array.from({ length: Math.min(limits.max_array_items, limits.max_history_items) }, (_, i) =>
    ({ id: i % 2 ? `rec:goal:goal ${i % 50}` : `rec:cancel:subscription:service_${i % 1000}`,
      status: ['shown', 'accepted', 'dismissed'][i % 3], date: `2026-${pad(1 + (i % 11))}-${pad(1 + (i % 28))}` }));
  const s = spending(200);
  return { as_of: '2026-12-02', monthly_income: 20000, spending: s, buckets: buckets(s), debts: list, debt_budget: cents(minimums(list) + 50),
    emergency_fund: 1000, age: 40, goals: named(50, goalMonths / 4), subscriptions: subscriptions(1000), history };
}

function budgetRequest() {
  const s = spending(200);
  return { monthly_income: 20000, spending: s, buckets: buckets(s) };
}

// The longest series 64 categories can have within max_trend_pairs (n (n - 1) / 2 each).
const trendMonths = Math.min(MAX_SERIES, Math.floor((1 + Math.sqrt(1 + (8 * limits.max_trend_pairs) / MAX_CATEGORIES)) / 2));

function cases() {
  const list = debts(50);
  const steps = limits.max_simulation_steps;
  const simMonths = 1200;
  const rows = limits.max_array_items;
  const nudges = nudgesRequest();
  return [
    ...forecastCases(),
    ...forecastShapeCases(),
    { method: 'forecast.cashflow', name: 'max_cashflow_steps, 6 levels, 200 incomes and bills', request: cashflowRequest() },
    { method: 'goals.simulate', name: `max_simulation_steps: ${Math.floor(steps / simMonths)} paths x ${simMonths} months`,
      request: { target_amount: 5e6, current_amount: 1000, monthly_contribution: 1000, annual_return_rate: 0.06,
        annual_volatility: 0.15, months: simMonths, paths: Math.min(limits.max_paths, Math.floor(steps / simMonths)), seed: 7 } },
    { method: 'goals.adjust', name: `max_array_items contributions (${rows})`, request: goalFields(rows) },
    { method: 'debt.plan', name: '50 debts, optimal, budget just over the minimums (100 years)',
      request: slowestDebtPlan(list) },
    { method: 'investment.readiness', name: '50 debts',
      request: { start_date: '2026-12-02', emergency_fund: 1000, monthly_essential_expenses: 2000, monthly_saving: 500,
        horizon_years: 50, debts: list } },
    { method: 'budget.optimize', name: '200 categories', request: budgetRequest() },
    { method: 'insights.trends', name: `max_trend_pairs: 64 x ${trendMonths} months`,
      request: { last_month: '2026-11', categories: categoriesOf(MAX_CATEGORIES, trendMonths) } },
    { method: 'insights.habits', name: `max_array_items transactions (${rows})`, request: { transactions: transactions(rows) } },
    { method: 'insights.nudges', name: 'full state: 50 goals, 64 categories, 1 000 subscriptions, cash flow, 100 rules, history',
      request: nudges },
    { method: 'insights.nudges', name: '100 rules and the built-in firing on 1 000 subscriptions, 500-character messages of 200-character names',
      request: nudgesOutputRequest() },
    { method: 'recommendations.generate', name: `200 categories, 50 debts and goals, 1 000 subscriptions, ${limits.max_history_items} history entries`,
      request: recommendationsRequest() },
    savingsCase(20, 5),
    savingsCase(20, 20),
    savingsCase(200, 0),
    savingsCase(500, 0),
    predictCase(20),
    predictCase(500),
    ...documentCases(),
  ];
}

// Requests of max_request_bytes whose values cost the most memory and time per byte of text, in a
// field no method reads: max_json_values stops most as they are read (too_large; 11-character
// strings and object members fit under it at 8 MiB and are read whole). Each line also
// gives the wasm memory after the call (it only grows: the peak so far). Then the same requests
// with the limit at its highest, which the byte limit alone then bounds: what the limit saves.
// They run last: their memory stays grown.
function documentCases() {
  const bytes = limits.max_request_bytes - 64;
  const repeat = (unit) => `{"x":[${unit.repeat(Math.floor(bytes / unit.length)).slice(0, -1)}]}`;
  const members = () => {
    const parts = [];
    for (let i = 0, len = 8; len < bytes; i++) { const m = `"${i.toString(36)}":0,`; parts.push(m); len += m.length; }
    return `{"x":{${parts.join('').slice(0, -1)}}}`;
  };
  // 11 characters: one past what a string holds without an allocation (libc++'s 32-bit short string).
  const texts = [['[],', 'empty arrays'], ['{},', 'empty objects'], ['0,', 'zeros'], ['"",', 'empty strings'], ['"abcdefghijk",', '11-character strings'],
    [`[${'[],'.repeat(999)}[]],`, 'arrays of 1 000 empty arrays']]
    .map(([unit, what]) => ({ text: repeat(unit), what }))
    .concat([{ text: members(), what: 'distinct object members' }]);
  const unlimited = unlimitedEngine();
  return [[engine, ''], [unlimited, ', max_json_values 2^31']].flatMap(([e, note]) => texts.map(({ text, what }) => ({
    method: 'goals.timeline', name: `${(text.length / 2 ** 20).toFixed(1)} MiB of ${what}${note}`,
    bytes: text.length, memory: true, run: () => e.call('goals.timeline', text) })));
}


// debt.plan's longest plan: the smallest budget (to the dollar) that still pays every debt off
// within the 100-year horizon, found by bisection on the engine's own answer.
function slowestDebtPlan(list) {
  const request = (budget) => ({ start_date: '2026-12-02', strategy: 'avalanche', monthly_budget: budget, debts: list });
  const pays = (budget) => { try { engine.call('debt.plan', request(budget)); return true; } catch { return false; } };
  let lo = Math.ceil(minimums(list)), hi = Math.ceil(list.reduce((s, d) => s + d.balance, 0));
  while (hi - lo > 1) { const mid = Math.floor((lo + hi) / 2); if (pays(mid)) hi = mid; else lo = mid; }
  return { ...request(hi), strategy: 'optimal' };
}

// savings.train on a design matrix handed over as typed arrays (the form for many rows; JSON rows
// would meet max_request_bytes first): as many rows as max_regression_work allows at that width.
function savingsCase(features, folds) {
  const params = features + 1;
  const rows = Math.floor(limits.max_regression_work / (params ** 2 * (folds + 1))) - params;
  const columns = Array.from({ length: features }, (_, j) => `x${j}`);
  const X = new Float64Array(rows * features).map(() => cents(100 * rnd()));
  const y = new Float64Array(rows).map((_, i) => X[i * features] * 2 + 10 * rnd());
  return { method: 'savings.train', name: `max_regression_work: ${rows} rows x ${features} columns, cv_folds ${folds}`,
    bytes: X.byteLength + y.byteLength, run: () => engine.savings.trainMatrix({ columns, X, y, cv_folds: folds, store: false }) };
}

// savings.predict with its intervals on typed arrays: rows x (columns + 1)^2 within
// max_regression_work (a review's case had 100 000 rows of 500 columns run 15 s before it counted).
function predictCase(features) {
  const params = features + 1;
  const columns = Array.from({ length: features }, (_, j) => `x${j}`);
  const fitRows = 2 * params + 10;
  const fitX = new Float64Array(fitRows * features).map(() => cents(100 * rnd()));
  const fitY = new Float64Array(fitRows).map((_, i) => fitX[i * features] * 2 + 10 * rnd());
  const { model } = engine.savings.trainMatrix({ columns, X: fitX, y: fitY, cv_folds: 0, store: false });
  const rows = Math.min(limits.max_array_items, Math.floor(limits.max_regression_work / params ** 2));
  const X = new Float64Array(rows * features).map(() => cents(100 * rnd()));
  return { method: 'savings.predict', name: `max_regression_work: ${rows} rows x ${features} columns, intervals`,
    bytes: X.byteLength, run: () => engine.savings.predictMatrix({ model, X }) };
}

console.log(JSON.stringify({ limits }));
for (const c of cases().filter((k) => `${k.method} ${k.name}`.includes(only))) {
  const body = c.request && JSON.stringify(c.request);
  const run = c.run ?? (() => engine.call(c.method, body));
  const ms = [];
  let error = null;
  // A refusal is the answer of a document case: timed like the others.
  for (let r = 0; r <= reps && (!error || c.memory); r++) {
    const s = performance.now();
    try {
      run();
    } catch (e) {
      error = `${e.code}: ${e.message}`;
    }
    if (r > 0) ms.push(performance.now() - s);  // the first call warms up
  }
  console.log(JSON.stringify({ method: c.method, case: c.name, bytes: c.bytes ?? body.length,
    median_ms: ms.length ? +median(ms).toFixed(1) : null, max_ms: ms.length ? +Math.max(...ms).toFixed(1) : null,
    answered: !error, ...(error ? { error } : {}),
    ...(c.memory ? { wasm_memory_mib: +(engine.health().wasm_memory_bytes / 2 ** 20).toFixed(1) } : {}) }));
}
