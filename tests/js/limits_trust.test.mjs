// SPDX-License-Identifier: MIT
// Every call bounded (issue 15): for each work limit of the engine config, the largest request the
// limit allows answers and the one a unit over it is refused with `too_large` on the field that
// drives the work, before any work. Default limits are read from `info`, so these follow the
// defaults; the widest ones (regression, trend pairs) are checked on a configured small limit too.
// tests/bench/bench_worst_case.mjs times each method's worst case under the defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expectError, loadPackage, mulberry32, pkgDir } from './helpers.mjs';

const { createEngine } = await loadPackage();
const engine = await createEngine({ config: { today: '2026-12-02' } });
const info = engine.info();
const { limits } = info;
const rnd = mulberry32(15);
const series = (n) => Array.from({ length: n }, (_, i) => Math.round(500 + 100 * Math.sin(i / 2) + 50 * rnd()));

test('info reports every limit the config documents, and a weight for every forecasting method', () => {
  // The config's limits as index.d.ts documents them: the engine reports exactly these.
  const types = readFileSync(path.join(pkgDir, 'index.d.ts'), 'utf8');
  const block = /limits\?: \{([^}]*)\}/.exec(types)[1];
  const documented = [...block.matchAll(/(max_[a-z_]+)\?:/g)].map((m) => m[1]).sort();
  assert.deepEqual(Object.keys(limits).sort(), documented);
  for (const k of documented) assert.ok(Number.isInteger(limits[k]) && limits[k] > 0, k);
  // Every method forecast.expenses takes has a weight; the searches weigh more than one fit.
  const methods = /method\?: ((?:'[a-z_]+' \| )*'[a-z_]+')/.exec(types)[1].match(/[a-z_]+/g);
  for (const m of methods) assert.ok(Number.isInteger(info.forecast_weights[m]) && info.forecast_weights[m] >= 1, m);
  assert.ok(info.forecast_weights.auto > info.forecast_weights.ets && info.forecast_weights.ets > info.forecast_weights.ses);
});

test('forecast.expenses: months x weight summed over series, max(months, 24) each', async () => {
  const w = info.forecast_weights.auto;
  const months = limits.max_forecast_work / w;  // 2 400 under the defaults
  assert.ok(Number.isInteger(months) && months > 1200 + 24);
  const at = { a: series(1200), b: series(months - 1200 - 24), c: series(1) };  // c counts as 24 months
  const answer = engine.forecast.expenses({ method: 'auto', categories: at, horizon: 3 });
  assert.equal(Object.keys(answer.categories).length, 3);
  const over = { ...at, b: series(months - 1200 - 24 + 1) };
  expectError(() => engine.forecast.expenses({ method: 'auto', categories: over }), 'too_large', 'categories');
  // The cheapest methods keep the whole 64 x 1 200 months.
  const cheap = Object.fromEntries(Array.from({ length: 64 }, (_, c) => [`c${c}`, series(1200)]));
  assert.equal(limits.max_forecast_work, 64 * 1200 * info.forecast_weights.theta);
  assert.ok(engine.forecast.expenses({ method: 'theta', categories: cheap, horizon: 1 }).total);
  // One series too: 1 200 months of a searched ETS at weight 16 is 19 200.
  const y = series(1200);
  const tight = await createEngine({ config: { limits: { max_forecast_work: 1200 * info.forecast_weights.ets } } });
  assert.ok(tight.forecast.expenses({ method: 'ets', series: y, horizon: 1 }).series);
  const small = await createEngine({ config: { limits: { max_forecast_work: 1200 * info.forecast_weights.ets - 1 } } });
  expectError(() => small.forecast.expenses({ method: 'ets', series: y }), 'too_large', 'series');
});

