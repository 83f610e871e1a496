// SPDX-License-Identifier: MIT
// What keeping a stored model readable costs savings.train (README "Where the bytes go", the
// fourteenth session): before a version is stored, the engine measures the model's record as the
// package will read it back. Side by side in one run, calls alternated: the same training stored
// (user_id given) and not stored (store: false), for
//   - the household model (3 columns) with 49 versions already held (each version's size is kept
//     after it is measured, and a new version keeps the size measured before it was stored: only the
//     new one is measured);
//   - a 300-column design model with 4 versions held;
// and then savings.import of each engine's whole snapshot, which sizes every record the same way,
// next to JSON.parse of the same text (run it on two builds for before and after).
//   node tests/bench/bench_registry_store.mjs <pkgDir> [rounds]
import path from 'node:path';
import { median } from './timing.mjs';

const [pkgDir, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 21);
const { createEngine } = await import(path.resolve(pkgDir, 'src/node.js'));

const months = (n) => Array.from({ length: n }, (_, i) => ({
  month: `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
  income: 5200 + 15 * i + 40 * Math.sin(i * 1.3),
  expenses: 3700 + 180 * Math.sin((2 * Math.PI * (i % 12)) / 12) + 30 * Math.cos(i * 2.1),
}));
let seed = 1;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const design = (p, n) => {
  const columns = Array.from({ length: p }, (_, j) => `c${j}`);
  const rows = Array.from({ length: n }, () => columns.map(() => random()));
  return { columns, rows, y: rows.map((row) => 3 * row[0] + random()) };
};

const cases = [
  { name: 'household model, 49 versions held', held: 49, request: { history: months(36) } },
  { name: '300-column design model, 4 versions held', held: 4, request: { design: design(300, 350), cv_folds: 0 } },
];
for (const { name, held, request } of cases) {
  const engine = await createEngine();
  const stored = JSON.stringify({ ...request, user_id: 'u' });
  const notStored = JSON.stringify({ ...request, user_id: 'u', store: false });
  for (let i = 0; i < held; i++) engine.call('savings.train', stored);
  const ms = [[], []];
  for (let r = 0; r < rounds; r++) {
    [stored, notStored].forEach((body, k) => {
      const t = performance.now();
      engine.call('savings.train', body);
      ms[k].push(performance.now() - t);
    });
  }
  const [a, b] = ms.map(median);
  console.log(JSON.stringify({ bench: 'savings.train stored vs not', name, stored_ms: +a.toFixed(3), not_stored_ms: +b.toFixed(3), ratio: +(a / b).toFixed(2) }));
  // An import reads, checks and sizes every record it would store (the same sizing): the whole
  // snapshot through savings.import, next to V8's JSON.parse of the same text.
  const snapshot = JSON.stringify({ snapshot: engine.call('savings.export', '{}') });
  const im = [[], []];
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    engine.call('savings.import', snapshot);
    im[0].push(performance.now() - t);
    t = performance.now();
    JSON.parse(snapshot);
    im[1].push(performance.now() - t);
  }
  const [i, p] = im.map(median);
  console.log(JSON.stringify({ bench: 'savings.import vs JSON.parse', name, bytes: snapshot.length, import_ms: +i.toFixed(3), json_parse_ms: +p.toFixed(3), ratio: +(i / p).toFixed(2) }));
}
