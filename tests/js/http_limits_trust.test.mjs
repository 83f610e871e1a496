// SPDX-License-Identifier: MIT
// Edge limits (issue 15) in real runtimes on loopback: one rate limit across isolates from
// Cloudflare's machinery (a Durable Object limiter, the rate-limiting binding) in miniflare, and a
// bounded abuse run — bad keys, rotating client-address headers, a flood, oversized and slow
// bodies — against workerd and Deno, where 401/413/408/429 must hold and memory stay flat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { pkgDir, workerdModules } from './helpers.mjs';
import { startDeno, startWorkerd } from '../runtimes/servers.mjs';
import { abuse } from '../runtimes/abuse.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const KEY = 'limits-key-0123456789';
const OTHER = 'limits-other-0123456789';
const timeline = JSON.stringify({ target_amount: 10000, current_amount: 1000, monthly_contribution: 450, start_date: '2024-01-15' });

// Two Workers (two isolates) on one limiter; requests alternate between them.
async function twoIsolates(kind) {
  const modules = workerdModules(pkgDir, path.join(here, '../runtimes/limiter_worker.mjs'));
  const bindings = { NESTEGG_API_KEYS: KEY, NESTEGG_RATE_LIMIT: '3', NESTEGG_LOG_LEVEL: 'off', LIMITER_KIND: kind };
  const ratelimits = { RATELIMIT: { namespace_id: '1001', simple: { limit: 3, period: 60 } } };
  const mf = new Miniflare({
    workers: [
      { name: 'a', modules, modulesRoot: '/w', compatibilityDate: '2025-01-01', bindings, ratelimits,
        durableObjects: { RATE_LIMITER: 'RateLimiterDurableObject' } },
      { name: 'b', modules, modulesRoot: '/w', compatibilityDate: '2025-01-01', bindings, ratelimits,
        durableObjects: { RATE_LIMITER: { className: 'RateLimiterDurableObject', scriptName: 'a' } } },
    ],
  });
  try {
    const workers = [await mf.getWorker('a'), await mf.getWorker('b')];
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const res = await workers[i % 2].fetch('http://localhost/api/v1/goals.timeline', { method: 'POST', headers: { 'x-api-key': KEY }, body: timeline });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    return statuses;
  } finally {
    await mf.dispose();
  }
}

test('one limit across isolates: a Durable Object limiter and the rate-limiting binding (miniflare)', { timeout: 120000 }, async () => {
  assert.deepEqual(await twoIsolates('memory'), [200, 200, 200, 200, 200, 200], 'per isolate: 3 each, 6 in all');
  assert.deepEqual(await twoIsolates('do'), [200, 200, 200, 429, 429, 429], 'one Durable Object bucket for both');
  assert.deepEqual(await twoIsolates('binding'), [200, 200, 200, 429, 429, 429], 'one binding count for both');
});

const ABUSE_ENV = { NESTEGG_API_KEYS: `${KEY},${OTHER}`, NESTEGG_RATE_LIMIT: '60', NESTEGG_RATE_BURST: '200', NESTEGG_MAX_BODY_BYTES: '65536',
  NESTEGG_BODY_TIMEOUT_MS: '1000', NESTEGG_LOG_LEVEL: 'off' };
const FORGEABLE = ['x-forwarded-for', 'x-real-ip', 'true-client-ip', 'forwarded'];

for (const [name, start, headers] of [
  // On Cloudflare the edge overwrites cf-connecting-ip; miniflare keeps a client's, so it is not rotated there.
  ['workerd (miniflare)', startWorkerd, FORGEABLE],
  ['Deno', startDeno, [...FORGEABLE, 'cf-connecting-ip']],
]) {
  test(`abuse on ${name}, over loopback: 401/408/413/429 hold, memory flat`, { timeout: 300000 }, async () => {
    const server = await start(pkgDir, ABUSE_ENV);
    try {
      const pid = server.pid;
      assert.ok(pid, 'the server process is known');
      // The oversized and slow bodies come with the other key, whose bucket the flood leaves alone.
      const f = await abuse(server.url, { key: KEY, pid, headers, otherKey: OTHER });
      console.log(`abuse ${name}: ${JSON.stringify(f)}`);
      const only = (tally, allowed) => Object.keys(tally).every((s) => allowed.includes(s));
      assert.ok(only(f.phases.bad_keys, ['401', '429']) && f.phases.bad_keys['429'] > 0, 'bad keys: 401, then the address bucket');
      assert.ok(only(f.phases.rotating_headers, ['401', '429']) && f.phases.rotating_headers['429'] > 0, 'rotating headers buy no new bucket');
      assert.ok(only(f.phases.flood, ['200', '429']) && f.phases.flood['429'] > 0, 'the flood is limited');
      assert.ok(only(f.phases.oversized_declared, ['413', 'reset']) && f.phases.oversized_declared['413'] > 0, 'declared bodies over the limit get 413');
      assert.ok(only(f.phases.oversized_streamed, ['413', 'reset']) && f.phases.oversized_streamed['413'] > 0, 'streamed bodies are cut at the limit');
      // A 408 sent while the client is still sending: workerd then closes at once, and a client
      // may meet the reset before it reads the answer (as for the oversized bodies above).
      assert.ok(only(f.phases.slow_bodies, ['408', 'reset']) && f.phases.slow_bodies['408'] > 0, 'slow bodies get 408');
      assert.ok(f.phases.slow_bodies_seconds < 5, 'slow bodies are cut at the deadline');
      assert.ok(only(f.phases.slow_declared, ['408', 'reset']) && f.phases.slow_declared['408'] > 0, 'slow declared bodies get 408');
      assert.ok(f.phases.slow_declared_seconds < 5, 'slow bodies of a declared length are cut at the deadline');
      assert.equal(f.wasm_memory_after, f.wasm_memory_before, 'wasm memory flat');
      // Resident memory of the whole server process after each round. Deno's stays within a few
      // MB. Miniflare's local workerd grows by itself under load (a worker that only answers 401
      // grew 86 -> 179 MB over 6 000 requests here), so its bound is looser: it catches a leak of
      // the handler's own (bodies kept, buckets or cache entries without bound), not workerd's.
      const growth = f.rss_mb.at(-1) - f.rss_mb[0];
      assert.ok(growth < (name === 'Deno' ? 16 : 40), `resident memory after the first round (${f.rss_mb.join(' -> ')} MB)`);
    } finally {
      await server.close();
    }
  });
}
