// SPDX-License-Identifier: MIT
// What the edge handler costs over the least a server can do with the same request, in one run:
// the shipped examples (npm/examples: the handler as a Worker in workerd through miniflare, and
// under Deno.serve) next to tests/runtimes/trivial_server.mjs in the same runtime — a key check
// by string comparison, the body read as text, engine.call('goals.timeline', text) and
// Response.json of the answer, nothing else (no routing, rate limit, cache, request id, CORS,
// logging). Both answer the same JSON body to the same requests.
//
// The handler runs as deployed, with what it must not give up on: auth (one key), a rate limit
// (on, at NESTEGG_RATE_LIMIT=1000000 a minute so the load is never refused), the response cache
// (on, the default 300 s; every body is different, so every request is a miss that writes an
// entry: its worst case), request ids. Logging is off, as in the earlier HTTP bench.
//
// Load: goals.timeline through /api/v1/goals/calculate-timeline from Node's fetch on the same
// machine (tests/runtimes/load.mjs), `concurrency` at a time. Both servers are up together and
// take turns, `rounds` rounds of `perRound` requests each, the order swapped every round, so the
// machine's noise falls on both. Prints one JSON line per runtime: requests/s over all rounds,
// p50 and p99 of every request's latency, errors, handler/trivial requests/s over all rounds
// (`ratio`) and the median of the rounds' own ratios (each from two runs next to each other in
// time, so the least touched by the load of whatever else shares the machine).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDeno, startWorkerd } from '../runtimes/servers.mjs';
import { quantile, timelineLoad } from '../runtimes/load.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const trivialSource = path.join(here, '../runtimes/trivial_server.mjs');
const [pkgDir, roundsArg, perRoundArg, concurrencyArg, runtimesArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 16);
const perRound = Number(perRoundArg ?? 250);
const concurrency = Number(concurrencyArg ?? 16);
const key = 'bench-key-0123456789abcdef';
const env = { NESTEGG_API_KEYS: key, NESTEGG_RATE_LIMIT: '1000000', NESTEGG_LOG_LEVEL: 'off' };
const runtimes = { 'workerd (miniflare)': startWorkerd, deno: startDeno };

function figures({ latencies, seconds, errors }) {
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, requests_per_second: Math.round(latencies.length / seconds),
    p50_ms: quantile(latencies, 0.5), p99_ms: quantile(latencies, 0.99) };
}

for (const [runtime, start] of Object.entries(runtimes)) {
  if (runtimesArg && !runtimesArg.split(',').some((r) => runtime.startsWith(r))) continue;
  const servers = { handler: await start(pkgDir, env), trivial: await start(pkgDir, env, { source: trivialSource }) };
  const totals = { handler: { latencies: [], seconds: 0, errors: 0 }, trivial: { latencies: [], seconds: 0, errors: 0 } };
  const roundRatios = [];
  try {
    for (const name of ['handler', 'trivial']) await timelineLoad(servers[name].url, key, { total: 300, concurrency, first: 1e6 });  // warm-up
    for (let round = 0; round < rounds; round++) {
      const seconds = {};
      for (const name of round % 2 ? ['trivial', 'handler'] : ['handler', 'trivial']) {
        const one = await timelineLoad(servers[name].url, key, { total: perRound, concurrency, first: round * perRound });
        totals[name].latencies.push(...one.latencies);
        totals[name].seconds += one.seconds;
        totals[name].errors += one.errors;
        seconds[name] = one.seconds;
      }
      roundRatios.push(seconds.trivial / seconds.handler);  // the same requests: a ratio of requests/s
    }
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.close()));
  }
  const handler = figures(totals.handler), trivial = figures(totals.trivial);
  console.log(JSON.stringify({ name: 'edge handler vs a trivial server, goals.timeline under load', runtime, concurrency, rounds,
    handler, trivial, ratio: +(handler.requests_per_second / trivial.requests_per_second).toFixed(2),
    median_round_ratio: +roundRatios.sort((a, b) => a - b)[rounds >> 1].toFixed(2) }));
}
