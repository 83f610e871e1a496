// SPDX-License-Identifier: MIT
// Train on 100,000 rows x 20 features and predict 100,000 rows: nestegg wasm through typed arrays,
// nestegg wasm through JSON text, and ml-regression-multivariate-linear, in one Node process.
// The native figure comes from bench_savings_native (same data generator). Prints JSON lines.
import MLR from 'ml-regression-multivariate-linear';
import { medianTime } from './timing.mjs';
import { savingsDataset } from './savings_dataset.mjs';

const [pkgDir, nArg, pArg] = process.argv.slice(2);
const n = Number(nArg ?? 100000), p = Number(pArg ?? 20);
const { createEngine } = await import(new URL('src/node.js', `file://${pkgDir}/`).href);

const { X, y, columns } = savingsDataset(n, p);  // bench_savings_native.cpp generates the same
const time = (fn, reps = 3) => medianTime(fn, reps);
const report = (name, ms, extra = {}) => console.log(JSON.stringify({ name, rows: n, features: p, median_ms: +ms.toFixed(1), ...extra }));

const engine = await createEngine({ config: { limits: { max_request_bytes: 1 << 30, max_array_items: 10000000 } } });
// The documented workload first, in a fresh module: train (auto solver) and score, typed arrays.
const [trainTyped, model] = time(() => engine.savings.trainMatrix({ columns, X, y, cv_folds: 0 }));
report('train: nestegg wasm, typed arrays', trainTyped, { solver: model.solver });
const [predictTyped] = time(() => engine.savings.predictMatrix({ model: model.model, X, level: [] }));
report('predict: nestegg wasm, typed arrays (columns out)', predictTyped);
const [predictTypedPi] = time(() => engine.savings.predictMatrix({ model: model.model, X }));
report('predict: nestegg wasm, typed arrays, with 80/95% intervals', predictTypedPi);
console.log(JSON.stringify({ name: 'peak wasm memory, typed-array train + predict', bytes: engine.health().wasm_memory_bytes }));
const [trainTypedCv] = time(() => engine.savings.trainMatrix({ columns, X, y }), 1);
report('train: nestegg wasm, typed arrays, with 5-fold rolling CV', trainTypedCv);
const [trainQr] = time(() => engine.savings.trainMatrix({ columns, X, y, cv_folds: 0, solver: 'qr' }), 1);
report('train: nestegg wasm, typed arrays, QR solver', trainQr);
console.log(JSON.stringify({ name: 'peak wasm memory, after the QR solver too', bytes: engine.health().wasm_memory_bytes }));

const rows = [];
for (let i = 0; i < n; i++) rows.push(Array.from(X.subarray(i * p, (i + 1) * p)));
const ys = Array.from(y);
const [trainJson] = time(() => engine.savings.train({ design: { columns, rows, y: ys }, cv_folds: 0 }), 1);
report('train: nestegg wasm, JSON text', trainJson);
const [predictJson] = time(() => engine.savings.predict({ model: model.model, rows, level: [], output: 'columns' }), 1);
report('predict: nestegg wasm, JSON text', predictJson);

const [trainMlr, mlr] = time(() => new MLR(rows, ys.map((v) => [v])), 1);
report('train: ml-regression-multivariate-linear', trainMlr);
const [predictMlr] = time(() => mlr.predict(rows), 1);
report('predict: ml-regression-multivariate-linear', predictMlr);
const maxDiff = Math.max(...mlr.weights.slice(0, p).map((w, j) => Math.abs(w[0] - model.model.coefficients[j]) / Math.abs(w[0])));
console.log(JSON.stringify({ name: 'coefficient agreement with ml-regression (max relative difference)', value: maxDiff }));
console.log(JSON.stringify({ name: 'wasm memory after the JSON path too', bytes: engine.health().wasm_memory_bytes }));
