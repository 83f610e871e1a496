// SPDX-License-Identifier: MIT
// A Cloudflare Worker using the package's "workerd" entry: POST {method, request} -> response.
// GET /cold reports how long the first engine took to start inside the isolate.
import { createEngine } from './npm/src/workerd.js';

let enginePromise;
let coldMs;

export default {
  async fetch(req) {
    if (!enginePromise) {
      const t0 = Date.now();
      enginePromise = createEngine().then((e) => ((coldMs = Date.now() - t0), e));
    }
    const engine = await enginePromise;
    if (req.method === 'GET') return Response.json({ cold_ms: coldMs, info: engine.info() });
    const { method, request } = await req.json();
    try {
      return Response.json(engine.call(method, request));
    } catch (e) {
      return Response.json(e.toJSON ? e.toJSON() : { error: { code: 'internal', message: String(e), field: '' } }, { status: 400 });
    }
  },
};
