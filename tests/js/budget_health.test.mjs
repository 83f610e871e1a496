// SPDX-License-Identifier: MIT
// budget.optimize and health.score through the wasm package: README's worked examples (the same
// figures as tests/unit/budget_test.cpp and health_score_test.cpp), structured errors naming the
// field, bucket totals to the cent on random budgets, and the score's monotonicity on random
// households.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectError, loadPackage, mulberry32 } from './helpers.mjs';

const { createEngine, NesteggError } = await loadPackage();
const engine = await createEngine({ config: { log_level: 'off' } });

const household = {
  monthly_income: 5000,
  spending: { housing: 1999, groceries: 599, utilities: 199, dining: 999, entertainment: 401, subscriptions: 100, retirement: 469 },
};


test('budget.optimize: the worked example (needs cut 100 : 9 : 1, savings shared 4 : 1)', () => {
  const r = engine.budget.optimize(household);
  assert.equal(r.feasible, true);
  assert.equal(r.rule, '50/30/20');
  const proposed = Object.fromEntries(r.categories.map((c) => [c.category, c.proposed]));
  assert.deepEqual(proposed, { dining: 999, entertainment: 401, groceries: 574.7, housing: 1729, retirement: 706.6,
    subscriptions: 100, utilities: 196.3 });
  assert.deepEqual(r.unassigned, { current: 234, proposed: 293.4 });
  assert.equal(r.buckets.needs.current_share, 0.5594);
  assert.equal(r.buckets.needs.proposed, 2500);
  assert.equal(r.buckets.savings.proposed, 1000);
  assert.deepEqual(r.changes.map((c) => [c.category, c.change]),
    [['housing', -270], ['retirement', 237.6], ['groceries', -24.3], ['utilities', -2.7]]);
  assert.equal(r.changes[0].reason, 'needs over target by 297.00: housing reduced by 270.00 (13.5 %)');

  const floored = engine.budget.optimize({ ...household, floors: { housing: 1800 } });
  const h = floored.categories.find((c) => c.category === 'housing');
  assert.equal(h.proposed, 1800);
  assert.equal(h.limit, 'floor');
  assert.equal(floored.categories.find((c) => c.category === 'groceries').proposed, 510.8);

  const infeasible = engine.budget.optimize({ ...household, floors: { housing: 2400, groceries: 200 } });
  assert.equal(infeasible.feasible, false);
  assert.equal(infeasible.buckets.needs.status, 'floors_above_target');
  assert.deepEqual(infeasible.buckets.needs.binding, ['groceries', 'housing']);  // JSON objects come sorted by name
});

test('budget.optimize: bucket totals equal the targets to the cent, inside every floor and ceiling', () => {
  const rnd = mulberry32(16);
  const names = ['housing', 'groceries', 'utilities', 'transport', 'dining', 'travel', 'shopping', 'retirement', 'investing'];
  const cents = (x) => Math.round(x * 100);
  for (let trial = 0; trial < 150; trial++) {
    const spending = {}, floors = {}, ceilings = {};
    for (const n of names) {
      if (rnd() < 0.2) continue;
      spending[n] = Math.round(rnd() * 200000) / 100;
      if (rnd() < 0.3) floors[n] = Math.round(rnd() * spending[n] * 80) / 100;
      if (rnd() < 0.3) ceilings[n] = Math.round(((floors[n] ?? 0) + rnd() * 1000) * 100) / 100;
    }
    if (Object.keys(spending).length === 0) continue;
    const income = Math.round((1000 + rnd() * 9000) * 100) / 100;
    const rule = ['50/30/20', '70/20/10', '60/20/20'][trial % 3];
    const r = engine.budget.optimize({ monthly_income: income, spending, floors, ceilings, rule });
    let all = cents(r.unassigned.proposed);
    const sums = { needs: 0, wants: 0 };
    for (const c of r.categories) {
      assert.ok(c.proposed >= (floors[c.category] ?? 0), `${c.category} under its floor`);
      if (ceilings[c.category] !== undefined) assert.ok(c.proposed <= ceilings[c.category], `${c.category} over its ceiling`);
      assert.equal(c.proposed, cents(c.proposed) / 100, 'whole cents');
      all += cents(c.proposed);
      if (c.bucket !== 'savings') sums[c.bucket] += cents(c.proposed);
    }
    assert.equal(all, cents(income), 'every cent of income placed');
    for (const b of ['needs', 'wants']) {
      assert.equal(sums[b], cents(r.buckets[b].proposed));
      if (r.buckets[b].status === 'reached') assert.equal(sums[b], cents(r.buckets[b].target), `${b} to the cent`);
    }
  }
});

