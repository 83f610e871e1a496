// SPDX-License-Identifier: MIT
// debt.plan against an independent month-by-month simulation written here from README's
// documented convention (not from the C++): interest per debt = round(balance_cents * apr / 12)
// on the balance at the start of the month (the promotional APR for months ending on or before
// promo_end_date), then at the month's end every open debt's minimum (at most its balance), then
// the rest of the budget down the priority order, leftover passed on in the same month. Random
// cases must agree to the cent, schedules included; the optimal strategy must equal the best of
// every fixed order (and the rate-each-month rule) tried here exhaustively. Then the errors, and investment.readiness through wasm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPackage, mulberry32 } from './helpers.mjs';
import { debtCorpus, randomDebts } from './debt_corpus.mjs';

const { createEngine, NesteggError } = await loadPackage();
const engine = await createEngine({ config: { today: '2026-01-15' } });

const pad = (n) => String(n).padStart(2, '0');
function addMonths(date, k) {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + k;
  const year = Math.floor(index / 12), month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

const HORIZON = 1200;

// One plan. `priority(month, open)` gives the order the extra pool takes (debt indices).
function simulate(request, priority, { minimumsOnly = false } = {}) {
  const debts = request.debts.map((d) => {
    let promoMonths = 0;
    if (d.promo_apr != null) while (promoMonths < HORIZON && addMonths(request.start_date, promoMonths + 1) <= d.promo_end_date) promoMonths++;
    return { balance: Math.round(d.balance * 100), apr: d.apr, promoApr: d.promo_apr, promoMonths, minimum: Math.round(d.minimum_payment * 100) };
  });
  const budget = Math.round(request.monthly_budget * 100);
  const bal = debts.map((d) => d.balance);
  const payoff = debts.map((d) => (d.balance === 0 ? 0 : null));
  const interestPaid = debts.map(() => 0), totalPaid = debts.map(() => 0);
  const rows = [];
  let month = 0, totalInterest = 0;
  const rateOf = (i, k) => (debts[i].promoApr != null && k <= debts[i].promoMonths ? debts[i].promoApr : debts[i].apr);
  while (bal.some((b) => b > 0) && month < HORIZON) {
    month++;
    const interest = debts.map(() => 0), payment = debts.map(() => 0);
    const open = bal.map((b, i) => (b > 0 ? i : -1)).filter((i) => i >= 0);
    for (const i of open) {
      interest[i] = Math.round(bal[i] * rateOf(i, month) / 12);
      bal[i] += interest[i];
    }
    let pool = budget;
    for (const i of open) {
      const pay = Math.min(debts[i].minimum, bal[i]);
      payment[i] += pay; bal[i] -= pay; pool -= pay;
    }
    if (!minimumsOnly) {
      for (const i of priority(month, open, rateOf)) {
        if (pool <= 0) break;
        const pay = Math.min(pool, bal[i]);
        payment[i] += pay; bal[i] -= pay; pool -= pay;
      }
    }
    for (const i of open) {
      interestPaid[i] += interest[i]; totalPaid[i] += payment[i]; totalInterest += interest[i];
      if (bal[i] === 0) payoff[i] = month;
      if (bal[i] > 1e15) month = HORIZON;  // runaway balance: give up, as the engine does
    }
    rows.push({ month, interest, payment, balance: [...bal], unused: bal.every((b) => b === 0) ? Math.max(pool, 0) : 0 });
  }
  const paidOff = bal.every((b) => b === 0);
  return { paidOff, months: month, totalInterest, payoff, interestPaid, totalPaid, rows };
}

const byStartingBalance = (request) => (a, b) => request.debts[a].balance - request.debts[b].balance;
function avalanche(request) {
  return (month, open) => [...open].sort((a, b) => request.debts[b].apr - request.debts[a].apr || byStartingBalance(request)(a, b) || a - b);
}
// The rule optimal also tries: the APR charged this month (promotions included) first.
function rateEachMonth(request) {
  return (month, open, rateOf) => [...open].sort((a, b) => rateOf(b, month) - rateOf(a, month) || byStartingBalance(request)(a, b) || a - b);
}
function snowball(request) {
  return (month, open) => [...open].sort((a, b) => byStartingBalance(request)(a, b) || request.debts[b].apr - request.debts[a].apr || a - b);
}
const fixed = (order) => () => order;

function permutations(xs) {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

function compareToCent(out, mine, request, label) {
  assert.equal(out.months, mine.months, `${label}: months`);
  assert.equal(Math.round(out.total_interest * 100), mine.totalInterest, `${label}: total_interest`);
  out.debts.forEach((d, i) => {
    assert.equal(d.payoff_month, mine.payoff[i], `${label}: debts[${i}].payoff_month`);
    assert.equal(d.payoff_date, addMonths(request.start_date, mine.payoff[i]), `${label}: debts[${i}].payoff_date`);
    assert.equal(Math.round(d.interest_paid * 100), mine.interestPaid[i], `${label}: debts[${i}].interest_paid`);
    assert.equal(Math.round(d.total_paid * 100), mine.totalPaid[i], `${label}: debts[${i}].total_paid`);
  });
  if (out.schedule) {
    assert.equal(out.schedule.length, mine.rows.length, `${label}: schedule length`);
    out.schedule.forEach((row, k) => {
      const r = mine.rows[k];
      assert.equal(row.date, addMonths(request.start_date, r.month));
      for (const key of ['interest', 'payment', 'balance']) {
        assert.deepEqual(row[key].map((x) => Math.round(x * 100)), r[key], `${label}: schedule[${k}].${key}`);
      }
      assert.equal(Math.round(row.unused * 100), r.unused, `${label}: schedule[${k}].unused`);
    });
  }
}

test('random debt sets agree to the cent with an independent simulation, schedules included', () => {
  const rnd = mulberry32(7);
  let compared = 0, errors = 0;
  for (let t = 0; t < 250; t++) {
    const request = randomDebts(rnd, 1 + Math.floor(rnd() * 8));
    const strategy = ['avalanche', 'snowball', 'custom'][t % 3];
    const order = request.debts.map((_, i) => i).sort(() => rnd() - 0.5);
    const body = { ...request, strategy, include_schedule: t % 2 === 0 };
    if (strategy === 'custom') body.order = order.map((i) => request.debts[i].name);
    const rule = strategy === 'avalanche' ? avalanche(request) : strategy === 'snowball' ? snowball(request) : fixed(order);
    const mine = simulate(request, rule);
    let out;
    try {
      out = engine.debt.plan(body);
    } catch (e) {
      assert.ok(e instanceof NesteggError, String(e));
      assert.equal(e.field, 'monthly_budget', e.message);
      assert.ok(!mine.paidOff, `case ${t}: the engine refused a plan that pays off: ${e.message}`);
      errors++;
      continue;
    }
    assert.ok(mine.paidOff, `case ${t}: the engine paid off what never pays off`);
    compareToCent(out, mine, request, `case ${t} (${strategy})`);
    const base = simulate(request, null, { minimumsOnly: true });
    const mo = out.comparison.minimums_only;
    assert.equal(mo.paid_off, base.paidOff, `case ${t}: minimums_only.paid_off`);
    if (base.paidOff) {
      assert.equal(mo.months, base.months);
      assert.equal(Math.round(mo.total_interest * 100), base.totalInterest);
      assert.equal(Math.round(mo.interest_saved * 100), base.totalInterest - mine.totalInterest);
    }
    compared++;
  }
  assert.ok(compared >= 200, `${compared} compared, ${errors} refused`);
});

test('optimal equals the best fixed order found by trying them all (up to 6 debts), and never loses to avalanche or snowball', () => {
  const rnd = mulberry32(11);
  for (let t = 0; t < 60; t++) {
    const request = randomDebts(rnd, 2 + Math.floor(rnd() * 5));
    let out;
    try {
      out = engine.debt.plan({ ...request, strategy: 'optimal' });
    } catch (e) {
      assert.equal(e.field, 'monthly_budget');
      continue;
    }
    const open = request.debts.map((_, i) => i).filter((i) => request.debts[i].balance > 0);
    let best = simulate(request, avalanche(request));
    for (const candidate of [snowball(request), rateEachMonth(request), ...permutations(open).map(fixed)]) {
      const r = simulate(request, candidate);
      if (r.paidOff && (r.totalInterest < best.totalInterest || (r.totalInterest === best.totalInterest && r.months < best.months))) best = r;
    }
    assert.equal(Math.round(out.total_interest * 100), best.totalInterest, `case ${t}`);
    assert.equal(out.months, best.months, `case ${t}`);
    assert.ok(out.total_interest <= out.comparison.avalanche.total_interest);
    assert.ok(out.total_interest <= out.comparison.snowball.total_interest);
    assert.equal(out.search.method, 'exhaustive');
  }
});

test('20 debts over 30 years with the optimal order: bounded, and every invariant holds', () => {
  const rnd = mulberry32(2026);
  const request = randomDebts(rnd, 20, { promos: true });
  request.monthly_budget = Math.round(request.debts.reduce((s, d) => s + d.minimum_payment, 0) * 100 * 1.02) / 100;
  const t0 = performance.now();
  const out = engine.debt.plan({ ...request, strategy: 'optimal', include_schedule: true });
  const ms = performance.now() - t0;
  assert.ok(ms < 1000, `${ms} ms`);
  assert.equal(out.search.method, 'local_search');
  assert.ok(out.total_interest <= out.comparison.avalanche.total_interest);
  assert.ok(out.total_interest <= out.comparison.snowball.total_interest);
  for (const [k, row] of out.schedule.entries()) {
    for (const x of [...row.interest, ...row.payment, ...row.balance]) {
      assert.ok(Number.isFinite(x) && x >= 0 && Math.abs(Math.round(x * 100) - x * 100) < 1e-6, `schedule[${k}]: ${x}`);
    }
    assert.ok(!Number.isNaN(Date.parse(row.date)), row.date);
    if (k === out.schedule.length - 1) assert.ok(row.balance.every((b) => b === 0));
  }
  out.debts.forEach((d, i) => assert.equal(out.schedule[d.payoff_month - 1].balance[i], 0));
});

test('errors are NesteggErrors naming the field', () => {
  const good = { start_date: '2026-01-31', monthly_budget: 300,
    debts: [{ name: 'A', balance: 3000, apr: 0.24, minimum_payment: 60 }, { name: 'B', balance: 800, apr: 0.06, minimum_payment: 20 }] };
  const expect = (request, code, field) => {
    assert.throws(() => engine.debt.plan(request), (e) => e instanceof NesteggError && e.code === code && e.field === field);
    assert.equal(engine.debt.plan(good).total_interest, 458.03, 'the next call still works');
  };
  expect({ ...good, monthly_budget: 79 }, 'invalid_value', 'monthly_budget');
  expect({ ...good, monthly_budget: NaN }, 'not_finite', 'monthly_budget');
  expect({ ...good, debts: [] }, 'out_of_range', 'debts');
  expect({ ...good, debts: Array.from({ length: 51 }, (_, i) => ({ name: `d${i}`, balance: 1, apr: 0, minimum_payment: 0 })) }, 'too_large', 'debts');
  expect({ ...good, debts: [{ ...good.debts[0], balance: -1 }] }, 'out_of_range', 'debts[0].balance');
  expect({ ...good, debts: [{ ...good.debts[0], promo_end_date: '2026-02-30', promo_apr: 0 }] }, 'invalid_date', 'debts[0].promo_end_date');
  expect({ ...good, strategy: 'custom', order: ['A', 'A'] }, 'invalid_value', 'order[1]');
  expect({ ...good, strategy: 'fastest' }, 'invalid_value', 'strategy');
  expect({ monthly_budget: 240, debts: [{ balance: 10000, apr: 0.3 }] }, 'invalid_value', 'monthly_budget');
  assert.throws(() => engine.investment.readiness({ emergency_fund: 1, monthly_essential_expenses: 1, horizon_years: 10 }),
    (e) => e instanceof NesteggError && e.code === 'missing_field' && e.field === 'monthly_saving');
});

test('the corpus shared with the parity test answers or refuses cleanly', () => {
  for (const [method, request] of debtCorpus()) {
    try {
      const out = engine.call(method, request);
      assert.ok(out && typeof out === 'object');
    } catch (e) {
      assert.ok(e instanceof NesteggError && e.code !== 'internal', `${method}: ${e.message}`);
    }
  }
});

test('investment.readiness: the README example', () => {
  const out = engine.investment.readiness({
    start_date: '2026-01-15', emergency_fund: 1000, monthly_essential_expenses: 2000, monthly_saving: 500, horizon_years: 20,
    debts: [{ name: 'card', balance: 3000, apr: 0.22, minimum_payment: 90 }, { name: 'car', balance: 8000, apr: 0.05, minimum_payment: 200 }],
    employer_match: { match_rate: 0.5, match_limit: 0.06, contribution_rate: 0.03, annual_salary: 60000 },
    risk: { income_stability: 'stable', dependents: false, loss_reaction: 'hold' },
  });
  assert.equal(out.status, 'not_yet');
  assert.deepEqual(out.steps.map((s) => [s.step, s.amount, s.months, s.end_month]), [
    ['starter_emergency_fund', 1000, 2, 2], ['employer_match', 150, 0, 2], ['high_interest_debt', 2929.36, 8, 10],
    // The card's last month takes 73.26 of the 440: the rest goes into the fund, which then needs
    // 4000 - 366.74 = 3633.26 more, 9 months at 440 (README works it).
    ['emergency_fund', 3633.26, 9, 19], ['invest', 440, 0, 19]]);
  assert.equal(out.ready_date, '2027-08-15');
});
