// SPDX-License-Identifier: MIT
// How a request's text is best carried into wasm, by its length: embind's own std::string argument
// (the module's `call`: a JavaScript loop measures and copies the UTF-8 a character at a time) or
// TextEncoder.encodeInto into the string's buffer (`callLong`: a set-up per call, then native
// speed). npm/src/engine.js picks by length (LONG_REQUEST); this is the measurement behind it.
// Naive forecasts of 4 to 1 000 whole amounts (a few dozen to 5 000 characters), the two ways
// interleaved call by call on one engine, medians. Prints one JSON line per length.
//   node tests/bench/bench_request_crossing.mjs <package dir> [calls]
import { readFileSync } from 'node:fs';

const [pkgDir, callsArg] = process.argv.slice(2);
const calls = Number(callsArg ?? 3000);
const dist = new URL('dist/', `file://${pkgDir.replace(/\/?$/, '/')}`);
const { default: createNesteggModule } = await import(new URL('nestegg.js', dist).href);
const compiled = await WebAssembly.compile(readFileSync(new URL('nestegg.wasm', dist)));
const module = await createNesteggModule({
  instantiateWasm: (imports, done) => {
    WebAssembly.instantiate(compiled, imports).then(done);
    return {};
  },
});
const engine = new module.Engine();
engine.configure('{"log_level": "off"}');

const median = (a) => a.sort((x, y) => x - y)[a.length >> 1];
for (const n of [4, 16, 40, 80, 160, 400, 1000]) {
  const series = Array.from({ length: n }, (_, i) => 1000 + (i % 37));
  const text = JSON.stringify({ series, period: 1, horizon: 6, method: 'naive' });
  if (engine.call('forecast.expenses', text, '') !== engine.callLong('forecast.expenses', text, '')) throw new Error('answers differ');
  for (let i = 0; i < 300; i++) engine.call('forecast.expenses', text, ''), engine.callLong('forecast.expenses', text, '');
  const embind = [], encoder = [];
  for (let i = 0; i < calls; i++) {
    let t = performance.now();
    engine.call('forecast.expenses', text, '');
    embind.push(performance.now() - t);
    t = performance.now();
    engine.callLong('forecast.expenses', text, '');
    encoder.push(performance.now() - t);
  }
  const [a, b] = [median(embind) * 1000, median(encoder) * 1000];
  console.log(JSON.stringify({ bench: 'request crossing', chars: text.length, embind_string_us: +a.toFixed(2),
    text_encoder_us: +b.toFixed(2), encoder_over_embind: +(b / a).toFixed(2) }));
}
engine.delete();
