// SPDX-License-Identifier: MIT
// Bad input through the wasm module: the same fixture as the native validation test, plus what only
// JavaScript can send (NaN, Infinity, BigInt, cycles). Every error is a NesteggError with code,
// message and field, and the very next good call answers correctly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectError, fixture, loadPackage } from './helpers.mjs';

const { createEngine, NesteggError } = await loadPackage();
const engine = await createEngine();
const good = { target_amount: 10000, current_amount: 1000, monthly_contribution: 450, start_date: '2024-01-15' };


test('every fixture request fails with its code and field, and the next call works', () => {
  const cases = fixture('bad_requests.json');
  assert.ok(cases.length >= 50);
  for (const c of cases) expectError(() => engine.call(c.method, c.body), c.code, c.field);
});

test('values JSON cannot carry are caught with their path', async () => {
  expectError(() => engine.goals.timeline({ ...good, target_amount: NaN }), 'not_finite', 'target_amount');
  expectError(() => engine.goals.timeline({ ...good, monthly_contribution: Infinity }), 'not_finite', 'monthly_contribution');
  expectError(() => engine.goals.timeline({ ...good, current_amount: -Infinity }), 'not_finite', 'current_amount');
  expectError(() => engine.goals.adjust({ contributions: [1, NaN] }), 'not_finite', 'contributions[1]');
  expectError(() => engine.goals.timeline({ ...good, target_amount: 10n }), 'wrong_type', 'target_amount');
  const cyclic = { ...good };
  cyclic.self = cyclic;
  expectError(() => engine.goals.timeline(cyclic), 'wrong_type', 'self');
  const loop = { a: [{ b: null }] };
  loop.a[0].b = loop.a;
  expectError(() => engine.goals.timeline({ ...good, loop }), 'wrong_type', 'loop.a[0].b');
  expectError(() => engine.call('goals.adjust', { contributions: [1, 2, [[0, -Infinity]]] }), 'not_finite', 'contributions[2][0][1]');
  // What JSON.stringify would send is checked: a toJSON's value, a boxed number's, an invalid Date
  // (each reached the engine as null: "target_amount is required").
  expectError(() => engine.goals.timeline({ ...good, target_amount: { toJSON: () => NaN } }), 'not_finite', 'target_amount');
  expectError(() => engine.goals.timeline({ ...good, target_amount: new Number(NaN) }), 'not_finite', 'target_amount');
  expectError(() => engine.goals.timeline({ ...good, start_date: new Date(NaN) }), 'invalid_date', 'start_date');
  assert.equal(engine.goals.timeline({ ...good, target_amount: new Number(10000) }).months_needed, 20);
  // As JSON.stringify does: toJSON called once (its result's own toJSON is not), `return this` is
  // no cycle, a Date from another realm is a Date, a boxed BigInt cannot be sent.
  const { runInNewContext } = await import('node:vm');
  expectError(() => engine.goals.timeline({ ...good, start_date: runInNewContext('new Date(NaN)') }), 'invalid_date', 'start_date');
  expectError(() => engine.goals.timeline({ ...good, target_amount: Object(10n) }), 'wrong_type', 'target_amount');
  const self = { a: 1, toJSON() { return this; } };
  const twice = { toJSON: () => ({ x: 1, toJSON: () => NaN }) };
  assert.equal(engine.goals.timeline({ ...good, extra: self, other: twice }).months_needed, 20);
  // The same object twice is no cycle: it is sent twice, and the next call still names its field.
  const shared = { note: 'x' };
  assert.equal(engine.goals.timeline({ ...good, a: shared, b: [shared, shared] }).months_needed, 20);
  expectError(() => engine.goals.timeline({ ...good, target_amount: NaN, a: shared }), 'not_finite', 'target_amount');
  expectError(() => engine.call(42, good), 'unknown_method', 'method');
  expectError(() => engine.call('goals.timeline', null), 'wrong_type', '');
});

test('a typed array is sent as the array it holds, its values checked by index', async () => {
  // JSON.stringify alone sends a Float64Array as {"0": 100, ...}: "must be an array" (a review's case).
  const trends = (a) => ({ last_month: '2026-11', categories: { a, b: [5, 6, 7, 8, 9, 10] } });
  const values = [100, 120, 130, 125, 140, 150];
  for (const Typed of [Float64Array, Float32Array, Int32Array, Uint16Array]) {
    assert.deepEqual(engine.call('insights.trends', trends(new Typed(values))), engine.call('insights.trends', trends(values)), Typed.name);
  }
  const { runInNewContext } = await import('node:vm');
  assert.deepEqual(engine.call('insights.trends', trends(runInNewContext('new Float64Array([100, 120, 130, 125, 140, 150])'))),
    engine.call('insights.trends', trends(values)));
  expectError(() => engine.call('insights.trends', trends(new Float64Array([1, 2, NaN, 4]))), 'not_finite', 'categories.a[2]');
  expectError(() => engine.call('insights.trends', trends(new BigInt64Array([1n]))), 'wrong_type', 'categories.a[0]');
  // A DataView is not an array of numbers: sent as JSON.stringify sends it ({}), refused by the engine.
  expectError(() => engine.call('insights.trends', trends(new DataView(new ArrayBuffer(8)))), 'wrong_type', 'categories.a');
});

test('huge arrays and bodies are refused without exhausting memory', () => {
  const big = { target_amount: 20000, current_amount: 9000, target_date: '2026-06-01', as_of: '2025-01-01',
    contributions: new Array(100001).fill(1) };
  expectError(() => engine.goals.adjust(big), 'too_large', 'contributions');
  expectError(() => engine.call('goals.timeline', '{"pad":"' + 'x'.repeat(9 << 20) + '"}'), 'too_large', '');
  expectError(() => engine.call('goals.timeline', '['.repeat(100000)), 'too_large', '');
  // After all that the heap is still usable for a big legitimate job.
  const sim = engine.goals.simulate({ target_amount: 1e5, monthly_contribution: 500, annual_return_rate: 0.05,
    annual_volatility: 0.1, months: 240, paths: 20000, start_date: '2024-01-01' });
  assert.equal(sim.bands.length, 240);
});

test('a bad config fails createEngine with a NesteggError naming the setting', async () => {
  await assert.rejects(createEngine({ config: { log_level: 'loud' } }), (e) => e instanceof NesteggError && e.field === 'config.log_level');
  await assert.rejects(createEngine({ config: { limits: { max_paths: -1 } } }), (e) => e.code === 'out_of_range' && e.field === 'config.limits.max_paths');
  await assert.rejects(createEngine({ config: { features: { 'goals.none': false } } }), (e) => e.code === 'invalid_value');
  // ...and the module keeps serving other engines.
  assert.equal((await createEngine()).goals.timeline(good).months_needed, 20);
});
