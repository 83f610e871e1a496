// SPDX-License-Identifier: MIT
// insights.trends through the wasm package: README's worked example (the figures of
// tests/unit/trends_test.cpp, checked there by hand and in R), structured errors naming the field,
// and native CLI vs wasm agreement on seeded requests (gaps, short and long series, seasonal
// history, several levels): numbers to 1e-12 relative, everything else exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { agree, loadPackage, mulberry32, nativeCli } from './helpers.mjs';

const { createEngine, NesteggError } = await loadPackage();
const engine = await createEngine({ config: { log_level: 'off' } });

const example = {
  last_month: '2026-11',
  categories: {
    dining: [400, 420, 410, 430, 425, 440, 450, 445, 460, 470, 465, 480, 520],
    rent: [1500, 1500, 1500, 1500, 1500, 1500, 1500, 1500, 1500, 1500, 1500, 1550, 1550],
    utilities: [100, 110, null, 90],
    groceries: [300, 310, 320, 250],
  },
};

test('insights.trends: the worked example', () => {
  const r = engine.insights.trends(example);
  const d = r.categories.dining;
  assert.equal(d.first_month, '2025-11');
  assert.deepEqual(d.month_over_month, { change: 40, fraction: 40 / 480 });
  assert.deepEqual(d.year_over_year, { change: 120, fraction: 0.3 });
  assert.equal(d.rolling_mean[12], 488.33);
  assert.equal(d.slope.per_month, 6.94);
  assert.deepEqual(d.slope.lower, { 80: 6.43, 95: 6 });
  assert.deepEqual(d.slope.upper, { 80: 8.57, 95: 10 });
  assert.equal(d.slope.direction, 'rising');
  assert.equal(d.seasonally_adjusted, null);
  assert.equal(r.categories.rent.slope.direction, 'flat');
  assert.equal(r.categories.utilities.month_over_month, null);
  assert.deepEqual(r.top_movers.map((m) => [m.id, m.change]), [['trend:groceries', -70], ['trend:dining', 40]]);
  assert.equal(r.total.last, 2410);
  assert.equal(r.total.months, 4);
  assert.deepEqual(engine.call('insights.trends', JSON.stringify(example)), r);
});

test('insights.trends: a pure season adjusts to no change', () => {
  const season = [-150, -80, -20, 0, 10, 30, 40, 20, -10, -60, -80, 300];  // Jan..Dec
  const y = Array.from({ length: 36 }, (_, t) => 800 + season[t % 12]);  // ends in December
  const r = engine.insights.trends({ last_month: '2026-12', categories: { gifts: y } });
  assert.equal(r.categories.gifts.month_over_month.change, 380);
  assert.equal(r.categories.gifts.seasonally_adjusted.change, 0);
  assert.equal(r.categories.gifts.seasonally_adjusted.seasonal, 380);
});

test('insights.trends: bad input is a NesteggError naming the field, and the next call works', () => {
  const expectError = (request, code, field) => assert.throws(() => engine.insights.trends(request), (e) => {
    assert.ok(e instanceof NesteggError, String(e));
    assert.equal(e.code, code, e.message);
    assert.equal(e.field, field, e.message);
    return true;
  });
  expectError({ categories: example.categories }, 'missing_field', 'last_month');
  expectError({ ...example, last_month: '2026-13' }, 'invalid_date', 'last_month');
  expectError({ ...example, categories: { dining: [1, 'x'] } }, 'wrong_type', 'categories.dining[1]');
  expectError({ ...example, categories: { dining: new Array(1201).fill(1) } }, 'too_large', 'categories.dining');
  expectError({ ...example, window: 0 }, 'out_of_range', 'window');
  assert.equal(engine.insights.trends(example).categories.dining.slope.direction, 'rising');
});

function seededRequests() {
  const rnd = mulberry32(1717);
  const out = [];
  for (let i = 0; i < 25; i++) {
    const categories = {};
    const count = 1 + Math.floor(rnd() * 6);
    for (let c = 0; c < count; c++) {
      const n = [1, 2, 3, 13, 24, 36, 60, 120][Math.floor(rnd() * 8)];
      const level = 10 ** (1 + 3 * rnd()), slope = (rnd() - 0.5) * level * 0.02;
      categories[`c${c}`] = Array.from({ length: n }, (_, t) => (rnd() < 0.05 ? null
        : Math.round((level + slope * t + level * 0.2 * Math.sin(t * Math.PI / 6) + level * 0.1 * (rnd() - 0.5)) * 100) / 100));
    }
    const request = { last_month: `20${10 + Math.floor(rnd() * 20)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}`, categories };
    if (rnd() < 0.4) request.level = [[90], [50, 99], [80, 95, 99.9]][Math.floor(rnd() * 3)];
    if (rnd() < 0.4) request.window = 1 + Math.floor(rnd() * 12);
    if (rnd() < 0.3) request.top = Math.floor(rnd() * 4);
    out.push(request);
  }
  return out;
}


test('insights.trends: native CLI and wasm agree', { skip: !existsSync(nativeCli) && 'native CLI not built' }, () => {
  for (const request of [example, ...seededRequests()]) {
    const body = JSON.stringify(request);
    const native = spawnSync(nativeCli, ['insights.trends', '-'], { input: body, encoding: 'utf8' });
    assert.equal(native.status, 0, native.stderr + native.stdout);
    agree(JSON.parse(native.stdout), engine.call('insights.trends', body), 'insights.trends');
  }
});
