// SPDX-License-Identifier: MIT
// README "Conventions": one spelling of interval levels and percentiles across every method. Each
// method that gives intervals is asked for the same unusual levels and must answer with `lower` /
// `upper` objects keyed by exactly those levels, ordered lower <= point <= upper and nested (a
// wider level never inside a narrower one); percentiles come keyed by percent and are monotone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPackage } from './helpers.mjs';

const { createEngine, NesteggError } = await loadPackage();
const engine = await createEngine({ config: { log_level: 'off', today: '2026-01-15' } });
const LEVELS = [50, 99.5, 80];
const KEYS = ['50', '80', '99.5'];

const history = Array.from({ length: 30 }, (_, i) => {
  const month = `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  return { month, income: 5000 + 40 * Math.sin(i), expenses: 3800 + 150 * Math.cos(i * 1.3) + 4 * i };
});
const spending = Array.from({ length: 36 }, (_, i) => 400 + 60 * Math.sin((2 * Math.PI * i) / 12) + 3 * i + 9 * Math.cos(i * 2.1));

// Checks one point value (number or array) against its bounds at every level.
function checkBands(point, lower, upper, where) {
  assert.deepEqual(Object.keys(lower).sort(), KEYS, `${where}: lower keyed by level`);
  assert.deepEqual(Object.keys(upper).sort(), KEYS, `${where}: upper keyed by level`);
  const at = (v, i) => (Array.isArray(v) ? v[i] : v);
  const n = Array.isArray(point) ? point.length : 1;
  for (let i = 0; i < n; i++) {
    const p = at(point, i);
    for (const k of KEYS) {
      assert.ok(at(lower[k], i) <= p + 0.005 && p <= at(upper[k], i) + 0.005, `${where}[${i}] level ${k}: ${at(lower[k], i)} <= ${p} <= ${at(upper[k], i)}`);
    }
    assert.ok(at(lower['99.5'], i) <= at(lower['80'], i) + 0.005 && at(lower['80'], i) <= at(lower['50'], i) + 0.005, `${where}[${i}] nested lower`);
    assert.ok(at(upper['50'], i) <= at(upper['80'], i) + 0.005 && at(upper['80'], i) <= at(upper['99.5'], i) + 0.005, `${where}[${i}] nested upper`);
  }
}

test('savings.predict rows and columns key intervals by level', () => {
  const { model } = engine.savings.train({ history, features: ['lag_1', 'month_of_year'] });
  const rows = engine.savings.predict({ model, horizon: 3, level: LEVELS }).predictions;
  for (const [i, p] of rows.entries()) checkBands(p.prediction, p.lower, p.upper, `savings row ${i}`);
  assert.equal(Object.keys(rows[0]).some((k) => /^(lower|upper)_/.test(k)), false, 'no lower_80-style keys');
});

test('savings.predict columns and predictMatrix use the same nesting', () => {
  const columns = ['a', 'b'];
  const rows = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7)]);
  const y = rows.map(([a, b], i) => 3 + 2 * a - b + 0.3 * Math.sin(i * 3.1));
  const { model } = engine.savings.train({ design: { columns, rows, y } });
  const cols = engine.savings.predict({ model, rows, level: LEVELS, output: 'columns' }).predictions;
  checkBands(cols.prediction, cols.lower, cols.upper, 'savings columns');
  const typed = engine.savings.predictMatrix({ model, X: Float64Array.from(rows.flat()), level: LEVELS }).predictions;
  assert.ok(typed.lower['99.5'] instanceof Float64Array);
  assert.deepEqual(Array.from(typed.upper['80']), cols.upper['80']);
});

test('forecast.expenses and forecast.cashflow key intervals by level', () => {
  const f = engine.forecast.expenses({ series: spending, horizon: 6, method: 'ets', level: LEVELS }).series;
  checkBands(f.forecast, f.lower, f.upper, 'forecast');
  assert.ok(f.upper['80'][5] - f.lower['80'][5] > 1, 'the intervals have width (the check above can fail)');
  const c = engine.forecast.cashflow({ start_date: '2026-01-01', starting_balance: 2000, months: 2, level: LEVELS, seed: 3,
    incomes: [{ amount: 3000, cadence: 'monthly', day: 1 }], spending: { food: spending } });
  checkBands(c.daily.expected, c.daily.lower, c.daily.upper, 'cashflow daily');
  for (const m of c.monthly) checkBands(m.end_balance, m.lower, m.upper, `cashflow ${m.month}`);
});

test('insights.trends keys the slope interval by level', () => {
  // A trend with irregular noise (a seasonal series reads as autocorrelated and its 99.5 % bounds
  // may be unbounded, null, by design).
  const drift = spending.map((_, i) => 400 + 3 * i + 40 * Math.sin(i * i * 0.7));
  const r = engine.insights.trends({ last_month: '2026-12', categories: { food: drift }, level: LEVELS });
  const s = r.categories.food.slope;
  checkBands(s.per_month, s.lower, s.upper, 'trends slope');
  assert.deepEqual(r.level, LEVELS);
});

test('goals.simulate keys percentiles by percent, monotone in the percent', () => {
  const percentiles = [90, 2.5, 50];
  const s = engine.goals.simulate({ target_amount: 20000, monthly_contribution: 400, annual_return_rate: 0.05,
    annual_volatility: 0.15, months: 48, paths: 2000, percentiles });
  const keys = ['2.5', '50', '90'];
  const ordered = (o, where) => {
    assert.deepEqual(Object.keys(o).sort(), keys, where);
    assert.ok(o['2.5'] <= o['50'] && o['50'] <= o['90'], `${where}: monotone`);
  };
  ordered(s.final_balance.percentiles, 'final_balance');
  assert.ok(Number.isFinite(s.final_balance.mean));
  ordered(s.months_to_target.percentiles, 'months_to_target');
  for (const b of s.bands) ordered(b.percentiles, `band ${b.month}`);
});

test('one rule for levels: the same bad level is refused the same way by every method', () => {
  const calls = [
    () => engine.savings.predict({ model: engine.savings.train({ history }).model, horizon: 1, level: [100] }),
    () => engine.forecast.expenses({ series: spending, level: [100] }),
    () => engine.forecast.cashflow({ starting_balance: 1, level: [100] }),
    () => engine.insights.trends({ last_month: '2026-12', categories: { food: spending }, level: [100] }),
  ];
  for (const call of calls) {
    assert.throws(call, (e) => e instanceof NesteggError && e.code === 'out_of_range' && e.field === 'level[0]');
  }
  assert.throws(() => engine.forecast.expenses({ series: spending, level: [] }), (e) => e instanceof NesteggError && e.field === 'level');
  // A savings prediction stands without intervals: [] asks for none.
  const [alone] = engine.savings.predict({ model: engine.savings.train({ history }).model, horizon: 1, level: [] }).predictions;
  assert.deepEqual([alone.lower, alone.upper], [{}, {}]);
  assert.ok(Number.isFinite(alone.prediction));
});
