// SPDX-License-Identifier: MIT
// Writes planning_corpus.json, the debt.plan / investment.readiness benchmark cases in
// bench_native.cpp's corpus format ({name, method, request}):
//   node tests/bench/make_planning_corpus.mjs > tests/bench/planning_corpus.json
// The main case is the issue's: 20 debts whose minimums are each its own 30-year payment (PMT over
// 360 months, so minimums alone take exactly 30 years), four of them on a 0 % promotion for the
// first one to two years, and a budget 25.00 above the minimums, planned with the optimal order.
// The last debt.plan case is the worst the engine accepts: 50 debts, 100-year minimums, where the
// optimal search stops at its work budget.
let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

function debts(n, years, promo) {
  return Array.from({ length: n }, (_, i) => {
    const balance = Math.round((3000 + rnd() * 37000) * 100) / 100;
    const apr = Math.round((0.03 + rnd() * 0.26) * 10000) / 10000;
    const r = apr / 12;
    const d = { name: `debt ${i + 1}`, balance, apr,
      minimum_payment: Math.ceil((balance * r) / (1 - Math.pow(1 + r, -12 * years)) * 100) / 100 };
    if (i % 5 === 0) Object.assign(d, promo(i));
    return d;
  });
}
const plan = (list, extra, more = {}) => ({ start_date: '2026-01-15', strategy: 'optimal',
  monthly_budget: Math.round((list.reduce((s, d) => s + d.minimum_payment, 0) + extra) * 100) / 100, debts: list, ...more });

const twenty = debts(20, 30, (i) => ({ promo_apr: 0, promo_end_date: `2027-0${1 + (i % 9)}-15` }));
const fifty = debts(50, 100, (i) => ({ promo_apr: 0.01, promo_end_date: `20${30 + (i % 40)}-06-30` }));
const three = [{ name: 'card', balance: 4200, apr: 0.229, minimum_payment: 120 },
  { name: 'car', balance: 9800, apr: 0.065, minimum_payment: 260 }, { name: 'store', balance: 650, apr: 0.27, minimum_payment: 35 }];
const corpus = [
  { name: 'debt.plan 20 debts x 30 years, optimal order', method: 'debt.plan', request: plan(twenty, 25) },
  { name: 'debt.plan 20 debts x 30 years, optimal order + schedule', method: 'debt.plan', request: plan(twenty, 25, { include_schedule: true }) },
  { name: 'debt.plan 20 debts x 30 years, avalanche', method: 'debt.plan', request: plan(twenty, 25, { strategy: 'avalanche' }) },
  { name: 'debt.plan 3 debts, optimal (exhaustive)', method: 'debt.plan', request: plan(three, 300) },
  { name: 'debt.plan 50 debts x 100 years, optimal (search capped)', method: 'debt.plan', request: plan(fifty, 1) },
  { name: 'investment.readiness', method: 'investment.readiness', request: { start_date: '2026-01-15', emergency_fund: 1000,
    monthly_essential_expenses: 2000, monthly_saving: 500, horizon_years: 20, debts: three,
    employer_match: { match_rate: 0.5, match_limit: 0.06, contribution_rate: 0.03, annual_salary: 60000 },
    risk: { income_stability: 'stable', dependents: false, loss_reaction: 'hold' } } },
];
console.log(JSON.stringify(corpus, null, 1));
