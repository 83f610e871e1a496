// SPDX-License-Identifier: MIT
// The JS API of the package: typed methods from the dispatch table, info/health/metrics, config,
// log sink, request ids, warnings and dispose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPackage, pkgDir } from './helpers.mjs';

const { createEngine, NesteggError } = await loadPackage();

test('typed methods exist for every dotted method in info()', async () => {
  const engine = await createEngine();
  const info = engine.info();
  assert.equal(info.name, 'nestegg');
  assert.equal(info.build.target, 'wasm');
  const names = info.methods.map((m) => m.name);
  for (const n of ['goals.timeline', 'goals.reverse_plan', 'goals.adjust', 'goals.simulate']) assert.ok(names.includes(n));
  for (const n of names.filter((x) => x.includes('.'))) {
    const [g, m] = n.split('.');
    assert.equal(typeof engine[g][m], 'function', n);
  }
});

test('reverse plan of 40000 in a year asks 3333.34 a month (rounded up)', async () => {
  const engine = await createEngine();
  const out = engine.goals.reverse_plan({ target_amount: 40000, current_amount: 0, start_date: '2024-01-01',
    target_date: '2025-01-01', annual_return_rate: 0, monthly_income: 6000, monthly_expenses: 4000 });
  assert.equal(out.required_monthly_savings, 3333.34);
  assert.ok(out.alternatives.length >= 3);
  assert.deepEqual(out.milestones.map((m) => m.percent), [25, 50, 75, 100]);
});

