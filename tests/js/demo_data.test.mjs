// SPDX-License-Identifier: MIT
// The demo's data path under Node: CSV import (worked by hand) and the requests a household turns
// into, which the page and the printed plan share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { householdFromCsv as fromCsv, parseCsv as split } from '../../web-demo/app/csv.js';
import { budgetRequest, cashflowRequest, debtPlanRequest, healthScoreRequest, minimumsOnlyRequests, reversePlanRequest } from '../../web-demo/app/requests.js';
import { loadPackage } from './helpers.mjs';

// The CSV reader the page vendors (web-demo/node_modules/papaparse), passed in as the page's global is.
const Papa = createRequire(new URL('../../web-demo/package.json', import.meta.url))('papaparse');
const parseCsv = (text) => split(text, Papa);
const householdFromCsv = (text) => fromCsv(text, Papa);

test('CSV fields: quotes, commas and doubled quotes inside quotes, CRLF, no final newline', () => {
  assert.deepEqual(parseCsv('a,"b, c","say ""hi"""\r\n1,2,3'), [['a', 'b, c', 'say "hi"'], ['1', '2', '3']]);
  assert.deepEqual(parseCsv('x\n\ny\n'), [['x'], [''], ['y'], ['']]);  // blank lines are dropped by the reader of rows
});

test('CSV household: sums by month, a gap is missing not zero, means of the last three months', () => {
  const csv = [
    'Date,Category,Amount,Note',
    '2025-01-03,income,5000,pay',
    '2025-01-20,income,200,"refund, tax"',
    '2025-01-05,Food,100.10,',
    '2025-01-25,food,50,',
    '2025-01-01,rent,1500,',
    // February: no rows at all
    '2025-03-02,income,5100,',
    '2025-03-09,food,120,',
    '2025-03-01,rent,1500,',
    '2025-04-02,income,5300,',
    '2025-04-01,rent,1500,',
    '2025-04-12,food,-10,return',
  ].join('\n');
  const { household, errors } = householdFromCsv(csv);
  assert.deepEqual(errors, []);
  assert.deepEqual(household.history, [
    { month: '2025-01', income: 5200, expenses: 1650.1 },
    { month: '2025-03', income: 5100, expenses: 1620 },
    { month: '2025-04', income: 5300, expenses: 1490 },
  ]);
  assert.deepEqual(household.spending_history, { food: [150.1, null, 120, -10], rent: [1500, null, 1500, 1500] });
  assert.equal(household.monthly_income, 5200);                     // (5200 + 5100 + 5300) / 3
  assert.equal(household.monthly_expenses, 1586.7);                 // (1650.1 + 1620 + 1490) / 3
  assert.deepEqual(household.expenses_by_category, { food: 36.67, rent: 1000 });  // Feb counts as 0 in the last three
});

test('CSV errors name the line and the rule; nothing is guessed', () => {
  const { household, errors } = householdFromCsv([
    'month,category,amount',
    '2025-13,food,10',
    '2025-02-30,food,10',
    '2025-02,,10',
    '2025-02,food,ten',
    '2025-02,food,',
    '2025-02,food,NaN',
    '2025-02,food,$12.50',
  ].join('\n'));
  assert.deepEqual(errors, [
    'line 2: month must be YYYY-MM or a real date YYYY-MM-DD',
    'line 3: month must be YYYY-MM or a real date YYYY-MM-DD',
    'line 4: category is empty',
    'line 5: amount must be a number',
    'line 6: amount must be a number',
    'line 7: amount must be a number',
  ]);
  assert.deepEqual(household.spending_history, { food: [12.5] });
  assert.deepEqual(householdFromCsv('').errors, ['the file is empty']);
  assert.match(householdFromCsv('when,what,how much\n2025-01,food,1').errors[0], /^line 1: the header must name/);
  assert.match(householdFromCsv(`month,category,amount\n${'2025-01,food,1\n'.repeat(100001)}`).errors[0], /at most 100000/);
});

