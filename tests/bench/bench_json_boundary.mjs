// SPDX-License-Identifier: MIT
// What crossing the JSON boundary costs, for one or more builds of the package in one process
// (README's "before" and "after" come from one run of this script):
//
// - reading numbers, per number, by shape (whole amounts, amounts with cents, the 17 digits
//   JavaScript prints for computed doubles). Defined as the difference between two calls that
//   differ only in how many numbers they carry — a naive forecast of 400 values and of 16 (the
//   answer's size does not depend on the count) — divided by the 384 extra numbers: what one more
//   number costs a call, from the request text to the answer, the engine's fixed costs cancelled.
//   The peer is V8's JSON.parse of the same two request texts, differenced the same way. Requests
//   go in as text, so neither side pays for JSON.stringify.
// - per-call latency of goals.timeline, reverse_plan and adjust (the corpus of bench_wasm.mjs) and of
//   `health` (a call's fixed cost), next to the native engine's (bench_native, run from here so both
//   share the run); in wasm through engine.call (object out) and with the answer left as text.
// - training on 100,000 rows x 20 features through typed arrays and through JSON: the request text
//   (engine.call with a string) and a JS object (engine.savings.train, which stringifies it).
//
// node tests/bench/bench_json_boundary.mjs <corpus.json> <label>=<package dir>[,<native bench_native>] ...
// Prints JSON lines. BENCH_PARTS=numbers,goals (say) runs some parts only.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { median } from './timing.mjs';
import { savingsDataset } from './savings_dataset.mjs';

const [corpusPath, ...builds] = process.argv.slice(2);
const corpus = JSON.parse(readFileSync(corpusPath, 'utf8'));
const print = (o) => console.log(JSON.stringify(o));
const us = (ms) => +(ms * 1000).toFixed(2);

// Interleaved medians: rounds of `fns` in turn, so a noisy neighbour hits every candidate alike.
function medians(fns, reps, warm = 50) {
  for (const f of fns) for (let i = 0; i < warm; i++) f();
  const times = fns.map(() => []);
  for (let r = 0; r < reps; r++) {
    fns.forEach((f, k) => {
      const t = performance.now();
      f();
      times[k].push(performance.now() - t);
    });
  }
  return times.map(median);
}

const engines = [];
for (const arg of builds) {
  const [label, rest] = arg.split('=');
  const [pkgDir, nativeBench] = rest.split(',');
  const { createEngine } = await import(new URL('src/node.js', `file://${pkgDir}/`).href);
  const { callText } = await import(new URL('src/engine.js', `file://${pkgDir}/`).href);
  const engine = await createEngine({ config: { log_level: 'off', limits: { max_request_bytes: 1 << 30, max_array_items: 10000000 } } });
  const wasm = readFileSync(`${pkgDir}/dist/nestegg.wasm`);
  print({ bench: 'wasm size', build: label, raw_bytes: wasm.length, gzip_bytes: gzipSync(wasm, { level: 9 }).length });
  engines.push({ label, engine, callText, nativeBench });
}

const parts = (process.env.BENCH_PARTS ?? 'numbers,goals,savings').split(',');

// 1. Reading numbers.
const long = 400, short = 16;
const raw = Array.from({ length: long }, (_, i) => 1000 + 37.13 * Math.sin(i) + i * 0.5);
const shapes = { whole: raw.map(Math.round), cents: raw.map((x) => Math.round(x * 100) / 100), digits17: raw };
for (const [shape, series] of parts.includes('numbers') ? Object.entries(shapes) : []) {
  const text = (n) => JSON.stringify({ series: series.slice(0, n), period: 1, horizon: 6, method: 'naive' });
  const [longText, shortText] = [text(long), text(short)];
  const fns = [() => JSON.parse(longText), () => JSON.parse(shortText)];
  for (const { engine } of engines) {
    fns.push(() => engine.call('forecast.expenses', longText), () => engine.call('forecast.expenses', shortText));
  }
  // Per number is a difference of two medians a few us apart: many rounds, or noise swamps it.
  const m = medians(fns, 3001, 500);
  const perNumber = (a, b) => ((a - b) / (long - short)) * 1e6;  // ns
  const v8 = perNumber(m[0], m[1]);
  print({ bench: 'read numbers', shape, build: 'V8 JSON.parse', ns_per_number: +v8.toFixed(1), call_us_400: us(m[0]), call_us_16: us(m[1]) });
  engines.forEach(({ label }, k) => {
    const ns = perNumber(m[2 + 2 * k], m[3 + 2 * k]);
    print({ bench: 'read numbers', shape, build: label, ns_per_number: +ns.toFixed(1), x_v8: +(ns / v8).toFixed(1),
      call_us_400: us(m[2 + 2 * k]), call_us_16: us(m[3 + 2 * k]) });
  });
}

