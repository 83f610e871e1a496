// SPDX-License-Identifier: MIT
// Cold start and per-request latency inside real workerd (miniflare): a fresh isolate per round,
// first request = instantiate + embind registration + first answer, timed inside the Worker.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { workerdModules } from '../js/helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = process.argv[2];
const rounds = Number(process.argv[3] ?? 5);
const request = { method: 'goals.timeline', request: { target_amount: 10000, current_amount: 1000, monthly_contribution: 450, start_date: '2024-01-15' } };

const colds = [];
for (let i = 0; i < rounds; i++) {
  const mf = new Miniflare({
    modules: workerdModules(pkgDir, path.join(here, '../runtimes/worker.mjs')),
    modulesRoot: '/w',
    compatibilityDate: '2025-01-01',
  });
  const first = await (await mf.dispatchFetch('http://localhost/')).json();
  colds.push(first.cold_ms);
  await mf.dispatchFetch('http://localhost/', { method: 'POST', body: JSON.stringify(request) });
  await mf.dispose();
}
colds.sort((a, b) => a - b);
console.log(JSON.stringify({ name: 'cold start (instantiate to first answer)', runtime: 'workerd', rounds, median_ms: colds[colds.length >> 1], max_ms: colds.at(-1) }));
