// SPDX-License-Identifier: MIT
// insights.habits through the wasm package: the generator's planted subscriptions, price changes
// and anomalies found over 30 seeded households (pooled precision and recall held to floors, the
// figures README quotes), the next expected dates, rows and columns giving one answer, the
// native CLI agreeing with wasm, and a worked example small enough to check by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadPackage, nativeCli } from './helpers.mjs';
import { generateTransactions, toColumns } from '../insights/generate_transactions.mjs';
import { pooled, scoreHabits } from '../insights/score_habits.mjs';

const { createEngine, NesteggError } = await loadPackage();
const engine = await createEngine({ config: { log_level: 'off' } });

const SEEDS = 30;
const runs = [];
for (let seed = 1; seed <= SEEDS; seed++) {
  const g = generateTransactions(seed);
  const out = engine.insights.habits({ transactions: g.transactions, as_of: g.as_of });
  runs.push({ seed, g, out, score: scoreHabits(out, g.truth) });
}
const scores = runs.map((r) => r.score);

test(`subscriptions over ${SEEDS} households: recall >= 0.95 at precision >= 0.9, the right period and status`, () => {
  const p = pooled(scores, 'subscriptions');
  console.log('subscriptions', JSON.stringify(p));
  assert.ok(p.tp >= 10 * SEEDS, `too few planted series to measure: ${p.tp}`);
  assert.ok(p.recall >= 0.95, `recall ${p.recall}: missed ${scores.flatMap((s) => s.subscriptions.fnNames)}`);
  assert.ok(p.precision >= 0.9, `precision ${p.precision}: spurious ${scores.flatMap((s) => s.subscriptions.fpNames)}`);
  const tp = scores.reduce((a, s) => a + s.subscriptions.tp, 0);
  assert.ok(scores.reduce((a, s) => a + s.subscriptions.periodRight, 0) / tp >= 0.95, 'periods');
  assert.ok(scores.reduce((a, s) => a + s.subscriptions.statusRight, 0) / tp >= 0.95, 'active / lapsed');
});

test('next expected dates within the series\' day jitter + 1 for >= 95 % of active series', () => {
  const checked = scores.reduce((a, s) => a + s.subscriptions.nextChecked, 0);
  const right = scores.reduce((a, s) => a + s.subscriptions.nextRight, 0);
  console.log('next_expected_date', JSON.stringify({ checked, right, share: right / checked }));
  assert.ok(checked >= 5 * SEEDS);
  assert.ok(right / checked >= 0.95, JSON.stringify(scores.flatMap((s) => s.subscriptions.nextWrong).slice(0, 5)));
});

test('price changes: recall and precision >= 0.9', () => {
  const p = pooled(scores, 'price_changes');
  console.log('price_changes', JSON.stringify(p));
  assert.ok(p.tp >= 2 * SEEDS);
  assert.ok(p.recall >= 0.9 && p.precision >= 0.9, JSON.stringify(p));
});

test('anomalies (unusual amounts, duplicates, the dining month): recall >= 0.85 at precision >= 0.85', () => {
  const p = pooled(scores, 'anomalies');
  console.log('anomalies', JSON.stringify(p));
  assert.ok(p.tp >= 5 * SEEDS);
  assert.ok(p.recall >= 0.85 && p.precision >= 0.85, `${JSON.stringify(p)} ${scores.flatMap((s) => s.anomalies.fpReasons).slice(0, 5)}`);
  // Every anomaly says why, and the consumers' fields are there.
  for (const { out } of runs) {
    for (const a of out.anomalies) assert.match(a.reason, /robust z|\d times at/);
    for (const s of out.subscriptions) {
      assert.equal(s.id, `subscription:${s.merchant}`);
      for (const k of ['merchant', 'period', 'amount', 'previous_amount', 'next_expected_date', 'monthly_cost']) assert.ok(k in s, k);
    }
  }
});

