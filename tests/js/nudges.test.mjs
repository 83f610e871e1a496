// SPDX-License-Identifier: MIT
// insights.nudges through the wasm package: README's worked example (its figures worked by hand
// there and in tests/unit/nudges_test.cpp), structured errors naming the field, the cooldown as a
// property of any answer (every nudge shown today is held back, shown again cooldown_days later),
// and native CLI vs wasm agreement on seeded states: numbers to 1e-12 relative, the rest exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { agree, expectError, loadPackage, mulberry32, nativeCli } from './helpers.mjs';

const { createEngine } = await loadPackage();
const engine = await createEngine({ config: { log_level: 'off' } });

const example = {
  as_of: '2026-12-02',
  last_month: '2026-11',
  categories: { dining: [200, 210, 190, 205, 195, 200, 312.4], rent: [1500, 1500, 1550, 1550] },
  goals: [{ name: 'car', target_amount: 12000, current_amount: 2000, target_date: '2027-06-01', contributions: [500, 450, 520, 480] }],
  subscriptions: [{ id: 'subscription:netflix', merchant: 'Netflix', period: 'monthly', amount: 17.99, previous_amount: 15.99,
    next_expected_date: '2026-12-18' }],
  cashflow: { starting_balance: 900, months: 1, threshold: 100, bills: [{ name: 'rent', amount: 1550, day: 5 }],
    incomes: [{ name: 'pay', amount: 2800, day: 25 }] },
  month: { income: 3000, spent: 150 },
  rules: [
    { id: 'money_left_over', value: 40, priority: 3 },
    { id: 'dining_cap', metric: 'category_spend', category: 'dining', op: '>', value: 300, priority: 2, message: 'Dining is at {value} this month' },
    { id: 'subs_total', metric: 'subscriptions_monthly', op: '>', value: 10, cooldown_days: 30 },
  ],
  history: [{ id: 'subs_total:subscriptions', shown: '2026-11-20' }, { id: 'spending_spike:dining', shown: '2026-10-01' }],
};


test('insights.nudges: the worked example, in priority order with the numbers behind each', () => {
  const r = engine.insights.nudges(example);
  assert.deepEqual(r.nudges.map((n) => n.id), ['low_balance:cashflow', 'dining_cap:dining', 'goal_behind:car',
    'spending_spike:dining', 'money_left_over:month', 'subscription_price_up:netflix']);
  const by = Object.fromEntries(r.nudges.map((n) => [n.id, n]));
  // 900 - 1550 on the 5th = -650, below 100 from that day until pay on the 25th.
  assert.equal(by['low_balance:cashflow'].numbers.min_balance, -650);
  assert.equal(by['low_balance:cashflow'].date, '2026-12-05');
  assert.equal(by['low_balance:cashflow'].numbers.probability_below, 1);
  // 10 000 missing over 5 whole months = 2 000 a month; pace (500 + 450 + 520 + 480) / 4 = 487.50.
  assert.equal(by['goal_behind:car'].numbers.required_monthly, 2000);
  assert.equal(by['goal_behind:car'].numbers.shortfall, 1512.5);
  // median 200, MAD 5, scale max(7.413, 10, 1) = 10: z = 112.4 / 10.
  assert.ok(Math.abs(by['spending_spike:dining'].numbers.value - 11.24) < 1e-12);
  assert.equal(by['dining_cap:dining'].message, 'Dining is at 312.40 this month');
  // 150 over 2 of December's 31 days -> 2 325; 3 000 - 2 325 = 675.
  assert.equal(by['money_left_over:month'].numbers.left_over, 675);
  assert.equal(by['subscription_price_up:netflix'].message, 'Netflix went up from 15.99 to 17.99 (12.5 %)');
  assert.deepEqual(r.suppressed, [{ id: 'subs_total:subscriptions', rule: 'subs_total', last_shown: '2026-11-20', until: '2026-12-20' }]);
  assert.deepEqual(r.skipped_rules, []);
});

