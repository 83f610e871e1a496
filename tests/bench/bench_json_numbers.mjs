// SPDX-License-Identifier: MIT
// What reading JSON numbers costs the engine, by the shape of the numbers: whole amounts, amounts
// with cents (what household data is), and the 16-17 digits JavaScript writes for computed
// doubles. A naive forecast of a 400-value series (nothing estimated: the call is mostly reading
// the request) in wasm under Node, next to V8's JSON.parse of the same request text as the peer.
// Prints JSON lines.   node tests/bench/bench_json_numbers.mjs <package dir> [reps]
import { medianTime } from './timing.mjs';

const [pkgDir, repsArg] = process.argv.slice(2);
const reps = Number(repsArg ?? 201);
const { createEngine } = await import(new URL('src/node.js', `file://${pkgDir}/`).href);
const engine = await createEngine({ config: { log_level: 'off' } });

const n = 400;
const raw = Array.from({ length: n }, (_, i) => 1000 + 37.13 * Math.sin(i) + i * 0.5);
const shapes = { whole: raw.map(Math.round), cents: raw.map((x) => Math.round(x * 100) / 100), full_precision: raw };
for (const [shape, series] of Object.entries(shapes)) {
  const request = { series, period: 1, horizon: 6, method: 'naive' };
  const text = JSON.stringify(request);
  for (let i = 0; i < 50; i++) engine.call('forecast.expenses', request);  // V8's optimising tier
  const [wasmMs] = medianTime(() => engine.call('forecast.expenses', request), reps);
  const [parseMs] = medianTime(() => JSON.parse(text), reps);
  console.log(JSON.stringify({ bench: 'json numbers', shape, values: n, request_chars: text.length,
    wasm_naive_forecast_us: +(wasmMs * 1000).toFixed(1), v8_json_parse_us: +(parseMs * 1000).toFixed(1) }));
}
