// SPDX-License-Identifier: MIT
// The Web Worker side of createWorkerEngine() (worker_runner.js): one engine per worker, one job
// at a time, progress after each item of a batch. Messages in:
//   {type:'init', options}  {type:'call', id, method, request, cached}  {type:'batch', id, calls}
// Messages out: {type:'ready'|'progress'|'result'|'error', id, ...}, and {type:'failed', error}
// when the engine could not start (the runner ends this worker: a fresh one may start, a failed
// .wasm fetch being a network blip).
import { createEngine, indexedDBStorage, openStore } from './browser.js';
import { saveOutcome } from './engine.js';
import { NesteggError, describeError } from './errors.js';

let enginePromise = null;

async function start(options) {
  let store = null;
  if (options.storeName) {
    // Models trained in the worker outlive it (a cancelled job terminates the worker).
    const adapter = await indexedDBStorage(options.storeName).catch(() => null);
    store = await openStore(adapter, { reason: 'IndexedDB is not available in this worker' });
  }
  return createEngine({ config: options.config ?? {}, store });
}

const startFailed = (e) => new NesteggError({ code: 'worker_failed', field: '',
  message: `the worker's engine could not start: ${describeError(e).message}` });

const errorOf = (e) => {
  const { code, message, field } = describeError(e);
  return { code, message, field };
};

// A job is answered only once its saves have landed: the runner starts the next job at once, and
// cancelling that one terminates this worker, which would drop a model the answer says is stored.
// A save the store could only keep in memory (IndexedDB over quota) is said by a not_saved warning.
async function saved(engine, method, answer) {
  const warning = await engine[saveOutcome](method);
  if (warning && answer && typeof answer === 'object') answer.warnings = [...(answer.warnings ?? []), warning];
  return answer;
}

async function run(engine, message) {
  if (message.type === 'call') {
    self.postMessage({ type: 'progress', id: message.id, done: 0, total: 1 });
    if (!message.cached) return saved(engine, message.method, engine.call(message.method, message.request));
    // cachedCall always answers { result, cache }: without a store (no storeName) nothing is cached.
    if (engine.cachedCall) {
      const answer = await engine.cachedCall(message.method, message.request, message.cached);
      await saved(engine, message.method, answer.result);
      return answer;
    }
    return { result: engine.call(message.method, message.request), cache: { hit: false, key: null, reason: 'no store (storeName)' } };
  }
  const results = [];
  for (const [i, { method, request }] of message.calls.entries()) {
    try {
      results.push({ result: engine.call(method, request), method });
    } catch (e) {
      results.push({ error: errorOf(e) });
    }
    self.postMessage({ type: 'progress', id: message.id, done: i + 1, total: message.calls.length, method });
  }
  for (const r of results) {
    if (r.result) await saved(engine, r.method, r.result);
    delete r.method;
  }
  return results;
}

self.onmessage = async ({ data: message }) => {
  if (message.type === 'init') {
    enginePromise = start(message.options ?? {}).catch((e) => { throw startFailed(e); });
    enginePromise.then(() => self.postMessage({ type: 'ready' }), (e) => self.postMessage({ type: 'failed', error: errorOf(e) }));
    return;
  }
  try {
    const engine = await enginePromise;
    self.postMessage({ type: 'result', id: message.id, result: await run(engine, message) });
  } catch (e) {
    self.postMessage({ type: 'error', id: message.id, error: errorOf(e) });
  }
};
