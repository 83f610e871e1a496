// SPDX-License-Identifier: MIT
// benchmarks.compare through the package: every figure of the repo's CE 2023 table read back
// through the method equals the JSON (core/insights/data/ce_survey_2023.json); the worked example
// of tests/unit/peer_benchmarks_test.cpp; the lognormal percentile recomputed in plain JS; native
// CLI and wasm agree on a seeded corpus; errors name the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { agree, loadPackage, mulberry32, nativeCli } from './helpers.mjs';

const { createEngine, NesteggError } = await loadPackage();
const engine = await createEngine({ config: { log_level: 'off' } });
const table = JSON.parse(readFileSync(new URL('../../core/insights/data/ce_survey_2023.json', import.meta.url), 'utf8'));
const CATEGORIES = ['food', 'housing', 'transportation', 'healthcare', 'entertainment', 'personal_insurance_and_pensions'];

// Phi by the Abramowitz-Stegun 7.1.26 erf (|error| < 1.5e-7): independent of the engine's erfc.
function phi(z) {
  const x = Math.abs(z) / Math.SQRT2, t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
const percentile = (x, mean, sigma) => (x <= 0 ? 0 : 100 * phi(Math.log(x / mean) / sigma + sigma / 2));

test("every group's figures read back through the method equal the JSON table", () => {
  const ask = (group) => engine.benchmarks.compare({ ...group, income: 1, income_after_taxes: 1, expenditures: 1,
    spending: Object.fromEntries(CATEGORIES.map((c) => [c, 1])) });
  const rows = [...table.by_age.map((r) => [r, { age_group: r.group }, 0]),
    ...table.by_income_quintile.map((r, i) => [r, { income_quintile: i + 1 }, 0]), [table.all_units, { age: 40 }, -1]];  // all consumer units come last
  for (const [row, request, index] of rows) {
    const g = ask(request).peers.at(index);
    assert.equal(g.label, row.label);
    assert.equal(g.consumer_units_thousands, row.number_of_consumer_units_thousands);
    assert.equal(g.persons_per_consumer_unit, row.persons_per_consumer_unit);
    const by = Object.fromEntries(g.comparisons.map((c) => [c.metric, c]));
    if (g.dimension !== 'income_quintile') assert.equal(by.income_before_taxes.peer, row.income_before_taxes);
    assert.equal(by.income_after_taxes.peer, row.income_after_taxes);
    assert.equal(by.expenditures.peer, row.average_annual_expenditures);
    for (const c of CATEGORIES) {
      assert.equal(by[`spending.${c}`].peer, row.expenditures[c].mean, `${row.label} ${c}`);
      const share = row.expenditures[c].share_pct;  // percent in the table, a fraction in the answer
      if (share === null) assert.equal(by[`spending.${c}`].peer_share, undefined);
      else assert.ok(Math.abs(by[`spending.${c}`].peer_share - share / 100) < 1e-12, `${row.label} ${c} share`);
    }
    assert.ok(Math.abs(by.savings_rate.peer - row.derived.savings_rate) < 5e-5, row.label);
  }
});

test('the worked example: a 30-year-old household, monthly figures', () => {
  const r = engine.benchmarks.compare({ age: 30, period: 'monthly', income_after_taxes: 5000, expenditures: 4000,
    spending: { food: 808.75, entertainment: 500 } });
  assert.deepEqual(r.peers.map((p) => p.group), ['25_34', 'all']);
  const c = Object.fromEntries(r.peers[0].comparisons.map((x) => [x.metric, x]));
  assert.equal(c.income_after_taxes.user, 60000);
  assert.equal(c.income_after_taxes.difference, -24939);
  assert.equal(c.expenditures.percentile.point, 35.5);  // 100 Phi(ln(48000/71867)/0.6 + 0.3)
  assert.equal(c['spending.food'].percentile.point, 65.5);
  assert.equal(c.savings_rate.user, 0.2);
  assert.equal(c.savings_rate.percentile, null);
  assert.equal(r.source.year, 2023);
  assert.match(r.source.citation, /Bureau of Labor Statistics, Consumer Expenditure Surveys, 2023/);
  assert.ok(r.caveats.length >= 7);
});

test('percentiles equal the lognormal formula recomputed in JS, within the sigma range given', () => {
  const rnd = mulberry32(17);
  for (let i = 0; i < 200; i++) {
    const expenditures = Math.round(rnd() * 300000 * 100) / 100;
    const r = engine.benchmarks.compare({ age: 15 + Math.floor(rnd() * 90), expenditures });
    for (const g of r.peers) {
      const c = g.comparisons[0];
      const { sigma, lo, hi } = r.model.spreads.expenditures;
      assert.ok(Math.abs(c.percentile.point - percentile(expenditures, c.peer, sigma)) <= 0.05 + 1e-9, `${expenditures} ${g.group}`);
      assert.ok(c.percentile.lower <= c.percentile.point && c.percentile.point <= c.percentile.upper);
      for (const s of [lo, hi]) {
        const p = percentile(expenditures, c.peer, s);
        assert.ok(p >= c.percentile.lower - 0.05 && p <= c.percentile.upper + 0.05);
      }
    }
  }
});

test('bad requests name the field', () => {
  const expect = (request, code, field) => assert.throws(() => engine.benchmarks.compare(request),
    (e) => e instanceof NesteggError && e.code === code && e.field === field);
  expect({ expenditures: 1 }, 'missing_field', 'age');
  expect({ age: 30 }, 'missing_field', 'expenditures');
  expect({ age_group: '30s', expenditures: 1 }, 'invalid_value', 'age_group');
  expect({ age: 30, spending: { dining: 5 } }, 'invalid_value', 'spending.dining');
  assert.ok(engine.benchmarks.compare({ age: 30, expenditures: 1 }).peers.length === 2);
});


test('native CLI and wasm agree', { skip: !existsSync(nativeCli) && 'native CLI not built' }, () => {
  const rnd = mulberry32(23);
  const money = () => Math.round(rnd() * 10 ** (2 + rnd() * 4) * 100) / 100;
  for (let i = 0; i < 40; i++) {
    const request = { age: 15 + Math.floor(rnd() * 90), income: money() * 3, income_after_taxes: money() * 2, expenditures: money(),
      spending: { food: money() / 5, entertainment: money() / 20, housing: money() / 3 }, period: rnd() < 0.5 ? 'monthly' : 'annual' };
    const native = spawnSync(nativeCli, ['benchmarks.compare', '-'], { input: JSON.stringify(request), encoding: 'utf8' });
    assert.equal(native.status, 0, native.stderr);
    agree(JSON.parse(native.stdout), engine.benchmarks.compare(request), 'benchmarks.compare');
  }
});