test('forecast.cashflow: paths x days, and its spending series as ETS searches', () => {
  const days = 1096;  // 2026-12-02 + 36 months
  const paths = Math.floor(limits.max_cashflow_steps / days);
  const base = { start_date: '2026-12-02', starting_balance: 1000, months: 36, include_daily: false };
  assert.equal(engine.forecast.cashflow({ ...base, paths }).start_date, '2026-12-02');
  expectError(() => engine.forecast.cashflow({ ...base, paths: paths + 1 }), 'too_large', 'paths');
  // The same reader behind insights.nudges' cash flow names the field under it.
  expectError(() => engine.insights.nudges({ as_of: '2026-12-02', cashflow: { ...base, paths: paths + 1 } }), 'too_large', 'cashflow.paths');
  const months = limits.max_forecast_work / info.forecast_weights.ets;  // 4 800 months under the defaults
  const spending = { a: series(1200), b: series(1200), c: series(1200), d: series(months - 3600) };
  assert.ok(engine.forecast.cashflow({ ...base, months: 3, paths: 100, spending }).spending.d);
  spending.e = series(1);
  expectError(() => engine.forecast.cashflow({ ...base, months: 3, paths: 100, spending }), 'too_large', 'spending');
});

test('goals.simulate: paths x months at max_simulation_steps', () => {
  const paths = Math.min(limits.max_paths, 100000);
  const months = Math.floor(limits.max_simulation_steps / paths);
  const base = { target_amount: 1e6, current_amount: 1000, monthly_contribution: 500, annual_return_rate: 0.05,
    annual_volatility: 0.15, paths, seed: 3, start_date: '2026-12-02' };
  const p = engine.goals.simulate({ ...base, months }).probability_of_success;
  assert.ok(p >= 0 && p <= 1);
  expectError(() => engine.goals.simulate({ ...base, months: months + 1 }), 'too_large', 'paths');
});