test('health and metrics (JSON and Prometheus) reflect the calls made', async () => {
  const engine = await createEngine();
  engine.goals.timeline({ target_amount: 100, monthly_contribution: 10, start_date: '2024-01-01' });
  assert.throws(() => engine.goals.timeline({}), NesteggError);
  const health = engine.health();
  assert.equal(health.status, 'ok');
  assert.equal(health.errors, 1);
  const m = engine.metrics();
  assert.equal(m.methods['goals.timeline'].calls, 2);
  assert.equal(m.methods['goals.timeline'].errors_by_code.missing_field, 1);
  const text = engine.metrics({ format: 'prometheus' });
  assert.match(text, /^# HELP nestegg_calls_total/m);
  assert.match(text, /nestegg_calls_total\{method="goals.timeline"\} 2/);
  assert.match(text, /nestegg_call_duration_seconds_count\{method="goals.timeline"\} 2/);
});

test('engines are independent: config, metrics and features per engine', async () => {
  const a = await createEngine({ config: { today: '2030-01-31', features: { 'goals.simulate': false } } });
  const b = await createEngine();
  const t = a.goals.timeline({ target_amount: 100, monthly_contribution: 100 });
  assert.equal(t.start_date, '2030-01-31');
  assert.equal(t.target_date, '2030-02-28');
  assert.throws(() => a.goals.simulate({}), (e) => e.code === 'disabled');
  assert.throws(() => b.goals.simulate({}), (e) => e.code === 'missing_field');
  assert.equal(b.metrics().methods['goals.timeline'], undefined);
});

test('structured logs reach the sink with level and request id', async () => {
  const lines = [];
  const engine = await createEngine({ logSink: (l) => lines.push(l), config: { log_level: 'info' } });
  engine.call('goals.timeline', { target_amount: 100, monthly_contribution: 10, start_date: '2024-01-01' }, { requestId: 'abc' });
  assert.throws(() => engine.call('goals.timeline', '{'));
  assert.equal(lines.length, 2);
  assert.equal(lines[0].request_id, 'abc');
  assert.equal(lines[0].method, 'goals.timeline');
  assert.equal(lines[1].level, 'warn');
  assert.equal(lines[1].error.code, 'invalid_json');
  const quiet = [];
  const warnOnly = await createEngine({ logSink: (l) => quiet.push(l), config: { log_level: 'warn' } });
  warnOnly.goals.timeline({ target_amount: 100, monthly_contribution: 10, start_date: '2024-01-01' });
  assert.equal(quiet.length, 0);
});

// A review's cases: a sink that called the engine back hung the call (or, calling another engine,
// corrupted the module's memory), one that disposed its engine freed it under its own call, and one
// that threw turned the answer into its error. Lines now reach the sink once the call has returned.
test('a log sink may call an engine, dispose its own, or throw: the answer stands', async () => {
  const timeline = { target_amount: 100, monthly_contribution: 10, start_date: '2024-01-01' };
  const other = await createEngine();
  const seen = [];
  let engine;
  engine = await createEngine({ logSink: (l) => {
    seen.push(l.method);
    if (l.method === 'goals.timeline') seen.push(engine.call('goals.reverse_plan', { target_amount: 100, target_date: '2025-01-01', start_date: '2024-01-01' }).required_monthly_savings);
    if (l.method === 'goals.reverse_plan') seen.push(other.call('goals.timeline', timeline).months_needed);
  } });
  assert.equal(engine.call('goals.timeline', timeline).months_needed, 10);
  assert.deepEqual(seen, ['goals.timeline', 'goals.reverse_plan', 10, 8.34]);
  assert.equal(engine.call('goals.timeline', timeline).months_needed, 10, 'the engine still answers');
  assert.equal((await createEngine()).call('goals.timeline', timeline).months_needed, 10, 'and the module');

  const throwing = await createEngine({ logSink: () => { throw new Error('log transport down'); } });
  assert.equal(throwing.call('goals.timeline', timeline).months_needed, 10);

  // predictMatrix reads its outputs after its call: a sink's call on that call's line cleared them.
  let matrix;
  matrix = await createEngine({ logSink: (l) => { if (l.method === 'savings.predict') matrix.call('health', {}); } });
  const { model } = matrix.savings.trainMatrix({ columns: ['a'], X: new Float64Array([1, 2, 3, 4]), y: new Float64Array([3, 5, 7, 9]) });
  assert.deepEqual(Array.from(matrix.savings.predictMatrix({ model, X: new Float64Array([5]) }).predictions.prediction).map((v) => +v.toFixed(9)), [11]);

  let disposing;
  disposing = await createEngine({ logSink: () => disposing.dispose() });
  assert.equal(disposing.call('goals.timeline', timeline).months_needed, 10);
  assert.throws(() => disposing.call('goals.timeline', timeline), (e) => e.code === 'disposed');
});

// A review's cases: each escaped as a raw TypeError, RangeError or embind BindingError, or (a string
// as wasmModule) ended the Node process with an unhandled rejection after the caller had caught it.
test('odd arguments are NesteggErrors; null options are none', async () => {
  const engine = await createEngine(null);
  const timeline = { target_amount: 100, monthly_contribution: 10, start_date: '2024-01-01' };
  assert.equal(engine.call('goals.timeline', timeline, null).months_needed, 10);
  assert.equal(typeof engine.metrics(null).methods, 'object');
  await assert.rejects(createEngine(5), (e) => e instanceof NesteggError && e.code === 'wrong_type' && e.field === 'options');
  await assert.rejects(createEngine({ wasmModule: 'x' }), (e) => e instanceof NesteggError && e.code === 'wrong_type' && e.field === 'wasmModule');
  await assert.rejects(createEngine({ wasmBinary: 5 }), (e) => e instanceof NesteggError && e.code === 'wrong_type' && e.field === 'wasmBinary');
  // The .wasm's bytes given as wasmModule ended the process from Emscripten's callback; {} is no module.
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(new URL('dist/nestegg.wasm', `file://${pkgDir}/`));
  await assert.rejects(createEngine({ wasmModule: bytes }), (e) => e instanceof NesteggError && e.code === 'wrong_type' && e.field === 'wasmModule');
  await assert.rejects(createEngine({ wasmModule: {} }), (e) => e instanceof NesteggError && e.field === 'wasmModule');
  await assert.rejects(createEngine({ wasmBinary: {} }), (e) => e instanceof NesteggError && e.field === 'wasmBinary');
  // A caller's own RangeError is the caller's, not "nests too deep".
  assert.throws(() => engine.call('goals.timeline', { toJSON: () => (1).toFixed(200) }), (e) => e instanceof RangeError);
  assert.throws(() => engine.call('goals.timeline', timeline, 7), (e) => e.code === 'wrong_type' && e.field === 'options');
  assert.throws(() => engine.call('goals.timeline', { toJSON: () => undefined }), (e) => e.code === 'wrong_type' && e.field === '');
  let deep = {};
  for (let i = 0; i < 20000; i++) deep = { a: deep };
  assert.throws(() => engine.call('goals.timeline', deep), (e) => e.code === 'too_large');
  assert.throws(() => engine.savings.trainMatrix(undefined), (e) => e.code === 'wrong_type');
  assert.throws(() => engine.savings.predictMatrix(null), (e) => e.code === 'wrong_type');
  const long = engine.call.bind(engine, 'x'.repeat(100000), {});
  assert.throws(long, (e) => e.code === 'unknown_method' && e.message.length < 300);
  engine.dispose();
  assert.throws(() => engine.savings.trainMatrix({ columns: ['a'], X: new Float64Array(1), y: new Float64Array(1) }), (e) => e.code === 'disposed');
  assert.equal((await createEngine()).call('goals.timeline', timeline).months_needed, 10, 'the module still answers');
});

// A review's case: a 100 MB request refused too_large had first been copied into wasm memory, which
// never shrinks (105 MB for every engine of the module from then on).
test('a request over max_request_bytes is refused before it reaches wasm memory', async () => {
  for (const config of [{ limits: { max_request_bytes: 1 << 20 } }, {}]) {
    const engine = await createEngine({ config });
    const before = engine.health().wasm_memory_bytes;
    const limit = config.limits?.max_request_bytes ?? engine.info().limits.max_request_bytes;
    const text = `{"target_amount":100,"pad":"${'x'.repeat(limit + 10)}"}`;
    assert.throws(() => engine.call('goals.timeline', text), (e) => e.code === 'too_large' && e.message.includes(`the limit is ${limit}`));
    assert.equal(engine.health().wasm_memory_bytes, before);
    // Under the limit in UTF-16 units, over it in UTF-8 bytes (three a euro sign): the engine refuses it.
    const euros = `{"target_amount":100,"pad":"${'€'.repeat(Math.ceil(limit / 2))}"}`;
    assert.throws(() => engine.call('goals.timeline', euros), (e) => e.code === 'too_large' && e.message.includes(`the limit is ${limit}`));
    assert.equal(engine.call('goals.timeline', { target_amount: 100, monthly_contribution: 10, start_date: '2024-01-01' }).months_needed, 10);
  }
});

test('unknown fields come back as warnings', async () => {
  const engine = await createEngine();
  const out = engine.goals.timeline({ target_amount: 100, monthly_contribution: 10, start_date: '2024-01-01', monthy: 5 });
  assert.deepEqual(out.warnings.map((w) => [w.code, w.field]), [['unknown_field', 'monthy']]);
});

test('a disposed engine says so instead of crashing', async () => {
  const engine = await createEngine();
  engine.dispose();
  assert.throws(() => engine.health(), (e) => e.code === 'disposed');
  engine.dispose();  // idempotent
});

test('NesteggError serialises to the wire shape', () => {
  const e = new NesteggError({ code: 'out_of_range', message: 'x must be...', field: 'x' });
  assert.deepEqual(JSON.parse(JSON.stringify(e)), { error: { code: 'out_of_range', message: 'x must be...', field: 'x' } });
  assert.equal(e.name, 'NesteggError');
});

test('the documented workloads stay under 32 MB of wasm memory', async () => {
  const engine = await createEngine();
  const { readFileSync } = await import('node:fs');
  const corpus = JSON.parse(readFileSync(new URL('../bench/corpus.json', import.meta.url), 'utf8'));
  for (const c of corpus) engine.call(c.method, c.request);
  const bytes = engine.health().wasm_memory_bytes;
  assert.ok(bytes > 0 && bytes < 32 * 1024 * 1024, `${bytes} bytes`);
});

// JSON text carries every number both ways, so the engine must read the bits JavaScript wrote and
// write back bits JavaScript reads the same. The wasm build reads most numbers through its own
// fast path (core/decimal_fast_path, Clinger's exact case) and the rest through musl's strtod;
// this sends 10 400 numbers of both kinds through values the engine echoes untouched (the initial
// states of a fully specified ETS model) and wants each back as Object.is-identical.
test('numbers cross the JSON boundary with their exact bits, both ways', async () => {
  const engine = await createEngine({ config: { log_level: 'off' } });
  let seed = 20261129;
  const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const shapes = [
    () => Math.round((random() - 0.5) * 2e8) / 100,          // money with cents (the fast path)
    () => (random() - 0.5) * 10 ** (1 + Math.floor(random() * 12)),  // 16-17 digits (musl's strtod)
    () => Number((random() * 9).toFixed(1 + Math.floor(random() * 6))) * 10 ** -(Math.floor(random() * 9)),  // 1.5e-7 ...
    () => Math.round((random() - 0.5) * 2e12),               // whole amounts up to the limit
    () => Number(random().toPrecision(15)) * 1e11,            // 15 digits times a power of ten
  ];
  let checked = 0;
  for (let call = 0; call < 400; call++) {
    const values = Array.from({ length: 26 }, (_, i) => shapes[(call + i) % shapes.length]());
    const [l0, b0, ...s] = values;
    const out = engine.call('forecast.expenses', {
      series: Array.from({ length: 48 }, (_, i) => 500 + (i % 24)), period: 24, horizon: 1, method: 'ets', spec: 'AAA',
      parameters: { alpha: 0.1, beta: 0.01, gamma: 0.01, l0, b0, s },
    });
    const p = out.series.model.parameters;
    const echoed = [p.l0, p.b0, ...s.map((_, k) => p[`s${k}`])];
    for (let i = 0; i < values.length; i++) {
      assert.ok(Object.is(echoed[i], values[i]), `${JSON.stringify(values[i])} came back as ${JSON.stringify(echoed[i])}`);
      checked++;
    }
  }
  assert.equal(checked, 10400);
});

// A request crosses into wasm one of two ways by its length (engine.js, LONG_REQUEST); its bytes,
// so its answer, must not depend on which. Lone UTF-16 surrogates are where embind's conversion
// and TextEncoder differ: each becomes U+FFFD, as TextDecoder and the HTTP body reader make it.
test('a request answers the same short and long, lone surrogates included (each read as U+FFFD)', async () => {
  const engine = await createEngine();
  const names = ['é café', '日本', 'emoji😀', 'lone\ud800x', 'lone\udc00', 'end\ud83d', 'swapped\ude00\ud83d'];
  for (const name of names) {
    const short = `{"method": "naive", "period": 1, "horizon": 1, "categories": {"${name}": [1, 2, 3]}}`;
    const long = short.replace('{', `{${' '.repeat(300)}`);
    assert.ok(short.length < 100 && long.length > 300);
    const [a, b] = [engine.call('forecast.expenses', short), engine.call('forecast.expenses', long)];
    assert.deepEqual(a, b, name);
    assert.deepEqual(Object.keys(a.categories), [name.replace(/[\ud800-\udfff]/gu, '\ufffd')], name);
  }
});

// The same names sent as objects: JSON.stringify writes a lone surrogate as its escape ("\ud800"),
// which JSON's grammar allows; the engine reads it as U+FFFD too, so one bank statement with a
// description cut through an emoji is not refused whole as invalid JSON.
test('a lone surrogate escaped in JSON text reads as U+FFFD, as the same character sent raw does', async () => {
  const engine = await createEngine();
  const names = ['lone\ud800x', 'lone\udc00', 'end\ud83d', 'swapped\ude00\ud83d', 'paired\ud83d\ude00', 'Café ☕ 😀😀😀'.slice(0, -1)];
  for (const name of names) {
    const request = { method: 'naive', period: 1, horizon: 1, categories: { [name]: [1, 2, 3] } };
    const asObject = engine.call('forecast.expenses', request);
    const lone = /[\ud800-\udfff]/u.test(name);  // with the u flag a pair is one code point, not matched
    assert.equal(/\\ud[89a-f][0-9a-f]{2}/u.test(JSON.stringify(request)), lone, name);  // escaped by JSON.stringify
    const raw = `{"method": "naive", "period": 1, "horizon": 1, "categories": {"${name}": [1, 2, 3]}}`;
    assert.deepEqual(asObject, engine.call('forecast.expenses', raw), name);
    assert.deepEqual(Object.keys(asObject.categories), [name.replace(/[\ud800-\udfff]/gu, '\ufffd')], name);
  }
  // An ignored field holding one is no reason to refuse the call.
  assert.equal(engine.call('goals.timeline', { target_amount: 100, monthly_contribution: 10, memo: 'x\ud83d' }).months_needed, 10);
});
