// SPDX-License-Identifier: MIT
// tests/runtimes/trivial_server.mjs with parts of the edge handler's work added one at a time, for
// tests/bench/bench_edge_parts.mjs: what each costs a Deno server, measured as the server does it
// rather than in an in-process loop (which misses most of it). NESTEGG_TRIVIAL_PARTS, comma-separated:
//   headers  the answer carries x-request-id and x-nestegg-cache besides its content-type
//   uuid     a crypto.randomUUID() per request
//   url      request.url parsed by URL per request
// servers.mjs points the `nestegg` import at the built package, as for the trivial server.
import { createEngine } from 'nestegg';

const parts = new Set((Deno.env.get('NESTEGG_TRIVIAL_PARTS') ?? '').split(',').filter(Boolean));
const key = Deno.env.get('NESTEGG_API_KEYS');
let engine = null;

async function fetch(request) {
  const id = parts.has('uuid') ? crypto.randomUUID() : 'b1a6f0e2c3d44e5f8a9b0c1d2e3f4a5b';
  if (parts.has('url') && new URL(request.url).pathname.length < 2) return new Response('no path', { status: 404 });
  if (request.headers.get('x-api-key') !== key) return Response.json({ error: { code: 'unauthorized' } }, { status: 401 });
  engine ??= createEngine();
  const text = await request.text();
  const answer = (await engine).call('goals.timeline', text);
  return Response.json(answer, parts.has('headers') ? { headers: { 'x-request-id': id, 'x-nestegg-cache': 'miss' } } : undefined);
}

Deno.serve({ port: Number(Deno.env.get('PORT') ?? 8000) }, fetch);