test('budget.optimize: structured errors name the field', () => {
  expectError(() => engine.budget.optimize({ spending: household.spending }), 'missing_field', 'monthly_income');
  expectError(() => engine.budget.optimize({ monthly_income: 5000 }), 'missing_field', 'spending');
  expectError(() => engine.budget.optimize({ monthly_income: 5000, spending: [] }), 'wrong_type', 'spending');
  expectError(() => engine.budget.optimize({ monthly_income: 5000, spending: {} }), 'insufficient_data', 'spending');
  expectError(() => engine.budget.optimize({ ...household, spending: { ...household.spending, pets: 80 } }), 'missing_field', 'buckets.pets');
  expectError(() => engine.budget.optimize({ ...household, spending: { housing: 'a lot' } }), 'wrong_type', 'spending.housing');
  expectError(() => engine.budget.optimize({ ...household, spending: { housing: NaN } }), 'not_finite', 'spending.housing');
  expectError(() => engine.budget.optimize({ ...household, spending: { housing: -5 } }), 'out_of_range', 'spending.housing');
  expectError(() => engine.budget.optimize({ ...household, floors: { yacht: 5 } }), 'invalid_value', 'floors.yacht');
  expectError(() => engine.budget.optimize({ ...household, floors: { housing: 900 }, ceilings: { housing: 800 } }), 'invalid_value', 'ceilings.housing');
  expectError(() => engine.budget.optimize({ ...household, buckets: { housing: 'luxuries' } }), 'invalid_value', 'buckets.housing');
  expectError(() => engine.budget.optimize({ ...household, rule: '80/10/10' }), 'invalid_value', 'rule');
  expectError(() => engine.budget.optimize({ ...household, rule: 'custom' }), 'missing_field', 'shares');
  expectError(() => engine.budget.optimize({ ...household, shares: { needs: 0.5, wants: 0.3, savings: 0.1 } }), 'invalid_value', 'shares');
  expectError(() => engine.budget.optimize({ ...household, shares: { needs: 50, wants: 30, savings: 20 } }), 'out_of_range', 'shares.needs');
  expectError(() => engine.budget.optimize({ ...household, rule: '70/20/10', shares: { needs: 0.5, wants: 0.3, savings: 0.2 } }), 'invalid_value', 'rule');
  expectError(() => engine.budget.optimize({ ...household, monthly_income: 0 }), 'out_of_range', 'monthly_income');
  // Custom shares and a bucket override go through.
  const r = engine.budget.optimize({ ...household, spending: { ...household.spending, pets: 80 }, buckets: { pets: 'wants' },
    shares: { needs: 0.55, wants: 0.25, savings: 0.2 } });
  assert.equal(r.rule, 'custom');
  assert.equal(r.buckets.needs.target, 2750);
  assert.equal(r.categories.find((c) => c.category === 'pets').bucket, 'wants');
});

const worked = { monthly_income: 5000, monthly_spending: 4250, bills_on_time: 0.935, liquid_savings: 8500, goal_confidence: 0.65,
  monthly_debt_payments: 750, debt_balance: 30000, credit_score: 705, insurance_coverage: 0.75, planning_horizon_months: 12 };

