// SPDX-License-Identifier: MIT
// nestegg on the shared M3 subset (../shared/data/m3/m3.json: 2,002 series, see its README),
// through the npm package (wasm under Node), next to the competition's THETA and ForecastPro and
// R's ets() / thetaf() on the same series (tests/fixtures/m3_r_summary.json, from m3_r.R).
//   node tests/forecast/m3_evaluate.mjs [--methods auto,theta,...] [--every k] [package dir]
// Scores, per frequency and overall, each the mean over series of the series' mean over its horizon:
// sMAPE = 200|y - f| / (|y| + |f|); MASE = |y - f| over the in-sample mean absolute seasonal
// difference (lag = frequency, 1 when the history is not longer than one season: the data's README);
// coverage of the 80 % and 95 % intervals, the share of all forecast points inside them (pooled:
// overall, a monthly series' 18 points count 18 times, as in M4); MSIS, M4's mean scaled
// interval score at level 95: ((u - l) + 40 (l - y)[y < l] + 40 (y - u)[y > u]) / the same scale;
// and the time per series (one call to the engine, JSON both ways). `--every k` takes series
// 0, k, 2k, ... of the file's order (period by period, so each frequency keeps its share).
// Imported by tests/js/m3.test.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const M3_PATH = process.env.NESTEGG_M3 ?? path.resolve(here, '../../../shared/data/m3/m3.json');
export const PERIODS = ['yearly', 'quarterly', 'monthly', 'other', 'all'];
export const loadM3 = () => (existsSync(M3_PATH) ? JSON.parse(readFileSync(M3_PATH, 'utf8')) : null);

function scale(x, frequency) {
  const lag = x.length > frequency ? frequency : 1;
  let s = 0;
  for (let t = lag; t < x.length; t++) s += Math.abs(x[t] - x[t - lag]);
  return s / (x.length - lag);
}

/** The scores of one series' forecast (mean, and 80/95 % bounds when given). */
export function scoreSeries(s, mean, lower = null, upper = null) {
  const sc = scale(s.x, s.frequency), h = s.test.length;
  const out = { h, smape: 0, mase: 0 };
  if (lower) Object.assign(out, { cover80: 0, cover95: 0, msis: 0 });
  s.test.forEach((y, i) => {
    const f = mean[i];
    out.smape += (200 * Math.abs(y - f)) / (Math.abs(y) + Math.abs(f)) / h;
    out.mase += Math.abs(y - f) / sc / h;
    if (!lower) return;
    const [l8, u8, l, u] = [lower['80'][i], upper['80'][i], lower['95'][i], upper['95'][i]];
    out.cover80 += (y >= l8 && y <= u8) / h;
    out.cover95 += (y >= l && y <= u) / h;
    out.msis += ((u - l) + 40 * (l - y) * (y < l) + 40 * (y - u) * (y > u)) / sc / h;
  });
  return out;
}

function summarise(rows) {
  const out = {};
  for (const p of PERIODS) {
    const r = rows.filter((x) => p === 'all' || x.period === p);
    if (!r.length) continue;
    const mean = (k) => (r[0][k] === undefined ? undefined : r.reduce((a, x) => a + x[k], 0) / r.length);
    const points = r.reduce((a, x) => a + x.h, 0);
    const pooled = (k) => (r[0][k] === undefined ? undefined : r.reduce((a, x) => a + x[k] * x.h, 0) / points);
    out[p] = { n: r.length, smape: mean('smape'), mase: mean('mase'), cover80: pooled('cover80'), cover95: pooled('cover95'),
      msis: mean('msis'), ms_per_series: mean('ms') };
  }
  return out;
}

export const subset = (m3, every = 1) => m3.series.filter((_, i) => i % every === 0);

/** nestegg's `method` on the series: the summary per frequency, and the rows. */
export function evaluateMethod(engine, series, method) {
  const rows = [];
  for (const s of series) {
    const t = performance.now();
    const out = engine.call('forecast.expenses', { series: s.x, period: s.frequency, horizon: s.h, method, level: [80, 95] });
    const ms = performance.now() - t;
    const f = out.series;
    rows.push({ id: s.id, period: s.period, model: f.model.name, ms, ...scoreSeries(s, f.forecast, f.lower, f.upper) });
  }
  return { summary: summarise(rows), rows };
}

/** A competition method's submitted forecasts on the same series (points only). */
export function evaluateSubmitted(m3, series, name) {
  return summarise(series.map((s) => ({ period: s.period, ...scoreSeries(s, m3.forecasts[name][s.id]) })));
}

export function formatTable(results) {
  const cell = (x) => (x ? `${x.smape.toFixed(2)} / ${x.mase.toFixed(3)}` : '');
  const pct = (v) => (v === undefined ? '' : `${(100 * v).toFixed(1)} %`);
  const lines = [`| method | ${PERIODS.map((p) => p).join(' | ')} | 80 % / 95 % coverage | MSIS | ms per series |`,
    `| --- | ${PERIODS.map(() => '---').join(' | ')} | --- | --- | --- |`];
  for (const [name, s] of Object.entries(results)) {
    const a = s.all;
    lines.push(`| ${name} | ${PERIODS.map((p) => cell(s[p])).join(' | ')} | ${a.cover80 === undefined ? '' : `${pct(a.cover80)} / ${pct(a.cover95)}`} | ${a.msis === undefined ? '' : a.msis.toFixed(2)} | ${a.ms_per_series === undefined ? '' : a.ms_per_series.toFixed(2)} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => { const i = args.indexOf(name); return i < 0 ? dflt : args.splice(i, 2)[1]; };
  const methods = opt('--methods', 'auto,theta,ets,arima').split(',');
  const every = Number(opt('--every', '1'));
  const m3 = loadM3();
  if (!m3) { console.log(`no M3 data at ${M3_PATH}: nothing to evaluate`); process.exit(0); }
  const pkgDir = path.resolve(args[0] ?? path.join(here, '../../build/wasm/npm'));
  const { createEngine } = await import(new URL('src/node.js', `file://${pkgDir}/`).href);
  const engine = await createEngine({ config: { log_level: 'off' } });
  const series = subset(m3, every);
  const results = {};
  for (const name of ['THETA', 'ForecastPro']) results[name] = evaluateSubmitted(m3, series, name);
  const rPath = path.join(here, '../fixtures/m3_r_summary.json');
  if (every === 1 && existsSync(rPath)) {
    const r = JSON.parse(readFileSync(rPath, 'utf8')).summary;
    results["R ets()"] = r.r_ets;
    results["R thetaf()"] = r.r_thetaf;
  }
  const json = {};
  for (const method of methods) {
    const { summary } = evaluateMethod(engine, series, method);
    results[`nestegg ${method}`] = summary;
    json[method] = summary;
    console.error(`${method}: done`);
  }
  console.log(formatTable(results));
  console.log(JSON.stringify({ series: series.length, wasm: json }));
}