test('insights.nudges: whatever fires today is held back if shown today, and shows again cooldown_days later', () => {
  const first = engine.insights.nudges({ ...example, history: [] });
  const history = first.nudges.map((n) => ({ id: n.id, shown: '2026-12-02' }));
  const held = engine.insights.nudges({ ...example, history });
  assert.deepEqual(held.nudges, []);
  assert.deepEqual(held.suppressed.map((s) => s.id), first.nudges.map((n) => n.id));  // in the same order
  for (const n of first.nudges) {
    const day = new Date(Date.UTC(2026, 11, 2) - n.cooldown_days * 864e5).toISOString().slice(0, 10);
    const again = engine.insights.nudges({ ...example, history: [{ id: n.id, shown: day }] });
    assert.ok(again.nudges.some((m) => m.id === n.id), `${n.id} shown ${day}`);
  }
});

test('insights.nudges: structured errors name the field', () => {
  expectError(() => engine.insights.nudges({ ...example, rules: [{ id: 'x', metric: 'mood', op: '>', value: 1 }] }),
    'invalid_value', 'rules[0].metric');
  expectError(() => engine.insights.nudges({ ...example, rules: [{ id: 'spending_spike', message: '{mood}' }] }),
    'invalid_value', 'rules[0].message');
  expectError(() => engine.insights.nudges({ ...example, cashflow: { months: 2 } }), 'missing_field', 'cashflow.starting_balance');
  expectError(() => engine.insights.nudges({ ...example, goals: [{ ...example.goals[0], target_date: '2027-02-30' }] }),
    'invalid_date', 'goals[0].target_date');
  expectError(() => engine.insights.nudges({ ...example, last_month: '2027-01' }), 'date_order', 'last_month');
  assert.equal(engine.insights.nudges(example).nudges.length, 6);  // and the next call works
});

function seededStates() {
  const rnd = mulberry32(23);
  const cents = (x) => Math.round(x * 100) / 100;
  const out = [];
  for (let k = 0; k < 25; k++) {
    const categories = {};
    for (let c = 0; c < 1 + Math.floor(rnd() * 6); c++) {
      const level = 20 + 900 * rnd(), n = 1 + Math.floor(rnd() * 30);
      categories[`c${c}`] = Array.from({ length: n }, () => (rnd() < 0.1 ? null : cents(level * (0.7 + 0.6 * rnd()) * (rnd() < 0.1 ? 2 : 1))));
    }
    const request = { as_of: '2026-12-02', last_month: '2026-11', categories,
      subscriptions: Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => ({ id: `subscription:s${i}`, amount: cents(5 + 20 * rnd()),
        previous_amount: rnd() < 0.5 ? cents(5 + 20 * rnd()) : null, period: 'monthly' })),
      month: { income: cents(2000 + 3000 * rnd()), spent: cents(2000 * rnd()), day: 1 + Math.floor(rnd() * 31) },
      rules: [{ id: 'cap', metric: 'category_spend', op: '>', value: cents(500 * rnd()) },
        { id: 'change', metric: 'category_change', op: rnd() < 0.5 ? '>' : '<=', value: rnd() - 0.5, message: '{subject} {change_fraction} {robust_z}' }] };
    if (rnd() < 0.5) {
      request.goals = [{ name: 'g', target_amount: cents(20000 * rnd()), current_amount: cents(5000 * rnd()), target_date: '2028-01-01',
        contributions: Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => cents(600 * rnd())) }];
    }
    if (rnd() < 0.4) {
      request.cashflow = { starting_balance: cents(3000 * rnd()), months: 2, paths: 300, seed: k,
        bills: [{ amount: cents(1500 * rnd()), day: 1 + Math.floor(rnd() * 28) }], incomes: [{ amount: cents(2500 * rnd()), day: 25 }],
        spending: { food: Array.from({ length: 14 }, () => cents(400 + 200 * rnd())) } };
    }
    out.push(request);
  }
  return out;
}


test('insights.nudges: native CLI and wasm agree', { skip: !existsSync(nativeCli) && 'native CLI not built' }, () => {
  let fired = 0;
  for (const request of [example, ...seededStates()]) {
    const body = JSON.stringify(request);
    const native = spawnSync(nativeCli, ['insights.nudges', '-'], { input: body, encoding: 'utf8' });
    assert.equal(native.status, 0, native.stderr + native.stdout);
    const wasm = engine.call('insights.nudges', body);
    agree(JSON.parse(native.stdout), wasm, 'insights.nudges');
    fired += wasm.nudges.length;
  }
  assert.ok(fired > 40, `the seeded states fire nudges (${fired})`);
});
