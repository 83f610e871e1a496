// SPDX-License-Identifier: MIT
// README's forecasting table and ratios, from the JSON lines of the four forecasting benchmarks
// (bench_forecast.mjs, bench_forecast_native, bench_forecast_r.R, bench_forecast_statsmodels.py)
// read from standard input: medians per period class, totals over the set, and each method's
// speed-up over R's ets() as the median of its per-series ratios (with their range).
//   ... | node tests/bench/forecast_summary.mjs
import { readFileSync } from 'node:fs';
import { median } from './timing.mjs';

const rows = readFileSync(0, 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
  .filter((r) => r.name);
const by = (runtime) => new Map(rows.filter((r) => r.runtime.startsWith(runtime)).map((r) => [r.name, r]));
const wasm = by('wasm-node'), native = by('native'), r = by('R'), sm = by('statsmodels');
const classes = [['monthly', 12], ['quarterly', 4], ['annual', 1]];

const round = (x) => +x.toPrecision(3);

// Each timing as a function of a series' name (undefined where that tool refused the series).
const timings = {
  'R ets()': (n) => r.get(n)?.ets_ms,
  'R auto.arima()': (n) => r.get(n)?.auto_arima_ms,
  'ets, wasm': (n) => wasm.get(n)?.ets.ms,
  'ets, native': (n) => native.get(n)?.ets,
  'auto, wasm': (n) => wasm.get(n)?.auto.ms,
  'auto, native': (n) => native.get(n)?.auto,
  'arima, wasm': (n) => wasm.get(n)?.arima.ms,
  'npm arima auto': (n) => wasm.get(n)?.npm_arima.ms,
  'holt_winters damped, wasm': (n) => wasm.get(n)?.holt_winters_damped.ms,
  'statsmodels ExponentialSmoothing damped': (n) => sm.get(n)?.holt_winters_damped_ms,
};
const names = [...wasm.keys()];
const periodOf = (n) => wasm.get(n).period;

for (const [label, time] of Object.entries(timings)) {
  const line = { table: 'median ms per series', method: label };
  for (const [cls, period] of classes) {
    const v = names.filter((n) => periodOf(n) === period).map(time).filter((x) => x !== undefined);
    line[cls] = round(median(v));
  }
  line.total = round(names.map(time).filter((x) => x !== undefined).reduce((a, b) => a + b, 0));
  console.log(JSON.stringify(line));
}

// Speed-up over R's ets(): per series, then the median and range within each class.
const rEts = timings['R ets()'];
for (const label of ['ets, wasm', 'ets, native', 'auto, wasm', 'auto, native']) {
  const time = timings[label];
  const line = { table: "times faster than R's ets()", method: label };
  for (const [cls, period] of classes) {
    const ratios = names.filter((n) => periodOf(n) === period).map((n) => rEts(n) / time(n));
    line[cls] = { median: round(median(ratios)), min: round(Math.min(...ratios)), max: round(Math.max(...ratios)) };
  }
  const total = (t) => names.reduce((a, n) => a + t(n), 0);
  line.whole_set = round(total(rEts) / total(time));
  console.log(JSON.stringify(line));
}
const total = (t) => names.map(t).filter((x) => x !== undefined).reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ table: 'whole set', arima_vs_auto_arima: round(total(timings['R auto.arima()']) / total(timings['arima, wasm'])),
  holt_winters_vs_statsmodels: round(total(timings['statsmodels ExponentialSmoothing damped']) / total(timings['holt_winters damped, wasm'])) }));

// The target (auto 50x faster than R's ets() per series) as a budget, and what it must hold. Per
// series: R's ets() / 50 in wasm milliseconds; the call's fixed cost (naive: nothing estimated);
// the ETS and ARIMA searches on their own; and the budget and auto in units of one plain
// likelihood pass of the cheapest model (ETS(A,N,N), no derivatives, timed natively and scaled by
// that series' wasm/native ratio for auto). Every step of every fit costs at least one such pass.
const budgetRows = {
  "50x budget (R's ets() / 50), wasm ms": (n) => rEts(n) / 50,
  'fixed cost of a call (naive), wasm ms': (n) => wasm.get(n)?.naive?.ms,
  'ETS search alone (ets), wasm ms': timings['ets, wasm'],
  'ARIMA search alone (arima), wasm ms': timings['arima, wasm'],
  'auto, wasm ms': timings['auto, wasm'],
};
const passMs = (n) => (native.get(n)?.likelihood_pass_us / 1000) * (wasm.get(n).auto.ms / native.get(n).auto);
const inPasses = (ms) => (n) => (ms(n) - wasm.get(n).naive.ms) / passMs(n);
budgetRows['budget less the fixed cost, in likelihood passes'] = inPasses((n) => rEts(n) / 50);
budgetRows['auto less the fixed cost, in likelihood passes'] = inPasses(timings['auto, wasm']);
for (const [label, value] of Object.entries(budgetRows)) {
  const line = { table: 'the 50x target as a budget (median per series)', row: label };
  for (const [cls, period] of classes) {
    const v = names.filter((n) => periodOf(n) === period).map(value).filter((x) => Number.isFinite(x));
    line[cls] = v.length ? round(median(v)) : null;
  }
  console.log(JSON.stringify(line));
}
