// SPDX-License-Identifier: MIT
// Forecasting speed and accuracy per evaluation series (tests/fixtures/forecast_reference.json):
// nestegg wasm under Node (auto, ets, ets with R's optimiser, arima) next to npm `arima` (ctsa
// compiled with Emscripten: auto ARIMA), in one process. R's and statsmodels' timings come from
// bench_forecast_r.R and bench_forecast_statsmodels.py, the native ones from
// bench_forecast_native; run.sh runs all of them on the same machine. Prints JSON lines.
import { createRequire } from 'node:module';
import { reference, mase } from '../forecast/evaluate.mjs';
import { medianTime } from './timing.mjs';

const [pkgDir, repsArg] = process.argv.slice(2);
const reps = Number(repsArg ?? 5);
const { createEngine } = await import(new URL('src/node.js', `file://${pkgDir}/`).href);
const engine = await createEngine({ config: { log_level: 'off' } });
const ARIMA = createRequire(import.meta.url)('arima');

const median = (fn) => medianTime(fn, reps);

// V8 compiles wasm in two tiers: calls start in the baseline compiler and move to the optimising
// one once hot. A pass over every series first, so the figures are of the optimised code.
for (const c of reference.evaluation)
  for (const method of ['auto', 'ets', 'arima'])
    engine.call('forecast.expenses', { series: c.train, period: c.period, horizon: c.horizon, method });

const totals = {};
for (const c of reference.evaluation) {
  const row = { name: c.name, period: c.period, n: c.train.length };
  const runs = {
    auto: { method: 'auto' }, ets: { method: 'ets' }, ets_nelder_mead: { method: 'ets', optimizer: 'nelder_mead' },
    arima: { method: 'arima' }, holt_winters_damped: { method: 'holt_winters', damped: true },
    naive: { method: 'naive' },  // nothing estimated: the fixed cost of a call (JSON in and out, intervals, accuracy)
  };
  for (const [label, extra] of Object.entries(runs)) {
    const [ms, out] = median(() => engine.call('forecast.expenses', { series: c.train, period: c.period, horizon: c.horizon, ...extra }));
    row[label] = { ms: +ms.toFixed(3), model: out.series.model.name, mase: +mase(c.train, c.period, c.test, out.series.forecast).toFixed(4) };
  }
  const observed = c.train.map((v, i, a) => v ?? a[i - 1] ?? a.find((x) => x != null));  // ctsa takes no gaps
  try {
    const [ms, fc] = median(() => {
      const model = new ARIMA({ auto: true, s: c.period > 1 ? c.period : 0, verbose: false }).train(observed);
      return model.predict(c.horizon)[0];
    });
    row.npm_arima = { ms: +ms.toFixed(3), mase: +mase(c.train, c.period, c.test, fc).toFixed(4) };
  } catch (e) {  // it refuses short series (airmiles: 18 values)
    row.npm_arima = { error: e.message };
  }
  for (const k of ['auto', 'ets', 'ets_nelder_mead', 'arima', 'holt_winters_damped', 'naive', 'npm_arima']) {
    if (row[k].error) continue;
    totals[k] ??= { ms: 0, mean_mase: 0, series: 0 };
    totals[k].ms += row[k].ms;
    totals[k].mean_mase += row[k].mase;
    totals[k].series += 1;
  }
  console.log(JSON.stringify({ runtime: 'wasm-node', ...row }));
}
for (const t of Object.values(totals)) t.mean_mase = +(t.mean_mase / t.series).toFixed(4), t.ms = +t.ms.toFixed(1);
console.log(JSON.stringify({ runtime: 'wasm-node', totals, series: reference.evaluation.length,
  peak_wasm_memory_bytes: engine.call('health', {}).wasm_memory_bytes }));
