// SPDX-License-Identifier: MIT
// The main job (web-demo/run.sh prints this plan): it runs on the built-in sample and its figures
// are the engine's own, formatted to the cent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPackage, pkgDir } from './helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const household = JSON.parse(readFileSync(path.join(root, 'web-demo/sample-household.json'), 'utf8'));
const money = (x) => x.toLocaleString('en-US', { style: 'currency', currency: 'USD' });

test('the printed plan for the sample household carries the engine\'s figures', async () => {
  const run = spawnSync(process.execPath, [path.join(root, 'web-demo/plan.mjs'), '--package', pkgDir], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const { createEngine } = await loadPackage();
  const engine = await createEngine({ config: { today: household.as_of } });
  const goal = household.goals[0];
  const plan = engine.goals.reverse_plan({ target_amount: goal.target_amount, current_amount: goal.current_amount,
    annual_return_rate: goal.annual_return_rate, target_date: goal.target_date,
    monthly_income: household.monthly_income, monthly_expenses: household.monthly_expenses });
  assert.ok(run.stdout.includes(`Save ${money(plan.required_monthly_savings)} a month for ${plan.months_available} months`), run.stdout);
  engine.savings.train({ history: household.history, user_id: 'household' });
  const [next] = engine.savings.predict({ user_id: 'household', horizon: 1 }).predictions;
  assert.ok(run.stdout.includes(`${next.month}: ${money(next.prediction)} (80%: ${money(next.lower[80])} to ${money(next.upper[80])}`), run.stdout);
  const fc = engine.forecast.expenses({ categories: household.spending_history, horizon: 3 });
  assert.ok(run.stdout.includes(`${money(fc.categories.food.forecast[0])} (${money(fc.categories.food.lower['80'][0])}`), run.stdout);
  // The sample's debts enter the cash flow as bills: their minimum on their day.
  const debtBills = household.debts.map((d) => ({ name: d.name, amount: d.minimum_payment, day: d.day }));
  const cf = engine.forecast.cashflow({ ...household.cashflow, bills: [...household.cashflow.bills, ...debtBills], spending: household.spending_history });
  assert.ok(run.stdout.includes(`Chance of going below ${money(cf.threshold)}: ${(cf.probability_below * 100).toFixed(1)}%`), run.stdout);
  assert.ok(cf.probability_below > 0 && cf.probability_below < 1, 'the sample shows a real risk, neither none nor certain');

  // The planning sections, from requests written out here from the sample's own fields.
  const minimums = 135 + 385 + 50;
  const surplus = household.monthly_income - household.monthly_expenses - minimums;  // 980
  const budget = engine.budget.optimize({ monthly_income: 6200, spending: { ...household.expenses_by_category, minimum_debt_payments: minimums },
    buckets: { food: 'needs', other: 'wants' }, floors: { minimum_debt_payments: minimums }, mode: 'at_most' });
  const housing = budget.categories.find((c) => c.category === 'housing');
  assert.ok(run.stdout.includes(`· housing: $1,850.00 → ${money(housing.proposed)}. ${housing.reason}`), run.stdout);
  const debts = household.debts.map((d) => ({ name: d.name, balance: d.balance, apr: d.annual_rate, minimum_payment: d.minimum_payment }));
  const optimal = engine.debt.plan({ debts, monthly_budget: minimums + surplus / 2, strategy: 'optimal', start_date: household.as_of });
  assert.ok(run.stdout.includes(`paid from $1,060.00 a month`), run.stdout);
  assert.ok(run.stdout.includes(`optimal        ${optimal.months} months, debt-free ${optimal.payoff_date}, interest ${money(optimal.total_interest)}`), run.stdout);
  assert.ok(run.stdout.includes(`minimums only  ${optimal.comparison.minimums_only.months} months`), run.stdout);
  const health = engine.health.score({ monthly_income: 6200, monthly_spending: 4650 + minimums, liquid_savings: 2200 + 6200,
    monthly_debt_payments: minimums, debt_balance: 5400 + 11200 + 900 });
  assert.ok(run.stdout.includes(`Financial health score ${health.score}/100, ${health.tier} (3 of 8 components)`), run.stdout);
  const ready = engine.investment.readiness({ emergency_fund: 6200, monthly_essential_expenses: 1850 + 780 + 690 + 410, monthly_saving: surplus,
    horizon_years: 25, debts, risk: household.readiness, start_date: household.as_of });
  assert.ok(run.stdout.includes(`Ready to invest: ${ready.status.replace('_', ' ')}, ready ${ready.ready_date} in ${ready.months_to_ready} months`), run.stdout);
  const fund = ready.steps.find((s) => s.step === 'emergency_fund');
  assert.ok(run.stdout.includes(`emergency fund: ${money(fund.amount)} to set aside — ${fund.months} months, until ${fund.end_date}`), run.stdout);
});
