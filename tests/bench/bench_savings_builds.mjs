// SPDX-License-Identifier: MIT
// Savings regression on 100,000 rows x 20 features (typed arrays) in two or more builds of the
// package, in one Node process, the builds' calls alternated round by round so the machine's
// drift hits each alike. For a change to the least-squares kernels: the same work, before and
// after. Usage: node bench_savings_builds.mjs label=<package dir> label=<package dir> ...
// Prints one JSON line per build and case: the median of 7 rounds.
import { median } from './timing.mjs';
import { savingsDataset } from './savings_dataset.mjs';

const builds = process.argv.slice(2).map((arg) => {
  const [label, dir] = arg.split('=');
  return { label, dir };
});
const { X, y, columns } = savingsDataset(100000, 20);
for (const b of builds) {
  const { createEngine } = await import(new URL('src/node.js', `file://${b.dir}/`).href);
  b.engine = await createEngine({ config: { limits: { max_request_bytes: 1 << 30, max_array_items: 10000000 } } });
  b.model = b.engine.savings.trainMatrix({ columns, X, y, cv_folds: 0 }).model;
}
const cases = {
  'train (auto: normal equations)': (e) => e.savings.trainMatrix({ columns, X, y, cv_folds: 0 }),
  'train, QR solver': (e) => e.savings.trainMatrix({ columns, X, y, cv_folds: 0, solver: 'qr' }),
  'train with 5-fold rolling CV': (e) => e.savings.trainMatrix({ columns, X, y }),
  'predict with 80/95 % intervals': (e, model) => e.savings.predictMatrix({ model, X }),
};
for (const [name, run] of Object.entries(cases)) {
  const times = new Map(builds.map((b) => [b.label, []]));
  for (let round = 0; round < 7; round++) {
    for (const b of builds) {
      const t = performance.now();
      run(b.engine, b.model);
      times.get(b.label).push(performance.now() - t);
    }
  }
  for (const b of builds) console.log(JSON.stringify({ name, build: b.label, rows: 100000, features: 20, median_ms: +median(times.get(b.label)).toFixed(1) }));
}
