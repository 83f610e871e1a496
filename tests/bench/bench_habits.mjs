// SPDX-License-Identifier: MIT
// insights.habits on 100 000 transactions (the generator's household over 140 years, cut to
// 100 000 rows), side by side in one run:
//   - wasm, rows as JSON text (engine.call with the text: parse + analysis + response);
//   - wasm, columns as JSON text (the same transactions as parallel arrays);
//   - native CLI on the same two texts (a process per call: minus the median `info` call, its
//     start-up, so the figure is the call);
//   - a floor, not a peer: JSON.parse of the rows text and a JS group-by of money out per lower-cased
//     description. No plain-JS implementation of the same detection exists to compare with; this is
//     only what reading the input and one pass over it cost in the same V8.
// Then the peak wasm memory (linear memory only grows). 100 000 rows are ~11 MB of JSON: over the
// default limits.max_request_bytes (8 MiB) and, as rows, 1.2 million values and keys (over
// limits.max_json_values, 1 000 000), so the engines here are configured with 32 MiB and 4 million.
//   node tests/bench/bench_habits.mjs <pkgDir> [native CLI] [reps]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { generateTransactions, toColumns } from '../insights/generate_transactions.mjs';
import { median, medianTime } from './timing.mjs';

const [pkgDir, cli, repsArg] = process.argv.slice(2);
const reps = Number(repsArg ?? 5);
const N = 100000;
const config = { log_level: 'off', limits: { max_request_bytes: 32 << 20, max_json_values: 4_000_000 } };

const g = generateTransactions(7, { months: 1800, end: '2099-12-31' });
const rows = g.transactions.slice(-N);
const rowsText = JSON.stringify({ transactions: rows });
const colsText = JSON.stringify({ transactions: toColumns(rows) });
const line = (o) => console.log(JSON.stringify(o));
line({ name: 'input', transactions: rows.length, from: rows[0].date, to: rows[rows.length - 1].date,
  rows_bytes: rowsText.length, columns_bytes: colsText.length });

const { createEngine } = await import(new URL('src/node.js', `file://${path.resolve(pkgDir)}/`).href);
const engine = await createEngine({ config });
line({ name: 'wasm memory before', bytes: engine.health().wasm_memory_bytes });
const [rowsMs, out] = medianTime(() => engine.call('insights.habits', rowsText), reps);
line({ name: 'wasm rows JSON', median_ms: +rowsMs.toFixed(1), subscriptions: out.subscriptions.length,
  lapsed: out.lapsed.length, anomalies: out.anomalies.length, merchants: out.merchants.count });
line({ name: 'peak wasm memory after rows', bytes: engine.health().wasm_memory_bytes });
const [colsMs] = medianTime(() => engine.call('insights.habits', colsText), reps);
line({ name: 'wasm columns JSON', median_ms: +colsMs.toFixed(1) });
line({ name: 'peak wasm memory after columns too', bytes: engine.health().wasm_memory_bytes });
const fresh = await createEngine({ config });
fresh.call('insights.habits', colsText);
line({ name: 'peak wasm memory, columns only (fresh engine)', bytes: fresh.health().wasm_memory_bytes });

const [floorMs] = medianTime(() => {
  const { transactions } = JSON.parse(rowsText);
  const by = new Map();
  for (const t of transactions) {
    if (t.amount >= 0) continue;
    const k = t.description.toLowerCase();
    by.set(k, (by.get(k) ?? 0) - t.amount);
  }
  return by.size;
}, reps);
line({ name: 'floor: JSON.parse + JS group-by (not a peer)', median_ms: +floorMs.toFixed(1) });

if (cli) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'habits-bench-'));
  const files = { rows: path.join(dir, 'rows.json'), columns: path.join(dir, 'cols.json'), config: path.join(dir, 'config.json') };
  writeFileSync(files.rows, rowsText);
  writeFileSync(files.columns, colsText);
  writeFileSync(files.config, JSON.stringify(config));
  const time = (args) => {
    const ms = [];
    for (let r = 0; r < reps; r++) {
      const t = performance.now();
      const p = spawnSync(cli, [...args, '--config', files.config], { encoding: 'utf8', maxBuffer: 1 << 28 });
      ms.push(performance.now() - t);
      if (p.status !== 0) throw new Error(p.stdout + p.stderr);
    }
    return median(ms);
  };
  const startup = time(['info']);
  line({ name: 'native CLI start-up (info)', median_ms: +startup.toFixed(1) });
  line({ name: 'native CLI rows JSON, less start-up', median_ms: +(time(['insights.habits', files.rows]) - startup).toFixed(1) });
  line({ name: 'native CLI columns JSON, less start-up', median_ms: +(time(['insights.habits', files.columns]) - startup).toFixed(1) });
}
