// SPDX-License-Identifier: MIT
// Edge HTTP API under a bounded load on loopback: goals.timeline through the original path
// /api/v1/goals/calculate-timeline, every body different (no cache hits), in real workerd
// (miniflare) and real Deno running the shipped examples. Prints one JSON line per runtime.
import { startDeno, startWorkerd } from '../runtimes/servers.mjs';
import { loadTimeline } from '../runtimes/load.mjs';

const [pkgDir, totalArg, concurrencyArg] = process.argv.slice(2);
const key = 'bench-key-0123456789abcdef';
const env = { NESTEGG_API_KEYS: key, NESTEGG_RATE_LIMIT: '0', NESTEGG_LOG_LEVEL: 'off' };
for (const [runtime, start] of [['workerd (miniflare)', startWorkerd], ['deno', startDeno]]) {
  const server = await start(pkgDir, env);
  try {
    await loadTimeline(server.url, key, { total: 200, concurrency: 4 });  // warm-up
    const figures = await loadTimeline(server.url, key, { total: Number(totalArg ?? 5000), concurrency: Number(concurrencyArg ?? 16) });
    console.log(JSON.stringify({ name: 'HTTP goals.timeline under load', runtime, ...figures }));
  } finally {
    await server.close();
  }
}
