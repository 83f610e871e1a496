// SPDX-License-Identifier: MIT
// Where the edge handler's CPU goes under Deno, part by part (README "Benchmarks", the edge
// overhead): servers up together, taking turns under the same load as bench_edge_overhead.mjs
// (goals.timeline, every body different, 16 keep-alive connections), each measured by its own
// threads' CPU time from /proc — the JavaScript thread ("deno") apart from the rest (V8's
// garbage collector and compiler threads):
//   trivial               tests/runtimes/trivial_server.mjs
//   trivial + headers     ... answering two more headers (trivial_parts_server.mjs)
//   trivial + uuid        ... drawing a UUID per request
//   trivial + url         ... parsing request.url
//   handler               the shipped example
//   handler, no cache     the same with NESTEGG_CACHE_TTL=0
// and, given an older package (`before`), its handler with and without the cache.
//   node tests/bench/bench_edge_parts.mjs <package dir> [rounds] [before package dir]
// Prints one JSON line per server: µs of CPU a request on the JavaScript thread and on the others,
// and their sum's difference from the trivial server's.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDeno } from '../runtimes/servers.mjs';
import { timelineLoad } from '../runtimes/load.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const [pkgDir, roundsArg, beforeDir] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 12);
const perRound = 1000;
const key = 'bench-key-0123456789abcdef';
const env = { NESTEGG_API_KEYS: key, NESTEGG_RATE_LIMIT: '1000000', NESTEGG_LOG_LEVEL: 'off' };
const trivial = path.join(here, '../runtimes/trivial_server.mjs');
const parts = path.join(here, '../runtimes/trivial_parts_server.mjs');

const servers = {
  trivial: [pkgDir, env, { source: trivial }],
  'trivial + headers': [pkgDir, { ...env, NESTEGG_TRIVIAL_PARTS: 'headers' }, { source: parts }],
  'trivial + uuid': [pkgDir, { ...env, NESTEGG_TRIVIAL_PARTS: 'uuid' }, { source: parts }],
  'trivial + url': [pkgDir, { ...env, NESTEGG_TRIVIAL_PARTS: 'url' }, { source: parts }],
  handler: [pkgDir, env],
  'handler, no cache': [pkgDir, { ...env, NESTEGG_CACHE_TTL: '0' }],
  ...(beforeDir ? { 'before: handler': [beforeDir, env], 'before: handler, no cache': [beforeDir, { ...env, NESTEGG_CACHE_TTL: '0' }] } : {}),
};

// CPU ms of a process's threads: [the JavaScript thread's, the others'], from /proc (ticks of 10 ms).
function threadCpu(pid) {
  let js = 0, other = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').trim();
    const [, name, rest] = /^\d+ \((.*)\) (.*)$/.exec(stat);
    const f = rest.split(' ');
    const ms = (Number(f[11]) + Number(f[12])) * 10;
    if (name === 'deno') js += ms;
    else other += ms;
  }
  return [js, other];
}

const running = {};
for (const [name, [dir, e, options]] of Object.entries(servers)) running[name] = await startDeno(dir, e, options);
try {
  const totals = Object.fromEntries(Object.keys(running).map((n) => [n, { js: 0, other: 0, requests: 0 }]));
  for (const name of Object.keys(running)) await timelineLoad(running[name].url, key, { total: 500, concurrency: 16, first: 9e7, client: 'http1' });
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? Object.keys(running).reverse() : Object.keys(running);
    for (const name of order) {
      const [js0, other0] = threadCpu(running[name].pid);
      await timelineLoad(running[name].url, key, { total: perRound, concurrency: 16, first: round * perRound, client: 'http1' });
      const [js1, other1] = threadCpu(running[name].pid);
      Object.assign(totals[name], { js: totals[name].js + js1 - js0, other: totals[name].other + other1 - other0, requests: totals[name].requests + perRound });
    }
  }
  const us = (ms, n) => Math.round((ms / n) * 1000);
  const base = totals.trivial;
  const baseUs = us(base.js + base.other, base.requests);
  for (const [name, t] of Object.entries(totals)) {
    const all = us(t.js + t.other, t.requests);
    console.log(JSON.stringify({ name: 'edge handler CPU by part, Deno', server: name, rounds, js_us: us(t.js, t.requests), other_us: us(t.other, t.requests),
      total_us: all, over_trivial_us: all - baseUs }));
  }
} finally {
  await Promise.all(Object.values(running).map((s) => s.close()));
}