test('an imported household plans, forecasts and projects without an error', async () => {
  const { createEngine } = await loadPackage();
  const engine = await createEngine({ config: { today: '2025-05-01' } });
  const rows = ['month,category,amount'];
  for (let m = 1; m <= 12; m++) {
    const month = `2025-${String(m).padStart(2, '0')}`;
    rows.push(`${month},income,${5000 + 10 * m}`, `${month},food,${600 + 25 * Math.sin(m)}`, `${month},rent,1500`);
  }
  const { household } = householdFromCsv(rows.join('\n'));
  household.debts = [{ name: 'card', balance: 2400, annual_rate: 0.22, minimum_payment: 75, day: 14 }];
  const cf = cashflowRequest(household, '2025-05-01');
  assert.deepEqual(cf.bills, [{ name: 'card', amount: 75, day: 14 }], 'debts enter the cash flow as bills');
  assert.deepEqual(cf.incomes, [{ name: 'income', amount: household.monthly_income, cadence: 'monthly', day: 1 }]);
  const projection = engine.forecast.cashflow(cf);
  assert.equal(projection.monthly.length, 3);
  assert.ok(engine.forecast.expenses({ categories: household.spending_history, horizon: 3 }).categories.rent.forecast.every((v) => v === 1500));
  const plan = engine.goals.reverse_plan(reversePlanRequest({ target_amount: 3000, target_date: '2026-05-01' }, household, '2025-05-01'));
  assert.equal(plan.required_monthly_savings, 250);  // 3000 over 12 months at no return
});

test('planning requests: minimums only debt by debt is the engine\'s comparison, the budget floors the minimums, health leaves out what is not given', async () => {
  const { createEngine } = await loadPackage();
  const engine = await createEngine({ config: { today: '2026-01-15' } });
  const household = { monthly_income: 5000, monthly_expenses: 3000, expenses_by_category: { rent: 2000, food: 1000 }, budget: { buckets: { food: 'needs', gone: 'wants' } },
    debts: [{ name: 'card', balance: 3000, annual_rate: 0.22, minimum_payment: 90, day: 3 }, { name: 'car', balance: 8000, annual_rate: 0.05, minimum_payment: 200, day: 9 },
      { name: 'paid', balance: 0, annual_rate: 0.1, minimum_payment: 25, day: 1 }] };
  const plan = engine.debt.plan(debtPlanRequest(household, 'optimal', '2026-01-15'));
  assert.equal(plan.monthly_budget, 315 + (5000 - 3000 - 315) / 2);  // the minimums + half the surplus
  const alone = minimumsOnlyRequests(household, '2026-01-15').map((r) => engine.debt.plan(r));
  assert.equal(alone.length, 2, 'a debt already paid has no plan of its own');
  const mo = plan.comparison.minimums_only;
  assert.equal(Math.max(...alone.map((p) => p.months)), mo.months);
  assert.equal(Math.round(alone.reduce((a, p) => a + p.total_interest, 0) * 100) / 100, mo.total_interest);
  const budget = budgetRequest(household);
  assert.deepEqual(budget.spending, { rent: 2000, food: 1000, minimum_debt_payments: 315 });
  assert.deepEqual(budget.floors, { minimum_debt_payments: 315 });
  assert.deepEqual(budget.buckets, { food: 'needs' }, 'a bucket for a category no longer spent on is not sent');
  assert.deepEqual(healthScoreRequest(household, [{ current_amount: 500 }, { current_amount: 900, annual_volatility: 0.1 }]),
    { monthly_income: 5000, monthly_spending: 3315, liquid_savings: 500, monthly_debt_payments: 315, debt_balance: 11000 });
  assert.deepEqual(healthScoreRequest({ monthly_income: 5000 }), { monthly_income: 5000 }, 'debts never entered are not taken as none');
});

