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
  const cf = engine.forecast.cashflow({ ...household.cashflow, spending: household.spending_history });
  assert.ok(run.stdout.includes(`Chance of going below ${money(cf.threshold)}: ${(cf.probability_below * 100).toFixed(1)}%`), run.stdout);
  assert.ok(cf.probability_below > 0 && cf.probability_below < 1, 'the sample shows a real risk, neither none nor certain');
});
