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
// (on, the default 300 s), request ids. Logging is off, as in the earlier HTTP bench. Two loads:
// `distinct`, every body different (every request a miss, the first sighting of its body: most
// of an edge API's traffic), and `twice`, every body sent twice in a row and never again (the
// handler's own cache keeps a request from its second sighting: a write on every other request,
// with no hit ever to pay for it, its worst case).
//
// Load: goals.timeline through /api/v1/goals/calculate-timeline on the same machine
// (tests/runtimes/load.mjs), `concurrency` keep-alive connections, one request at a time on each,
// from a lean HTTP/1.1 client (tests/runtimes/http1_client.mjs: through Node's fetch the client
// set the pace, and Deno's old handler, at 3.4x the trivial server's CPU a request, still served
// 92 % of its requests/s). Both servers are up together and take turns, `rounds` rounds of
// `perRound` requests each, the order swapped every round, so the machine's noise falls on both.
//
// Prints one JSON line per runtime and load: for each server, requests/s over all rounds, p50 and p99 of
// every request's latency, errors, and the server process's CPU time per request (utime + stime
// from /proc: what the server spent, whatever else the machine ran); then handler/trivial
// requests/s over all rounds (`ratio`), the median of the rounds' own ratios (each from two runs
// next to each other in time) and trivial/handler CPU a request (`cpu_ratio`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDeno, startWorkerd } from '../runtimes/servers.mjs';
import { quantile, timelineLoad } from '../runtimes/load.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const trivialSource = path.join(here, '../runtimes/trivial_server.mjs');
const [pkgDir, roundsArg, perRoundArg, concurrencyArg, runtimesArg, loadsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 16);
const perRound = Number(perRoundArg ?? 250);
const concurrency = Number(concurrencyArg ?? 16);
const key = 'bench-key-0123456789abcdef';
const env = { NESTEGG_API_KEYS: key, NESTEGG_RATE_LIMIT: '1000000', NESTEGG_LOG_LEVEL: 'off' };
const runtimes = { 'workerd (miniflare)': startWorkerd, deno: startDeno };
const loads = { distinct: 1, twice: 2 };

// A process's CPU time in ms: utime + stime, in clock ticks of 10 ms (Linux's USER_HZ, 100).
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function figures({ latencies, seconds, errors, cpu }) {
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, requests_per_second: Math.round(latencies.length / seconds),
    p50_ms: quantile(latencies, 0.5), p99_ms: quantile(latencies, 0.99), server_cpu_us_per_request: Math.round((cpu / latencies.length) * 1000) };
}

async function compare(servers, repeat) {
  const totals = { handler: { latencies: [], seconds: 0, errors: 0, cpu: 0 }, trivial: { latencies: [], seconds: 0, errors: 0, cpu: 0 } };
  const roundRatios = [];
  for (let round = 0; round < rounds; round++) {
    const seconds = {};
    for (const name of round % 2 ? ['trivial', 'handler'] : ['handler', 'trivial']) {
      const cpuBefore = cpuMs(servers[name].pid);
      // Bodies numbered apart from every other load's: each load's first sighting is its own.
      const one = await timelineLoad(servers[name].url, key, { total: perRound, concurrency, first: repeat * 1e7 + round * perRound, client: 'http1', repeat });
      totals[name].cpu += cpuMs(servers[name].pid) - cpuBefore;
      totals[name].latencies.push(...one.latencies);
      totals[name].seconds += one.seconds;
      totals[name].errors += one.errors;
      seconds[name] = one.seconds;
    }
    roundRatios.push(seconds.trivial / seconds.handler);  // the same requests: a ratio of requests/s
  }
  const handler = figures(totals.handler), trivial = figures(totals.trivial);
  return { handler, trivial, ratio: +(handler.requests_per_second / trivial.requests_per_second).toFixed(2),
    median_round_ratio: +roundRatios.sort((a, b) => a - b)[rounds >> 1].toFixed(2),
    cpu_ratio: +(trivial.server_cpu_us_per_request / handler.server_cpu_us_per_request).toFixed(2) };
}

for (const [runtime, start] of Object.entries(runtimes)) {
  if (runtimesArg && !runtimesArg.split(',').some((r) => runtime.startsWith(r))) continue;
  const servers = { handler: await start(pkgDir, env), trivial: await start(pkgDir, env, { source: trivialSource }) };
  try {
    for (const name of ['handler', 'trivial']) await timelineLoad(servers[name].url, key, { total: 300, concurrency, first: 9e7, client: 'http1' });  // warm-up
    for (const [load, repeat] of Object.entries(loads)) {
      if (loadsArg && !loadsArg.split(',').includes(load)) continue;
      console.log(JSON.stringify({ name: 'edge handler vs a trivial server, goals.timeline under load', runtime, load, concurrency, rounds,
        ...await compare(servers, repeat) }));
    }
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.close()));
  }
}
