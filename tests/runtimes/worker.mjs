// SPDX-License-Identifier: MIT
// A Cloudflare Worker using the package's "workerd" entry: POST {method, request} -> response.
// GET reports how long the first engine took to start inside the isolate, and the entry's export
// names. POST /cached asks the same request twice through the prediction cache kept in Workers KV
// (binding KV).
import * as entry from './npm/src/workerd.js';

const { createEngine, openStore, WorkersKvStorage } = entry;

let enginePromise;
let coldMs;

export default {
  async fetch(req, env) {
    if (!enginePromise) {
      const t0 = Date.now();
      enginePromise = createEngine().then((e) => ((coldMs = Date.now() - t0), e));
    }
    const engine = await enginePromise;
    if (req.method === 'GET') return Response.json({ cold_ms: coldMs, info: engine.info(), exports: Object.keys(entry).sort() });
    const { method, request } = await req.json();
    if (new URL(req.url).pathname === '/cached') {
      const store = await openStore(new WorkersKvStorage(env.KV));
      const cached = await createEngine({ store });
      const first = await cached.cachedCall(method, request);
      const second = await cached.cachedCall(method, request);
      return Response.json({ hits: [first.cache.hit, second.cache.hit], result: second.result, status: store.status() });
    }
    try {
      return Response.json(engine.call(method, request));
    } catch (e) {
      return Response.json(e.toJSON ? e.toJSON() : { error: { code: 'internal', message: String(e), field: '' } }, { status: 400 });
    }
  },
};