test('health.score: the worked example, and missing inputs renormalised and named', () => {
  const r = engine.health.score(worked);
  const near = (a, b) => assert.ok(Math.abs(a - b) <= 1e-9, `${a} vs ${b}`);
  assert.equal(r.score, 67);
  near(r.score_exact, 66.875);  // (80 + 60 + 50 + 60 + 80 + 65 + 70 + 70) / 8, worked in health_score_test.cpp
  assert.equal(r.tier, 'coping');
  [80, 60, 50, 60, 80, 65, 70, 70].forEach((p, i) => near(r.components[i].points, p));
  Object.entries({ spend: 70, save: 55, borrow: 72.5, plan: 70 }).forEach(([g, v]) => near(r.groups[g], v));
  assert.equal(r.best_improvement.component, 'liquid_savings');
  assert.equal(r.best_improvement.change, 17000);
  assert.equal(r.best_improvement.text, 'build liquid savings to 6 months of spending: 17000.00 more');
  assert.deepEqual(r.missing, []);
  assert.equal(engine.health().status, 'ok', 'engine.health() is still the service call');

  const partial = engine.health.score({ monthly_income: 5000, monthly_spending: 4250, credit_score: 705 });
  assert.equal(partial.score_exact, 72.5);
  assert.equal(partial.renormalised, true);
  assert.deepEqual(partial.components.map((c) => [c.component, c.weight]), [['spending_vs_income', 0.5], ['credit_standing', 0.5]]);
  assert.deepEqual(partial.missing.find((m) => m.component === 'liquid_savings').needs, ['liquid_savings', 'monthly_spending']);
  // goals.simulate's probability_of_success is the goal_confidence input as it is.
  const sim = engine.goals.simulate({ target_amount: 60000, current_amount: 5000, monthly_contribution: 700, annual_return_rate: 0.05,
    annual_volatility: 0.12, months: 60, paths: 2000, start_date: '2026-01-15' });
  const withGoal = engine.health.score({ goal_confidence: sim.probability_of_success });
  assert.equal(withGoal.components[0].measures.goal_confidence, sim.probability_of_success);
});

test('health.score: structured errors name the field', () => {
  expectError(() => engine.health.score({}), 'insufficient_data', '');
  expectError(() => engine.health.score({ credit_score: 900 }), 'out_of_range', 'credit_score');
  expectError(() => engine.health.score({ bills_on_time: 95 }), 'out_of_range', 'bills_on_time');
  expectError(() => engine.health.score({ goal_confidence: '80%' }), 'wrong_type', 'goal_confidence');
  expectError(() => engine.health.score({ monthly_income: Infinity, monthly_spending: 1 }), 'not_finite', 'monthly_income');
  expectError(() => engine.health.score({ credit_score: 700, weights: { credit_standing: -1 } }), 'out_of_range', 'weights.credit_standing');
  expectError(() => engine.health.score({ credit_score: 700, weights: { credit_standing: 0 } }), 'invalid_value', 'weights');
  // Income alone scores nothing: every component needs more.
  expectError(() => engine.health.score({ monthly_income: 5000 }), 'insufficient_data', '');
});

test('health.score: improving any one input never lowers the score (random households)', () => {
  const rnd = mulberry32(80);
  // [low, high] of the random values, direction of better, the largest value accepted.
  const fields = {
    monthly_income: [500, 15000, +1, 1e12], monthly_spending: [0, 20000, -1], bills_on_time: [0, 1, +1, 1],
    liquid_savings: [0, 100000, +1, 1e12], goal_confidence: [0, 1, +1, 1], monthly_debt_payments: [0, 5000, -1],
    debt_balance: [0, 300000, -1], credit_score: [300, 850, +1, 850], insurance_coverage: [0, 1, +1, 1],
    planning_horizon_months: [0, 60, +1, 1200],
  };
  let checked = 0;
  for (let trial = 0; trial < 300; trial++) {
    const req = {};
    for (const [k, [lo, hi]] of Object.entries(fields)) if (rnd() < 0.75) req[k] = lo + (hi - lo) * rnd();
    let base;
    try {
      base = engine.health.score(req);
    } catch (e) {
      assert.equal(e.code, 'insufficient_data');
      continue;
    }
    for (const [k, [lo, hi, dir, cap]] of Object.entries(fields)) {
      if (req[k] === undefined) continue;
      const step = rnd() * (hi - lo) * 0.3;
      // Spending stops at a cent: at 0 months of spending are undefined and liquid savings leaves the
      // score (README "health.score": the one documented exception to monotonicity).
      const floor = k === 'monthly_spending' ? 0.01 : 0;
      const better = { ...req, [k]: dir > 0 ? Math.min(cap, req[k] + step) : Math.max(floor, req[k] - step) };
      const after = engine.health.score(better);
      assert.ok(after.score_exact >= base.score_exact, `${k}: ${req[k]} -> ${better[k]} lowered ${base.score_exact} to ${after.score_exact}`);
      assert.ok(after.score >= base.score);
      checked++;
    }
  }
  assert.ok(checked > 1000, `${checked} checks`);
});