// 2. Goals calls, wasm next to native: every build's calls interleaved in one set of rounds.
const goals = corpus.filter((c) => ['timeline', 'reverse_plan', 'adjust(24 months)'].includes(c.name));
// `health` is a call with next to no work of its own: its time is what any call costs.
const calls = [...goals, { name: 'health', method: 'health', request: {} }];
if (parts.includes('goals')) {
  const callsPath = join(tmpdir(), `nestegg-boundary-calls-${process.pid}.json`);
  writeFileSync(callsPath, JSON.stringify(calls));
  const natives = engines.map(({ nativeBench }) => {
    const native = {};
    if (nativeBench) {
      const lines = execFileSync(nativeBench, [callsPath, '1'], { encoding: 'utf8' }).trim().split('\n');
      for (const line of lines.map((l) => JSON.parse(l))) native[line.name] = line.median_ms;
    }
    return native;
  });
  rmSync(callsPath);
  // Each call twice: the public engine.call (text in, object out) and the same with the answer
  // left as text (what the native figure measures: no JSON.parse on the way out).
  const fns = engines.flatMap(({ engine, callText }) => calls.flatMap((c) => {
    const body = JSON.stringify(c.request);
    return [() => engine.call(c.method, body), () => engine[callText](c.method, body)];
  }));
  const m = medians(fns, 5001, 2000);
  engines.forEach(({ label }, e) => calls.forEach((c, k) => {
    const [wasm, text] = [m[(e * calls.length + k) * 2], m[(e * calls.length + k) * 2 + 1]];
    const native = natives[e][c.name];
    print({ bench: 'goals call', name: c.name, build: label, wasm_us: us(wasm), wasm_text_out_us: us(text),
      native_us: native ? us(native) : null, x_native: native ? +(wasm / native).toFixed(2) : null,
      x_native_text_out: native ? +(text / native).toFixed(2) : null });
  }));
}

// 3. Savings training, 100,000 x 20: typed arrays, JSON text, JS object.
if (!parts.includes('savings')) process.exit(0);
const n = 100000, p = 20;
const { X, y, columns } = savingsDataset(n, p);
const rows = Array.from({ length: n }, (_, i) => Array.from(X.subarray(i * p, (i + 1) * p)));
const request = { design: { columns, rows, y: Array.from(y) }, cv_folds: 0 };
const requestText = JSON.stringify(request);
const time = (f, reps) => { const ms = []; for (let r = 0; r < reps; r++) { const t = performance.now(); f(); ms.push(performance.now() - t); } return median(ms); };
for (const { label, engine } of engines) {
  // Typed arrays and JSON text taken in turns (medians of 9 each), so the machine's moods fall
  // on both: their ratio is the figure.
  const [typed, text] = medians([() => engine.savings.trainMatrix({ columns, X, y, cv_folds: 0 }), () => engine.call('savings.train', requestText)], 9, 1);
  const object = time(() => engine.savings.train(request), 3);
  print({ bench: 'savings train 100k x 20', build: label, typed_ms: +typed.toFixed(1), json_text_ms: +text.toFixed(1),
    json_text_x_typed: +(text / typed).toFixed(1), js_object_ms: +object.toFixed(1), js_object_x_typed: +(object / typed).toFixed(1),
    request_mb: +(requestText.length / 1e6).toFixed(1) });
}
