// SPDX-License-Identifier: MIT
// insights.trends on 64 categories x 120 months (seeded: level, planted slope, a season, noise, a
// few missing months), side by side in one run:
//   - wasm: engine.call with the request's JSON text, in Node;
//   - native in-process: build/native/tests/bench_native over the same request (a temp corpus);
//   - native CLI: build/native/nestegg insights.trends <file>, one process per call (wall time,
//     process start included; `info` through the CLI gives that start alone);
//   - peer: a plain JavaScript implementation written here (JSON.parse, the same changes, rolling
//     mean, Theil-Sen with a full sort of the pairwise slopes and Sen's interval), the way one
//     would write it without the engine: text in, objects out, as engine.call is. Its slopes are
//     checked against the engine's, and its 95 % bounds where the engine kept Sen's own (no
//     autocorrelation inflation).
// Run: node tests/bench/bench_trends.mjs [pkgDir] [seconds per case]   (timing)
//      node tests/bench/bench_trends.mjs --coverage [pkgDir]             (interval coverage)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mulberry32, nativeCli, pkgDir as defaultPkg } from '../js/helpers.mjs';
import { median } from './timing.mjs';

const [pkgArg, secondsArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const budgetMs = Number(secondsArg ?? 2) * 1000;
const { createEngine } = await import(pathToFileURL(path.join(path.resolve(pkgArg ?? defaultPkg), 'src/node.js')).href);
const engine = await createEngine({ config: { log_level: 'off' } });

function makeRequest(categories = 64, months = 120, seed = 64) {
  const rnd = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const out = {};
  for (let c = 0; c < categories; c++) {
    const level = 50 + 1500 * rnd(), slope = (rnd() - 0.5) * level * 0.01, season = level * 0.2 * rnd();
    const y = [];
    for (let t = 0; t < months; t++) {
      const v = level + slope * t + season * Math.sin(2 * Math.PI * t / 12) + 0.1 * level * normal();
      y.push(rnd() < 0.02 ? null : Math.round(Math.max(0, v) * 100) / 100);
    }
    out[`category_${String(c).padStart(2, '0')}`] = y;
  }
  return { last_month: '2026-11', categories: out };
}

// ---- the peer: plain JavaScript -------------------------------------------------------------
function normalQuantile(p) {  // Acklam's approximation (1e-9), enough for a rank bound
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(p, 1 - p);
  let x;
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    x = (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
  } else {
    const r = (q - 0.5) * (q - 0.5);
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * (q - 0.5) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  return p < 0.5 ? x : -x;
}

function theilSen(y, levels) {
  const xs = [], ys = [];
  y.forEach((v, i) => { if (v !== null) { xs.push(i); ys.push(v); } });
  const n = xs.length, slopes = new Float64Array(n * (n - 1) / 2);  // a typed array sorts numerically, fast
  let s = 0, k = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    slopes[k++] = (ys[j] - ys[i]) / (xs[j] - xs[i]);
    s += Math.sign(ys[j] - ys[i]);
  }
  slopes.sort();
  const N = slopes.length, mid = N >> 1;
  const slope = N % 2 ? slopes[mid] : (slopes[mid - 1] + slopes[mid]) / 2;
  const counts = new Map();
  for (const v of ys) counts.set(v, (counts.get(v) ?? 0) + 1);
  let ties = 0;
  for (const t of counts.values()) ties += t * (t - 1) * (2 * t + 5);
  const varS = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  const lower = {}, upper = {};
  for (const level of levels) {
    const C = normalQuantile(0.5 + level / 200) * Math.sqrt(varS);
    const lo = Math.round((N - C) / 2), hi = Math.round((N + C) / 2) + 1;
    lower[level] = lo >= 1 && hi <= N ? slopes[lo - 1] : null;
    upper[level] = lo >= 1 && hi <= N ? slopes[hi - 1] : null;
  }
  return { per_month: slope, lower, upper, s, varS };
}

function peerTrends(body, window = 3, levels = [80, 95]) {
  const req = JSON.parse(body), out = {};
  for (const [name, y] of Object.entries(req.categories)) {
    const n = y.length, change = (a, b) => (a === null || b === null ? null : { change: b - a, fraction: a > 0 ? (b - a) / a : null });
    const rolling = y.map((_, t) => {
      if (t < window - 1) return null;
      const w = y.slice(t - window + 1, t + 1).filter((v) => v !== null);
      return w.length ? w.reduce((p, q) => p + q, 0) / w.length : null;
    });
    out[name] = { month_over_month: change(y[n - 2], y[n - 1]), year_over_year: change(y[n - 13], y[n - 1]),
      rolling_mean: rolling, slope: theilSen(y, levels) };
  }
  return out;
}

// ---- coverage: how often the engine's interval holds the planted slope ------------------------
// `--coverage`: 2 000 seeded series per length (level 600, slope uniform in [-15, 15] a month,
// Gaussian noise sd 60) through engine.call; prints the share covered at 80 % and 95 % and the
// share of flat series (slope 0) called flat at 95 %.
if (process.argv.includes('--coverage')) {
  const rnd = mulberry32(2017);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  for (const n of [12, 24, 36, 60, 120]) {
    let c80 = 0, c95 = 0, flat = 0;
    const series = 2000;
    for (let k = 0; k < series; k++) {
      const slope = -15 + 30 * rnd();
      const y = Array.from({ length: n }, (_, t) => 600 + slope * t + 60 * normal());
      const z = Array.from({ length: n }, () => 600 + 60 * normal());
      const r = engine.call('insights.trends', { last_month: '2026-11', categories: { y, z }, level: [80, 95] });
      const s = r.categories.y.slope;  // bounds come rounded to the cent: compared within half a cent
      c80 += s.lower['80'] <= slope + 0.005 && slope - 0.005 <= s.upper['80'];
      c95 += s.lower['95'] <= slope + 0.005 && slope - 0.005 <= s.upper['95'];
      flat += r.categories.z.slope.direction === 'flat';
    }
    console.log(JSON.stringify({ months: n, series, coverage_80: c80 / series, coverage_95: c95 / series, flat_called_flat: flat / series }));
  }
  process.exit(0);
}

// ---- timing ------------------------------------------------------------------------------------
function timeLoop(fn) {
  const ms = [];
  let out;
  const start = performance.now();
  while (ms.length < 5 || (performance.now() - start < budgetMs && ms.length < 10000)) {
    const s = performance.now();
    out = fn();
    ms.push(performance.now() - s);
  }
  return { median_ms: +median(ms).toFixed(3), calls: ms.length, out };
}

const request = makeRequest();
const body = JSON.stringify(request);
const dir = mkdtempSync(path.join(tmpdir(), 'bench-trends-'));
const requestFile = path.join(dir, 'request.json');
writeFileSync(requestFile, body);

const wasm = timeLoop(() => engine.call('insights.trends', body));
const peer = timeLoop(() => peerTrends(body));

// The peer agrees with the engine on every slope and bound (to the cent): the same statistic.
const peerOut = peer.out;
let disagreements = 0, compared = 0;
for (const [name, t] of Object.entries(wasm.out.categories)) {
  const p = peerOut[name].slope;
  const near = (a, b) => (a === null ? b === null : Math.abs(a - b) <= 0.005 + 1e-9);
  // Sen's bounds are the peer's only where the engine did not widen them for autocorrelation.
  const boundsComparable = t.slope.variance_factor === 1;
  if (boundsComparable) compared++;
  if (!near(t.slope.per_month, p.per_month) ||
      (boundsComparable && (!near(t.slope.lower['95'], p.lower[95]) || !near(t.slope.upper['95'], p.upper[95])))) disagreements++;
}

const results = [{ name: 'wasm (engine.call, JSON text both ways)', median_ms: wasm.median_ms, calls: wasm.calls },
  { name: 'peer: plain JS (JSON.parse, Float64Array sort Theil-Sen)', median_ms: peer.median_ms, calls: peer.calls }];

const benchNative = path.join(path.dirname(nativeCli), 'tests/bench_native');
if (existsSync(benchNative)) {
  const corpus = path.join(dir, 'corpus.json');
  writeFileSync(corpus, JSON.stringify([{ name: 'insights.trends 64 x 120', method: 'insights.trends', request }]));
  const r = spawnSync(benchNative, [corpus, String(budgetMs / 1000)], { encoding: 'utf8' });
  const line = JSON.parse(r.stdout.trim().split('\n').pop());
  results.push({ name: 'native in-process (bench_native)', median_ms: line.median_ms, calls: line.calls });
}
if (existsSync(nativeCli)) {
  const cli = (args) => timeLoop(() => spawnSync(nativeCli, args, { encoding: 'utf8' }));
  const call = cli(['insights.trends', requestFile]);
  if (call.out.status !== 0) throw new Error(`native CLI failed: ${call.out.stderr}`);
  const start = cli(['info']);
  results.push({ name: 'native CLI, one process per call', median_ms: call.median_ms, calls: call.calls },
    { name: 'native CLI `info` (process start alone)', median_ms: start.median_ms, calls: start.calls });
}
const base = wasm.median_ms;
for (const r of results) console.log(JSON.stringify({ ...r, vs_wasm: +(r.median_ms / base).toFixed(2) }));
console.log(JSON.stringify({ request_bytes: body.length, response_bytes: JSON.stringify(wasm.out).length,
  peer_disagreements: disagreements, bounds_compared: compared, categories: 64, months: 120 }));
