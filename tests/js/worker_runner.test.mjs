// SPDX-License-Identifier: MIT
// createWorkerEngine's queue under Node, with a stand-in Worker that runs the real engine
// in-process and answers on a later tick (the browser test drives a real Web Worker): order,
// progress, cancelling queued and running jobs, restarts, terminate().
import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadPackage, pkgDir } from './helpers.mjs';

// The browser entry's modules (createWorkerEngine is the browser's): its NesteggError, not the
// Node bundle's, is the class the runner's errors are made of.
const { createEngine } = await loadPackage();
const { createWorkerEngine, NesteggError } = await import(new URL('src/browser.js', `file://${pkgDir}/`).href);
const engine = await createEngine();

// Speaks worker.js's protocol; `hold` keeps a job "running" until released, like a long wasm loop.
class FakeWorker {
  static spawned = [];
  constructor() { this.terminated = false; this.seen = []; FakeWorker.spawned.push(this); }
  postMessage(message) {
    structuredClone(message);  // throws DataCloneError on a function, as a browser's postMessage does
    this.seen.push(message.type === 'init' ? 'init' : message.method ?? 'batch');
    if (message.type === 'init') return;
    const reply = (data) => { if (!this.terminated) this.onmessage({ data }); };
    const run = () => {
      if (message.type === 'batch') {
        const results = message.calls.map(({ method, request }, i) => {
          const item = (() => { try { return { result: engine.call(method, request) }; } catch (e) { return { error: e.toJSON().error }; } })();
          reply({ type: 'progress', id: message.id, done: i + 1, total: message.calls.length, method });
          return item;
        });
        reply({ type: 'result', id: message.id, result: results });
        return;
      }
      try {
        reply({ type: 'result', id: message.id, result: engine.call(message.method, message.request) });
      } catch (e) {
        reply({ type: 'error', id: message.id, error: e.toJSON().error });
      }
    };
    if (message.request?.hold) this.release = () => setTimeout(run, 0);
    else setTimeout(run, 0);
  }
  terminate() { this.terminated = true; }
}

const plan = (target) => ({ target_amount: target, target_date: '2028-01-01', start_date: '2026-01-01' });

test('jobs run in order, one worker, progress per batch item, errors as NesteggError', async () => {
  FakeWorker.spawned = [];
  const runner = createWorkerEngine({ createWorker: () => new FakeWorker() });
  const progress = [];
  const [a, b, batch, bad] = await Promise.allSettled([
    runner.call('goals.reverse_plan', plan(2400)),
    runner.call('goals.reverse_plan', plan(4800)),
    runner.batch([{ method: 'goals.reverse_plan', request: plan(1200) }, { method: 'goals.timeline', request: { target_amount: -1 } }],
      { onProgress: (p) => progress.push(`${p.done}/${p.total}`) }),
    runner.call('goals.timeline', { target_amount: -1 }),
  ]);
  assert.equal(a.value.required_monthly_savings, 100);
  assert.equal(b.value.required_monthly_savings, 200);
  assert.equal(batch.value[0].result.required_monthly_savings, 50);
  assert.equal(batch.value[1].error.field, 'target_amount');
  assert.deepEqual(progress, ['1/2', '2/2']);
  assert.ok(bad.reason instanceof NesteggError);
  assert.equal(bad.reason.field, 'target_amount');
  assert.equal(FakeWorker.spawned.length, 1);
  assert.deepEqual(FakeWorker.spawned[0].seen, ['init', 'goals.reverse_plan', 'goals.reverse_plan', 'batch', 'goals.timeline']);
});

test('cancelling: a queued job never runs; the running one ends its worker and the next job gets a new one', async () => {
  FakeWorker.spawned = [];
  const runner = createWorkerEngine({ createWorker: () => new FakeWorker() });
  const running = new AbortController();
  const queued = new AbortController();
  const slow = runner.call('goals.reverse_plan', { ...plan(1000), hold: true }, { signal: running.signal });
  const dropped = runner.call('goals.reverse_plan', plan(2000), { signal: queued.signal });
  const next = runner.call('goals.reverse_plan', plan(3600));
  assert.equal(runner.pending, 2);
  queued.abort();
  await assert.rejects(dropped, (e) => e.code === 'cancelled');
  running.abort();
  await assert.rejects(slow, (e) => e.code === 'cancelled');
  assert.equal((await next).required_monthly_savings, 150);
  assert.equal(FakeWorker.spawned.length, 2);
  assert.equal(FakeWorker.spawned[0].terminated, true);
  assert.deepEqual(FakeWorker.spawned[0].seen, ['init', 'goals.reverse_plan']);
  assert.deepEqual(FakeWorker.spawned[1].seen, ['init', 'goals.reverse_plan']);
  await assert.rejects(runner.call('goals.reverse_plan', plan(1), { signal: AbortSignal.abort() }), (e) => e.code === 'cancelled');
});