test('savings.train: (rows + params) x params^2 x (cv_folds + 1)', async () => {
  const cols = 20, folds = 20, params = cols + 1;
  const rows = Math.floor(limits.max_regression_work / (params * params * (folds + 1))) - params;
  const X = new Float64Array((rows + 1) * cols).map(() => rnd());
  const y = new Float64Array(rows + 1).map((_, i) => X[i * cols] + rnd());
  const columns = Array.from({ length: cols }, (_, j) => `x${j}`);
  const at = engine.savings.trainMatrix({ columns, X: X.subarray(0, rows * cols), y: y.subarray(0, rows), cv_folds: folds });
  assert.equal(at.metrics.in_sample.n, rows);
  expectError(() => engine.savings.trainMatrix({ columns, X, y, cv_folds: folds }), 'too_large', 'design.rows');
  // The history form counts its columns from the features: 2 features + intercept on 30 months, no folds.
  const month = (i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  const history = Array.from({ length: 30 }, (_, i) => ({ month: month(i), income: 5000 + 10 * i, expenses: 3000 + 100 * rnd() }));
  const request = { history, features: ['trend', 'lag_1'], cv_folds: 0 };
  const work = (30 + 3) * 3 * 3;
  const fits = await createEngine({ config: { limits: { max_regression_work: work } } });
  assert.ok(fits.savings.train(request).model);
  const over = await createEngine({ config: { limits: { max_regression_work: work - 1 } } });
  expectError(() => over.savings.train(request), 'too_large', 'history');
});

test('insights.trends: pairs of months at max_trend_pairs', async () => {
  const request = { last_month: '2026-11', categories: { a: series(10), b: series(10), c: series(10) } };  // 3 x 45 pairs
  const fits = await createEngine({ config: { limits: { max_trend_pairs: 135 } } });
  assert.deepEqual(Object.keys(fits.insights.trends(request).categories), ['a', 'b', 'c']);
  const over = await createEngine({ config: { limits: { max_trend_pairs: 134 } } });
  expectError(() => over.insights.trends(request), 'too_large', 'categories');
});

test('history of insights.nudges and recommendations.generate: max_history_items entries', () => {
  const n = limits.max_history_items;
  const shown = Array.from({ length: n }, (_, i) => ({ id: `spending_spike:c${i % 7}`, shown: '2026-11-01' }));
  assert.ok(Array.isArray(engine.insights.nudges({ as_of: '2026-12-02', history: shown }).nudges));
  expectError(() => engine.insights.nudges({ as_of: '2026-12-02', history: [...shown, shown[0]] }), 'too_large', 'history');
  const recs = Array.from({ length: n }, (_, i) => ({ id: `rec:x${i % 7}`, status: 'shown', date: '2026-11-01' }));
  const household = { as_of: '2026-12-02', monthly_income: 5000, spending: { rent: 1500, dining: 400 } };
  assert.ok(Array.isArray(engine.recommendations.generate({ ...household, history: recs }).recommendations));
  expectError(() => engine.recommendations.generate({ ...household, history: [...recs, recs[0]] }), 'too_large', 'history');
});

// insights.nudges' output grows as rules x subjects x message length: the evaluations are counted
// before any (max_nudge_evaluations), each rule keeps its max_nudges_per_rule subjects furthest
// past its threshold, and a message expands into at most 1 000 bytes.
const subscriptions = (n, name = (k) => `M${k}`) => Array.from({ length: n }, (_, k) =>
  ({ id: `subscription:s${k}`, merchant: name(k), amount: 11 + k, previous_amount: 10 }));
const increaseRules = (n, extra = {}) => Array.from({ length: n }, (_, i) =>
  ({ id: `r${i}`, metric: 'subscription_increase', op: '>', value: 0, cooldown_days: 0, ...extra }));

test('insights.nudges: each enabled rule x the subjects of its family, at max_nudge_evaluations', async () => {
  // 10 subscriptions, 3 rules of the caller's and the built-in subscription_price_up: 40 evaluations.
  const request = { as_of: '2026-12-02', subscriptions: subscriptions(10), rules: increaseRules(3) };
  const at = await createEngine({ config: { limits: { max_nudge_evaluations: 40 } } });
  assert.equal(at.insights.nudges(request).nudges.length, 40);
  const over = await createEngine({ config: { limits: { max_nudge_evaluations: 39 } } });
  expectError(() => over.insights.nudges(request), 'too_large', 'rules');
  // A switched-off rule is not evaluated.
  const off = { ...request, rules: [...request.rules, { id: 'subscription_price_up', enabled: false }] };
  assert.equal(over.insights.nudges(off).nudges.length, 30);
});

test('insights.nudges: a rule keeps max_nudges_per_rule subjects, the furthest past its threshold, and counts the rest', async () => {
  const cap = limits.max_nudges_per_rule;
  assert.equal(cap, 20);
  const n = 50;  // subscription k rose by (k + 1) / 10: the largest increases are the last ones
  const answer = engine.insights.nudges({ as_of: '2026-12-02', subscriptions: subscriptions(n), rules: increaseRules(1) });
  const mine = answer.nudges.filter((x) => x.rule === 'r0');
  assert.equal(mine.length, cap);
  const kept = mine.map((x) => Number(x.subject.slice(1))).sort((a, b) => a - b);
  assert.deepEqual(kept, Array.from({ length: cap }, (_, i) => n - cap + i));
  // The built-in subscription_price_up (> 0) fires on them all too, and comes first.
  assert.deepEqual(answer.omitted, [{ rule: 'subscription_price_up', count: n - cap }, { rule: 'r0', count: n - cap }]);
  const five = await createEngine({ config: { today: '2026-12-02', limits: { max_nudges_per_rule: 5 } } });
  const small = five.insights.nudges({ as_of: '2026-12-02', subscriptions: subscriptions(n), rules: increaseRules(1) });
  assert.equal(small.nudges.filter((x) => x.rule === 'r0').length, 5);
  assert.deepEqual(small.omitted.map((o) => o.count), [n - 5, n - 5]);
});

test('insights.nudges: a message expands into at most 1 000 bytes, cut between characters', () => {
  const long = 'M'.repeat(190);
  const one = { as_of: '2026-12-02', subscriptions: subscriptions(2, () => long), rules: increaseRules(1, { message: '{merchant}'.repeat(50) }) };
  const message = engine.insights.nudges(one).nudges.find((x) => x.rule === 'r0').message;
  assert.equal(message, long.repeat(50).slice(0, 1000));
  const accented = 'é'.repeat(150);  // 2 bytes each: 1 000 bytes fall inside no character only by the cut
  const two = { ...one, subscriptions: subscriptions(2, () => `x${accented}`) };
  const cut = engine.insights.nudges(two).nudges.find((x) => x.rule === 'r0').message;
  assert.ok(Buffer.byteLength(cut) <= 1000 && Buffer.byteLength(cut) >= 999, String(Buffer.byteLength(cut)));
  assert.ok(`x${accented}`.repeat(50).startsWith(cut) && !cut.includes('\uFFFD'));
});

test('insights.nudges: the largest request the field caps allow stays bounded (100 rules x 1 000 subscriptions)', () => {
  const request = { as_of: '2026-12-02', subscriptions: subscriptions(1000, (k) => 'M'.repeat(190) + k),
    rules: increaseRules(100, { message: '{merchant}'.repeat(50) }) };
  const t0 = performance.now();
  const answer = engine.insights.nudges(request);
  const ms = performance.now() - t0;
  assert.equal(answer.nudges.length, 101 * limits.max_nudges_per_rule);
  assert.equal(answer.omitted.length, 101);
  assert.ok(JSON.stringify(answer).length < 3e6);
  assert.ok(ms < 5000, `${ms} ms`);  // the bench times it (tests/bench/bench_worst_case.mjs); here only no blow-up
  assert.ok(engine.goals.timeline({ target_amount: 1000, monthly_contribution: 100 }).months_needed >= 10);
});

test('subscriptions: one cap for insights.nudges and recommendations.generate; recommendations past max_recommendations counted', async () => {
  const unused = (n) => Array.from({ length: n }, (_, k) => ({ id: `subscription:s${k}`, merchant: `S${k}`, amount: 5, monthly_cost: 5 + k / 100, unused: true }));
  const household = { as_of: '2026-12-02', monthly_income: 5000, spending: { rent: 1500 } };
  const answer = engine.recommendations.generate({ ...household, subscriptions: unused(1000) });
  assert.equal(answer.recommendations.length, limits.max_recommendations);
  const cancels = answer.recommendations.filter((r) => r.id.startsWith('rec:cancel:'));
  assert.ok(cancels.length > 0);
  // The same request with room for everything: the capped answer is its first max_recommendations,
  // and `omitted` counts exactly the rest.
  const roomy = await createEngine({ config: { today: '2026-12-02', limits: { max_recommendations: 100000 } } });
  const full = roomy.recommendations.generate({ ...household, subscriptions: unused(1000) });
  assert.ok(full.recommendations.length > limits.max_recommendations);
  assert.equal(answer.omitted, full.recommendations.length - limits.max_recommendations);
  assert.deepEqual(answer.recommendations.map((r) => r.id), full.recommendations.slice(0, limits.max_recommendations).map((r) => r.id));
  const scores = answer.recommendations.map((r) => r.score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  expectError(() => engine.recommendations.generate({ ...household, subscriptions: unused(1001) }), 'too_large', 'subscriptions');
  expectError(() => engine.insights.nudges({ as_of: '2026-12-02', subscriptions: subscriptions(1001) }), 'too_large', 'subscriptions');
});

test('config.limits: an unknown key, null, NaN or Infinity is refused, not replaced by the default', async () => {
  const refused = async (limitsGiven, code, field) => {
    await assert.rejects(createEngine({ config: { limits: limitsGiven } }), (e) => {
      assert.equal(e.name, 'NesteggError', String(e));
      assert.equal(e.code, code, e.message);
      assert.equal(e.field, field, e.message);
      return true;
    });
  };
  await refused({ max_path: 5 }, 'invalid_value', 'config.limits.max_path');
  await refused({ max_paths: null }, 'wrong_type', 'config.limits.max_paths');
  await refused({ max_paths: NaN }, 'not_finite', 'config.limits.max_paths');
  await refused({ max_forecast_work: Infinity }, 'not_finite', 'config.limits.max_forecast_work');
  for (const k of ['max_nudge_evaluations', 'max_nudges_per_rule', 'max_recommendations'])
    assert.equal((await createEngine({ config: { limits: { [k]: 7 } } })).info().limits[k], 7, k);
});

// The forecasting work counts the optimizer (nelder_mead: 4 fits a model, 8 a search) and, for a
// model with simulated intervals, paths x horizon x (4 + levels) / 200 (series_forecast.hpp).
test('forecast.expenses: nelder_mead and simulated intervals count in max_forecast_work', async () => {
  const y = series(300);
  const atLimit = async (work, request, field) => {
    const fits = await createEngine({ config: { limits: { max_forecast_work: work } } });
    assert.ok(fits.forecast.expenses(request).series);
    const over = await createEngine({ config: { limits: { max_forecast_work: work - 1 } } });
    expectError(() => over.forecast.expenses(request), 'too_large', field);
  };
  await atLimit(300 * info.forecast_weights.holt * 4, { method: 'holt', optimizer: 'nelder_mead', series: y }, 'series');
  await atLimit(100 * info.forecast_weights.ets * 8, { method: 'ets', optimizer: 'nelder_mead', series: y.slice(0, 100) }, 'series');
  const levels = [50, 60, 70, 80, 90, 95];
  await atLimit(300 * info.forecast_weights.holt_winters + (5000 * 120 * (4 + 6)) / 200,
    { method: 'holt_winters', seasonal: 'multiplicative', horizon: 120, level: levels, series: y }, 'series');
  await atLimit(300 * info.forecast_weights.ets_spec + (5000 * 12 * (4 + 2)) / 200, { method: 'ets', spec: 'MAM', series: y }, 'series');
  // An additive season has analytic intervals: the horizon adds nothing.
  await atLimit(300 * info.forecast_weights.ets_spec, { method: 'ets', spec: 'AAA', horizon: 120, level: levels, series: y }, 'series');
});

// A search does not know its model before it fits: one that picks a multiplicative season is
// charged the simulation before it simulates, and refused when that is over the limit.
test('forecast.expenses: a search that picks simulated intervals is charged them before simulating', async () => {
  const r = mulberry32(7);
  const y = Array.from({ length: 75 }, (_, i) => Math.round(100 * 200 * 1.01 ** i * (1 + 0.4 * Math.sin((2 * Math.PI * i) / 12)) * (0.9 + 0.2 * r())) / 100);
  const work = 75 * info.forecast_weights.ets + (5000 * 12 * (4 + 2)) / 200;
  const fits = await createEngine({ config: { limits: { max_forecast_work: work } } });
  const answer = fits.forecast.expenses({ method: 'ets', series: y }).series;
  assert.match(answer.model.name, /^ETS\(M,.*,M\)$/);  // what makes the test: a multiplicative season was picked
  assert.equal(answer.model.intervals, 'simulated');
  const over = await createEngine({ config: { limits: { max_forecast_work: work - 1 } } });
  expectError(() => over.forecast.expenses({ method: 'ets', series: y }), 'too_large', 'series');
  expectError(() => over.forecast.expenses({ method: 'ets', categories: { food: y } }), 'too_large', 'categories.food');
});

// savings.evaluate recorded each month as it went, scanning every recorded month for each new
// one: a month without its actual value left the earlier ones recorded (a failed call changed
// what is stored), and 95 000 months took 39 s in wasm. Now every month is checked first, the
// recording is linear, and a call takes at most a century of months (as savings.predict).
test('savings.evaluate: a failed call records nothing; at most 1 200 months a call', async () => {
  const { readFileSync } = await import('node:fs');
  const sample = JSON.parse(readFileSync(new URL('../../web-demo/sample-savings.json', import.meta.url), 'utf8'));
  const e = await createEngine({ config: { today: '2026-12-02' } });
  e.savings.train(sample);
  const month = (i) => `${2026 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  const months = (n) => Array.from({ length: n }, (_, i) => ({ month: month(i), income: 5000, expenses: 3000 }));
  const before = JSON.stringify(e.savings.export());
  const bad = months(5);
  delete bad[4].income;
  expectError(() => e.savings.evaluate({ user_id: sample.user_id, months: bad }), 'missing_field', 'months[4]');
  assert.equal(JSON.stringify(e.savings.export()), before, 'nothing recorded by the failed call');
  expectError(() => e.savings.evaluate({ user_id: sample.user_id, months: months(1201) }), 'too_large', 'months');
  expectError(() => e.savings.predict({ user_id: sample.user_id, months: months(1201) }), 'too_large', 'months');
  const t = performance.now();
  assert.equal(e.savings.evaluate({ user_id: sample.user_id, months: months(1200) }).over_time.length, 1200);
  assert.ok(performance.now() - t < 1000, 'the largest call allowed answers within 1 s');
});
