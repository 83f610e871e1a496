// SPDX-License-Identifier: MIT
// recommendations.generate through the package: the worked examples of
// tests/unit/recommendations_test.cpp, the history round trip through the store
// (store.recommendations.add / decide / history -> the request's `history`), native CLI and wasm
// agreeing on a seeded corpus, errors naming the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { agree, loadPackage, mulberry32, nativeCli } from './helpers.mjs';

const { createEngine, MemoryStorage, openStore, NesteggError } = await loadPackage();
const engine = await createEngine({ config: { log_level: 'off' } });

const household = { as_of: '2026-03-15', spending_month: '2026-02', monthly_income: 5000, age: 30, emergency_fund: 0,
  spending: { housing: 2000, groceries: 500, dining: 1000, entertainment: 800 } };

test('the worked example: four recommendations ranked by score', () => {
  const r = engine.recommendations.generate(household);
  assert.deepEqual(r.recommendations.map((x) => [x.id, x.impact.monthly, x.impact.annual, x.score]), [
    ['rec:peer:food', 691.33, 8295.96, 4147.98],          // (18000 - 9704) / 12, x 0.5
    ['rec:starter_emergency_fund', 625, 7500, 3750],      // 2500 over ceil(2500 / 700) = 4 months, x 0.5
    ['rec:peer:entertainment', 549.33, 6591.96, 3295.98], // (9600 - 3008) / 12, x 0.5
    ['rec:budget_rebalance', 300, 3600, 2700],            // wants 1800 over 1500, x 0.75
  ]);
  assert.equal(r.hold_days, 90);
  assert.match(r.recommendations[0].rationale, /Consumer Expenditure Survey 2023/);
});

test('debt avalanche against the listed order: 9.90 of interest saved over 2 months', () => {
  const r = engine.recommendations.generate({ as_of: '2026-03-15', monthly_income: 5000, spending: { housing: 1000 },
    debts: [{ name: 'car', balance: 1000, apr: 0, minimum_payment: 10 }, { name: 'card', balance: 1000, apr: 0.12, minimum_payment: 10 }],
    debt_budget: 1010 });
  const d = r.recommendations.find((x) => x.id === 'rec:debt_avalanche');
  assert.deepEqual([d.numbers.interest_now, d.numbers.interest_avalanche, d.impact.monthly, d.impact.annual], [20, 10.1, 4.95, 59.4]);
});

test('history from the store: dismissed held back 90 days, accepted tracked and measured', async () => {
  let now = Date.parse('2026-01-01T10:00:00Z');
  const store = await openStore(new MemoryStorage(), { now: () => now });
  const first = engine.recommendations.generate(household);
  for (const rec of first.recommendations) {
    await store.recommendations.add({ id: rec.id, kind: rec.kind, text: rec.title, data: { baseline: rec.baseline } });
  }
  await store.recommendations.decide('rec:peer:food', 'dismissed');
  now = Date.parse('2026-01-20T10:00:00Z');
  await store.recommendations.decide('rec:peer:entertainment', 'accepted');
  const history = await store.recommendations.history();
  assert.deepEqual(history.find((h) => h.id === 'rec:peer:entertainment'),
    { id: 'rec:peer:entertainment', status: 'accepted', date: '2026-01-20', baseline: 800 });
  assert.deepEqual(history.find((h) => h.id === 'rec:budget_rebalance'),
    { id: 'rec:budget_rebalance', status: 'shown', date: '2026-01-01', baseline: 4300 });

  const later = engine.recommendations.generate({ ...household, spending: { ...household.spending, entertainment: 600 }, history });
  assert.deepEqual(later.held_back, [{ id: 'rec:peer:food', dismissed_date: '2026-01-01', until_date: '2026-04-01' }]);
  assert.deepEqual(later.tracked.map((t) => [t.id, t.baseline, t.current, t.effect]),
    [['rec:peer:entertainment', 800, 600, { monthly: 200, annual: 2400 }]]);
  assert.ok(!later.recommendations.some((x) => x.id === 'rec:peer:food' || x.id === 'rec:peer:entertainment'));
  const after = engine.recommendations.generate({ ...household, as_of: '2026-04-01', history });
  assert.ok(after.recommendations.some((x) => x.id === 'rec:peer:food'));
});

test('bad requests name the field', () => {
  const expect = (request, code, field) => assert.throws(() => engine.recommendations.generate(request),
    (e) => e instanceof NesteggError && e.code === code && e.field === field);
  expect({ ...household, as_of: undefined }, 'missing_field', 'as_of');
  expect({ ...household, history: [{ id: 'x', status: 'liked', date: '2026-01-01' }] }, 'invalid_value', 'history[0].status');
  expect({ ...household, history: [{ id: 'x', status: 'dismissed', date: '2026-04-01' }] }, 'date_order', 'history[0].date');
  assert.ok(engine.recommendations.generate(household).recommendations.length > 0);
});


test('native CLI and wasm agree', { skip: !existsSync(nativeCli) && 'native CLI not built' }, () => {
  const rnd = mulberry32(29);
  const money = (scale) => Math.round(rnd() * scale * 100) / 100;
  for (let i = 0; i < 30; i++) {
    const request = { as_of: '2026-03-15', monthly_income: 2000 + money(8000), age: 18 + Math.floor(rnd() * 70),
      emergency_fund: money(20000), spending: { housing: money(2500), groceries: money(900), dining: money(900),
        entertainment: money(700), transportation: money(600), utilities: money(300) },
      debts: [{ name: 'a', balance: money(20000), apr: money(0.3), minimum_payment: 50 + money(200) },
        { name: 'b', balance: money(8000), apr: money(0.3), minimum_payment: 25 + money(100) }],
      subscriptions: [{ id: 's1', amount: 12.99, previous_amount: rnd() < 0.5 ? 9.99 : null, monthly_cost: 12.99, unused: rnd() < 0.3 }] };
    request.debt_budget = Math.round((request.debts[0].minimum_payment + request.debts[1].minimum_payment + money(500)) * 100) / 100;
    const native = spawnSync(nativeCli, ['recommendations.generate', '-'], { input: JSON.stringify(request), encoding: 'utf8' });
    assert.ok(native.status === 0, native.stdout + native.stderr);
    agree(JSON.parse(native.stdout), engine.recommendations.generate(request), 'recommendations.generate');
  }
});
