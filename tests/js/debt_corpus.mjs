// SPDX-License-Identifier: MIT
// Seeded requests for debt.plan and investment.readiness, shared by debt.test.mjs (the independent
// simulation) and parity.test.mjs (native CLI vs wasm).
import { mulberry32 } from './helpers.mjs';

const pad = (n) => String(n).padStart(2, '0');

/** n random debts (balances and minimums in cents, APRs to the basis point, some promotions). */
export function randomDebts(rnd, n, { promos = true } = {}) {
  const starts = ['2026-01-15', '2026-01-31', '2025-11-30', '2024-02-29'];
  const start_date = starts[Math.floor(rnd() * starts.length)];
  const debts = [];
  let minimums = 0;
  for (let i = 0; i < n; i++) {
    const cents = Math.round(5000 + rnd() * rnd() * 5_000_000);
    const apr = Math.round(rnd() * 3200) / 10000;
    const interest = Math.round(cents * apr / 12);
    // Mostly minimums above the interest; now and then one that does not cover it.
    const minCents = rnd() < 0.08 ? interest : interest + Math.round(100 + rnd() * cents / 25);
    const d = { name: `debt ${i + 1}`, balance: cents / 100, apr, minimum_payment: minCents / 100 };
    if (promos && rnd() < 0.3) {
      d.promo_apr = Math.round(rnd() * 600) / 10000;
      d.promo_end_date = `${2025 + Math.floor(rnd() * 3)}-${pad(1 + Math.floor(rnd() * 12))}-${pad(1 + Math.floor(rnd() * 28))}`;
    }
    minimums += minCents;
    debts.push(d);
  }
  const budgetCents = minimums + Math.round(rnd() * (minimums + 50000));
  return { start_date, monthly_budget: budgetCents / 100, debts };
}

export function debtCorpus(count = 60) {
  const rnd = mulberry32(20261216);
  const out = [];
  const strategies = ['avalanche', 'snowball', 'optimal', 'custom'];
  for (let i = 0; i < count; i++) {
    const request = randomDebts(rnd, 1 + Math.floor(rnd() * 9));
    request.strategy = strategies[i % 4];
    if (request.strategy === 'custom') request.order = request.debts.map((d) => d.name).reverse();
    request.include_schedule = rnd() < 0.5;
    out.push(['debt.plan', request]);
  }
  for (let i = 0; i < 20; i++) {
    const debts = randomDebts(rnd, Math.floor(rnd() * 4)).debts;
    out.push(['investment.readiness', {
      start_date: '2026-01-15', emergency_fund: Math.round(rnd() * 20000), monthly_essential_expenses: 1500 + Math.round(rnd() * 3000),
      monthly_saving: Math.round(rnd() * 1500), horizon_years: 1 + Math.floor(rnd() * 30), savings_rate: Math.round(rnd() * 400) / 10000,
      debts, employer_match: rnd() < 0.6 ? { match_rate: 0.5, match_limit: 0.06, contribution_rate: Math.round(rnd() * 8) / 100, annual_salary: 40000 + Math.round(rnd() * 80000) } : null,
      risk: { income_stability: rnd() < 0.5 ? 'stable' : 'variable', dependents: rnd() < 0.4, loss_reaction: ['sell', 'hold', 'buy'][Math.floor(rnd() * 3)] },
    }]);
  }
  return out;
}
