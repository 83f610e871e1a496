// SPDX-License-Identifier: MIT
// The peer of the edge handler in tests/bench/bench_edge_overhead.mjs: the least a Worker (or a
// Deno.serve) can do and still serve the same answer to the same request. It checks the API key
// header (a plain string comparison with NESTEGG_API_KEYS, one key), reads the body as text, calls
// goals.timeline on the engine directly with that text (the engine parses and validates it) and
// answers the result with Response.json: the same JSON body the handler sends, with none of its
// routing, rate limit, response cache, request id, CORS, logging or constant-time key check.
// servers.mjs points the `nestegg` import at the built package and, under Deno, rewrites the
// Deno.serve line as it does for the shipped example.
import { createEngine } from 'nestegg';

let engine = null;

async function fetch(request, env) {
  const key = globalThis.Deno ? globalThis.Deno.env.get('NESTEGG_API_KEYS') : env.NESTEGG_API_KEYS;
  if (request.headers.get('x-api-key') !== key) return Response.json({ error: { code: 'unauthorized' } }, { status: 401 });
  engine ??= createEngine();
  const text = await request.text();
  try {
    return Response.json((await engine).call('goals.timeline', text));
  } catch (e) {
    return Response.json({ error: { code: e.code ?? 'internal', message: e.message } }, { status: 400 });
  }
}

if (globalThis.Deno) Deno.serve({ port: Number(Deno.env.get('PORT') ?? 8000) }, fetch);

export default { fetch };
