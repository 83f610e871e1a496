// SPDX-License-Identifier: MIT
// Goal math against two independent implementations: npm `financial` (a port of numpy-financial)
// and @formulajs/formulajs (Excel's NPER/PMT/FV). Both lose precision below |rate| = 1e-9, so
// there nestegg is held to the zero-rate closed form instead, and the references' own error is
// shown to be real (the reason nestegg does not use their formulas).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as financial from 'financial';
import * as formulajs from '@formulajs/formulajs';
import { loadPackage, relDiff } from './helpers.mjs';

const { createEngine } = await loadPackage();
const engine = await createEngine();

const annualRates = [-0.2, -0.05, -0.001, 0.0001, 0.01, 0.05, 0.0725, 0.12, 0.5, 1];
const plans = [
  { current: 0, contribution: 100, target: 5000 },
  { current: 1000, contribution: 450, target: 10000 },
  { current: 25000, contribution: 1500, target: 1000000 },
  { current: 50, contribution: 5, target: 900 },
];

test('months_exact equals numpy-financial nper and Excel NPER to 1e-9', () => {
  let compared = 0;
  for (const rate of annualRates) {
    for (const p of plans) {
      const out = engine.goals.timeline({ target_amount: p.target, current_amount: p.current,
        monthly_contribution: p.contribution, annual_return_rate: rate, start_date: '2024-01-01' });
      const r = rate / 12;
      const npv = financial.nper(r, -p.contribution, -p.current, p.target);
      const xl = formulajs.NPER(r, -p.contribution, -p.current, p.target);
      if (!Number.isFinite(npv) || npv > 1200) {
        assert.equal(out.reachable, false, `rate ${rate} ${JSON.stringify(p)} should be unreachable`);
        continue;
      }
      assert.ok(relDiff(out.months_exact, npv) < 1e-9, `nper ${rate} ${JSON.stringify(p)}: ${out.months_exact} vs ${npv}`);
      assert.ok(relDiff(out.months_exact, xl) < 1e-9, `NPER ${rate}: ${out.months_exact} vs ${xl}`);
      assert.equal(out.months_needed, Math.ceil(npv - 1e-9));
      compared++;
    }
  }
  assert.ok(compared >= 30, `compared ${compared}`);
});

test('required saving equals pmt / PMT to 1e-9, and rounding up to the cent reaches the target', () => {
  let compared = 0;
  for (const rate of annualRates) {
    for (const months of [1, 12, 60, 360, 1200]) {
      for (const p of plans) {
        const start = '2024-01-01';
        const end = new Date(Date.UTC(2024, months, 1)).toISOString().slice(0, 10);
        const out = engine.goals.reverse_plan({ target_amount: p.target, current_amount: p.current,
          annual_return_rate: rate, start_date: start, target_date: end });
        assert.equal(out.months_available, months);
        const r = rate / 12;
        const pmt = -financial.pmt(r, months, -p.current, p.target);
        const xl = -formulajs.PMT(r, months, -p.current, p.target);
        if (pmt <= 0) {
          assert.equal(out.required_monthly_savings, 0);
          continue;
        }
        assert.ok(relDiff(out.required_monthly_savings_exact, pmt) < 1e-9, `pmt ${rate} ${months}: ${out.required_monthly_savings_exact} vs ${pmt}`);
        assert.ok(relDiff(out.required_monthly_savings_exact, xl) < 1e-9, `PMT ${rate} ${months}`);
        const reached = financial.fv(r, months, -out.required_monthly_savings, -p.current);
        assert.ok(reached >= p.target * (1 - 1e-12), `rounded saving reaches the target (${reached} < ${p.target})`);
        assert.ok(out.required_monthly_savings - pmt < 0.01 + 1e-9 && out.required_monthly_savings >= pmt - 1e-9);
        compared++;
      }
    }
  }
  assert.ok(compared >= 100, `compared ${compared}`);
});

test('balances equal fv / FV to the cent over long horizons', () => {
  for (const rate of annualRates) {
    // Balances after 1200 months from a simulation with no volatility, whose every path is the plan.
    const sim = engine.goals.simulate({ target_amount: 1e12, current_amount: 2500, monthly_contribution: 300,
      annual_return_rate: rate, annual_volatility: 0, months: 1200, paths: 1, start_date: '2024-01-01', include_bands: false });
    const fv = financial.fv(rate / 12, 1200, -300, -2500);
    const xl = formulajs.FV(rate / 12, 1200, -300, -2500);
    assert.ok(Math.abs(sim.expected_final_balance - fv) <= 0.005 + 1e-9 * fv, `fv ${rate}: ${sim.expected_final_balance} vs ${fv}`);
    assert.ok(relDiff(fv, xl) < 1e-9);
  }
});

test('tiny rates: nestegg keeps the zero-rate limit where the references drift', () => {
  const p = { current: 1000, contribution: 450, target: 10000 };
  for (const rate of [1e-10, 1e-12, 1e-14, -1e-13]) {
    const out = engine.goals.timeline({ target_amount: p.target, current_amount: p.current,
      monthly_contribution: p.contribution, annual_return_rate: rate, start_date: '2024-01-01' });
    // The limit as rate -> 0 is (10000 - 1000) / 450 = 20 months; the first-order correction is
    // about 20 * 19 / 2 * r / (20) relative, far below 1e-9 here.
    assert.ok(Math.abs(out.months_exact - 20) < 1e-8, `rate ${rate}: ${out.months_exact}`);
  }
  // numpy-financial's formula at 1e-14 is visibly off: the reason for expm1/log1p.
  const drift = Math.abs(financial.nper(1e-14 / 12, -450, -1000, 10000) - 20);
  assert.ok(drift > 1e-6, `financial.nper drift ${drift}`);
});
