// SPDX-License-Identifier: MIT
// The forecasting evaluation: every series of tests/fixtures/forecast_reference.json (R's datasets,
// last season held out) forecast by nestegg's methods through the npm package (wasm under Node),
// scored by sMAPE and MASE next to R's ets() and auto.arima() on the same split. ets_nelder_mead
// is nestegg's ETS with R's optimiser (optimizer: 'nelder_mead'), the R-faithful mode.
//   node tests/forecast/evaluate.mjs [package dir]      prints a table and a JSON summary line
// Imported by tests/js/forecast.test.mjs, which holds the figures to account.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const reference = JSON.parse(readFileSync(path.join(here, '../fixtures/forecast_reference.json'), 'utf8'));
export const METHODS = ['auto', 'ets', 'ets_nelder_mead', 'arima', 'theta', 'combination', 'naive_or_snaive'];

/** Symmetric MAPE (M3 definition, percent). */
export function smape(actual, forecast) {
  let sum = 0, n = 0;
  actual.forEach((a, i) => {
    const d = Math.abs(a) + Math.abs(forecast[i]);
    if (d > 0) { sum += (200 * Math.abs(a - forecast[i])) / d; n++; }
  });
  return sum / n;
}

/** MASE: forecast MAE over the in-sample MAE of the seasonal naive method (lag 1 without a season). */
export function mase(train, period, actual, forecast) {
  const lag = train.length > period ? period : 1;
  let s = 0, k = 0;
  for (let t = lag; t < train.length; t++) {
    if (train[t] == null || train[t - lag] == null) continue;
    s += Math.abs(train[t] - train[t - lag]);
    k++;
  }
  const mae = actual.reduce((acc, a, i) => acc + Math.abs(a - forecast[i]), 0) / actual.length;
  return mae / (s / k);
}

const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;

/** Runs the evaluation on an engine; returns rows per series and mean scores per method. */
export function evaluate(engine) {
  const rows = [];
  for (const c of reference.evaluation) {
    const row = { name: c.name, period: c.period, n: c.train.length, methods: {} };
    const score = (fc) => ({ smape: smape(c.test, fc), mase: mase(c.train, c.period, c.test, fc) });
    for (const method of METHODS) {
      const m = method === 'naive_or_snaive' ? (c.period > 1 ? 'snaive' : 'naive') : method === 'ets_nelder_mead' ? 'ets' : method;
      const optimizer = method === 'ets_nelder_mead' ? 'nelder_mead' : undefined;
      const t = performance.now();
      const out = engine.call('forecast.expenses', { series: c.train, period: c.period, horizon: c.horizon, method: m, optimizer });
      const ms = performance.now() - t;
      row.methods[method] = { model: out.series.model.name, ms, ...score(out.series.forecast) };
    }
    row.methods.r_ets = { model: c.r_ets.model, ms: c.r_ets.seconds * 1000, ...score(c.r_ets.forecast) };
    row.methods.r_arima = { model: c.r_arima.model, ms: c.r_arima.seconds * 1000, ...score(c.r_arima.forecast) };
    rows.push(row);
  }
  const summary = {};
  for (const method of [...METHODS, 'r_ets', 'r_arima']) {
    const all = rows.map((r) => r.methods[method]);
    summary[method] = { mean_smape: mean(all.map((x) => x.smape)), mean_mase: mean(all.map((x) => x.mase)), total_ms: all.reduce((a, x) => a + x.ms, 0) };
  }
  return { rows, summary };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkgDir = path.resolve(process.argv[2] ?? path.join(here, '../../build/wasm/npm'));
  const { createEngine } = await import(new URL('src/node.js', `file://${pkgDir}/`).href);
  const engine = await createEngine({ config: { log_level: 'off' } });
  const { rows, summary } = evaluate(engine);
  const f = (x) => x.toFixed(3).padStart(7);
  console.log(`${'series'.padEnd(18)} ${'m'.padStart(2)} ${'n'.padStart(4)}  ${[...METHODS, 'r_ets', 'r_arima'].map((m) => m.slice(0, 9).padStart(16)).join('')}`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(18)} ${String(r.period).padStart(2)} ${String(r.n).padStart(4)}  ${[...METHODS, 'r_ets', 'r_arima'].map((m) => `${f(r.methods[m].mase)}/${f(r.methods[m].smape)}`.padStart(16)).join('')}`);
  }
  console.log(JSON.stringify({ summary }));
}