test('the planted season does not read as anomalies: December shopping (twice the usual) is rarely flagged', () => {
  // 30 households x 3 Decembers at about twice the usual month: the seasonal part (the other
  // Decembers' excess) takes the doubling out, leaving only the noise any month has.
  const decembers = runs.flatMap(({ out }) => out.anomalies.filter((a) => a.kind === 'category_month' &&
    a.category === 'shopping' && a.month.endsWith('-12')));
  console.log('december shopping flagged', decembers.length, 'of', 3 * SEEDS);
  assert.ok(decembers.length <= 3, decembers.map((a) => a.reason).join('\n'));
});

test('rows and columns give the same answer', () => {
  for (const { g, out } of runs.slice(0, 3)) {
    assert.deepEqual(engine.insights.habits({ transactions: toColumns(g.transactions), as_of: g.as_of }), out);
  }
});

test('native CLI and wasm agree on a household', { skip: !existsSync(nativeCli) && 'native CLI not built' }, () => {
  for (const { g, out } of runs.slice(0, 2)) {
    const r = spawnSync(nativeCli, ['insights.habits', '-'], { input: JSON.stringify({ transactions: g.transactions, as_of: g.as_of }),
      encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(r.status, 0, r.stderr);
    const native = JSON.parse(r.stdout);
    // Same findings, same money to the cent; floating scores agree to 1e-9 relative.
    assert.deepEqual(native.subscriptions, out.subscriptions);
    assert.deepEqual(native.merchants.top, out.merchants.top);
    assert.equal(native.anomalies.length, out.anomalies.length);
    native.anomalies.forEach((a, i) => {
      assert.equal(a.id, out.anomalies[i].id);
      if (a.score !== null) assert.ok(Math.abs(a.score - out.anomalies[i].score) <= 1e-9 * Math.abs(a.score));
    });
  }
});

test('worked example: six monthly charges on the 3rd, one price change (tests/unit/habits_test.cpp)', () => {
  const dates = ['2025-01-03', '2025-02-03', '2025-03-03', '2025-04-03', '2025-05-03', '2025-06-03'];
  const out = engine.insights.habits({ transactions: dates.map((date, i) => ({ date, amount: i < 3 ? -9.99 : -12.99,
    description: i % 2 ? 'Netflix.com 866-579-7172' : 'NETFLIX.COM', category: 'entertainment' })) });
  assert.deepEqual(out.subscriptions, [{ id: 'subscription:netflix', merchant: 'netflix', period: 'monthly', interval_days: 31,
    amount: 12.99, previous_amount: 9.99, price_changes: [{ date: '2025-04-03', from: 9.99, to: 12.99 }],
    first_date: '2025-01-03', last_date: '2025-06-03', next_expected_date: '2025-07-03', occurrences: 6, missed: 0,
    monthly_cost: 12.99, annual_cost: 155.88, confidence: 0.96875, status: 'active', kind: 'subscription', category: 'entertainment', account: null }]);
  assert.equal(out.subscriptions_monthly_cost, 12.99);
});

test('bad input: structured errors naming the field, and the engine goes on', () => {
  const expectError = (request, code, field) => assert.throws(() => engine.insights.habits(request), (e) => {
    assert.ok(e instanceof NesteggError);
    assert.equal(e.code, code, e.message);
    assert.equal(e.field, field, e.message);
    return true;
  });
  expectError({}, 'missing_field', 'transactions');
  expectError({ transactions: [{ date: '2025-02-30', amount: -1, description: 'x' }] }, 'invalid_date', 'transactions[0].date');
  expectError({ transactions: { date: ['2025-01-01'], amount: [], description: ['x'] } }, 'invalid_value', 'transactions.amount');
  expectError({ transactions: new Array(100001).fill(0) }, 'too_large', 'transactions');
  assert.equal(engine.insights.habits({ transactions: [{ date: '2025-01-01', amount: -1, description: 'x' }] }).transactions, 1);
});