test('terminate() rejects what runs and what waits, and refuses new jobs', async () => {
  const runner = createWorkerEngine({ createWorker: () => new FakeWorker() });
  const jobs = [runner.call('goals.reverse_plan', { ...plan(1000), hold: true }), runner.call('goals.reverse_plan', plan(2000))];
  runner.terminate();
  for (const outcome of await Promise.allSettled(jobs)) assert.equal(outcome.reason.code, 'cancelled');
  await assert.rejects(runner.call('info', {}), (e) => e.code === 'disposed');
});

// A hostile review's find: a request the worker cannot be sent made postMessage throw inside the
// queue, which rejected that job with a raw DataCloneError and left every later job pending for ever.
test('a request that cannot be sent to the worker fails alone, as a NesteggError, and the queue goes on', async () => {
  const runner = createWorkerEngine({ createWorker: () => new FakeWorker() });
  const [bad, next, batch] = await Promise.allSettled([
    runner.call('goals.reverse_plan', { ...plan(2400), note: () => 1 }),
    runner.call('goals.reverse_plan', plan(4800)),
    runner.batch([{ method: 'goals.timeline', request: { target_amount: 1, monthly_contribution: Symbol('x') } }]),
  ]);
  assert.ok(bad.reason instanceof NesteggError, String(bad.reason));
  assert.equal(bad.reason.code, 'wrong_type');
  assert.equal(next.value.required_monthly_savings, 200);
  assert.equal(batch.reason.code, 'wrong_type');
  assert.equal((await runner.call('goals.reverse_plan', plan(1200))).required_monthly_savings, 50);
  assert.equal(runner.pending, 0);
  runner.terminate();
});

// A review of that fix: 20 000 such requests in a row overflowed the stack (each failure started
// the next job from inside the last), and a config the worker cannot be sent left a Worker running
// for every call.
test('many unsendable requests in a row, and an unsendable config: every job settles, no worker is left', async () => {
  const runner = createWorkerEngine({ createWorker: () => new FakeWorker() });
  const bad = Array.from({ length: 20000 }, () => runner.call('goals.timeline', { f: () => 1 }));
  const good = runner.call('goals.reverse_plan', plan(4800));
  const settled = await Promise.allSettled(bad);
  assert.ok(settled.every((r) => r.status === 'rejected' && r.reason.code === 'wrong_type'));
  assert.equal((await good).required_monthly_savings, 200);
  runner.terminate();

  FakeWorker.spawned = [];
  const broken = createWorkerEngine({ createWorker: () => new FakeWorker(), config: { today: () => '2026-01-01' } });
  for (let i = 0; i < 3; i++) {
    await assert.rejects(broken.call('goals.reverse_plan', plan(2400)), (e) => e instanceof NesteggError && e.code === 'worker_failed');
  }
  assert.ok(FakeWorker.spawned.every((w) => w.terminated), 'each Worker made for it was ended');
  broken.terminate();
});

// The real worker.js, run in this process: one module and one `self` whose messages go to the
// stand-in Worker created last (a terminated one hears nothing). The .wasm is fetched as in a
// browser; `fetchFails` makes the next fetches fail (a network blip).
let fetchFails = 0;
globalThis.fetch = async (url) => {
  if (fetchFails > 0) {
    fetchFails -= 1;
    throw new TypeError('Failed to fetch (network blip)');
  }
  return new Response(readFileSync(new URL(String(url))), { headers: { 'content-type': 'application/wasm' } });
};
let current = null;
let onResultPosted = () => {};  // called as worker.js posts a result, before the runner can see it
globalThis.self = {
  postMessage(data) {
    if (data.type === 'result') onResultPosted(data);
    const to = current;
    const copy = structuredClone(data);
    setTimeout(() => { if (to && !to.terminated) to.onmessage?.({ data: copy }); }, 0);
  },
};
await import(new URL('src/worker.js', `file://${pkgDir}/`).href);
class InProcessWorker {
  static spawned = [];
  constructor() { this.terminated = false; current = this; InProcessWorker.spawned.push(this); }
  postMessage(message) {
    const data = structuredClone(message);
    setTimeout(() => { if (!this.terminated) globalThis.self.onmessage({ data }); }, 0);
  }
  terminate() { this.terminated = true; }
}
const household = JSON.parse(readFileSync(new URL('../../web-demo/sample-household.json', import.meta.url), 'utf8'));

