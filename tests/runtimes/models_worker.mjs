// SPDX-License-Identifier: MIT
// A Worker serving the edge handler with its models in Workers KV (env.MODELS), as README's
// "Edge HTTP API" sets it up: runtimes.test.mjs trains through it and reads KV after each answer.
import { createHandler, WorkersKvStorage } from './npm/src/workerd.js';

let handler;
export default {
  fetch(request, env, ctx) {
    handler ??= createHandler({ engineOptions: { storage: new WorkersKvStorage(env.MODELS) } });
    return handler.fetch(request, env, ctx);
  },
};