// A hostile review's find: a Worker whose engine failed to start (one failed .wasm fetch) stayed
// failed for ever: every later job was rejected with 'internal', and no new Worker was started.
test('the real worker: a failed start rejects its job with worker_failed, and the next job gets a fresh worker', async () => {
  InProcessWorker.spawned = [];
  const runner = createWorkerEngine({ createWorker: () => new InProcessWorker() });
  fetchFails = 1;
  await assert.rejects(runner.call('goals.reverse_plan', plan(2400)),
    (e) => e instanceof NesteggError && e.code === 'worker_failed' && /could not start: Failed to fetch/.test(e.message));
  assert.equal(InProcessWorker.spawned[0].terminated, true, 'the failed worker was ended');
  assert.equal((await runner.call('goals.reverse_plan', plan(2400))).required_monthly_savings, 100);
  assert.equal((await runner.call('goals.reverse_plan', plan(4800))).required_monthly_savings, 200);
  assert.equal(InProcessWorker.spawned.length, 2);
  runner.terminate();
});

// A hostile review's find: worker.js posted a job's result before the model's save had reached
// IndexedDB; the runner starts the next job at once, and cancelling that one terminates the
// Worker, so a model the answer said was stored was lost. Emulated termination: as the result is
// posted (the earliest the page can act on it) the Worker is killed, its unfinished IndexedDB
// transactions aborted and any it starts later too.
test('the real worker: a job is done only once its saves have landed; terminating the Worker then loses nothing', async () => {
  const name = `worker-save-${process.pid}`;
  let killed = false;
  const live = new Set();
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (...args) {
    const tx = transaction.apply(this, args);
    if (args[1] === 'readwrite') {
      if (killed) tx.abort();
      live.add(tx);
      for (const end of ['complete', 'abort', 'error']) tx.addEventListener(end, () => live.delete(tx));
    }
    return tx;
  };
  onResultPosted = () => {
    killed = true;
    for (const tx of live) tx.abort();
  };
  let trained;
  try {
    const runner = createWorkerEngine({ createWorker: () => new InProcessWorker(), storeName: name });
    trained = await runner.call('savings.train', { history: household.history, user_id: 'alice' });
    assert.deepEqual(trained.stored, { active: true, dropped_versions: [], model_id: 'savings', user_id: 'alice', version: 1 });
    runner.terminate();
  } finally {
    IDBDatabase.prototype.transaction = transaction;
    onResultPosted = () => {};
  }
  // The page opens the same database: alice's model is there, the one the answer described.
  const { openStore, indexedDBStorage } = await loadPackage();
  const engine = await createEngine({ store: await openStore(await indexedDBStorage(name)) });
  const stored = engine.savings.export().models.filter((m) => m.user_id === 'alice');
  assert.equal(stored.length, 1, 'the model the answer said was stored is stored');
  assert.equal(stored[0].versions.length, 1);
  assert.deepEqual(stored[0].versions[0].model, trained.model, 'the very model the answer gave');
});

// A review of the fixes: when IndexedDB refused the model's write (over quota) the store kept it in
// memory, flush() resolved, and the Worker answered "stored" with nothing to say otherwise.
test('the real worker: a training whose save the store could only keep in memory says not_saved', async () => {
  const name = `worker-quota-${process.pid}`;
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (value, key) {
    if (String(key).includes('registry/model')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.call(this, value, key);
  };
  try {
    const runner = createWorkerEngine({ createWorker: () => new InProcessWorker(), storeName: name });
    const trained = await runner.call('savings.train', { history: household.history, user_id: 'alice' });
    assert.equal(trained.stored.version, 1);
    assert.match(trained.warnings.find((w) => w.code === 'not_saved').message, /quota/i);
    const other = await runner.call('goals.reverse_plan', plan(2400));
    assert.equal(other.warnings?.some((w) => w.code === 'not_saved') ?? false, false, 'only a call that changed the models');
    runner.terminate();
  } finally {
    IDBObjectStore.prototype.put = put;
  }
});
