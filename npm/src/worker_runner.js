// SPDX-License-Identifier: MIT
// createWorkerEngine(): the engine in a Web Worker behind the same call() shape, so Monte Carlo,
// training and batch forecasts never freeze the page — the browser's stand-in for the original
// backend's task queue. Jobs run one at a time in order; each reports progress (per item for a
// batch) and can be cancelled with an AbortSignal. Cancelling a queued job drops it; cancelling
// the running one terminates the worker (a wasm loop cannot be interrupted from outside) and a
// fresh worker takes the next job. Pass `storeName` to keep trained models across that restart.
import { NesteggError } from './errors.js';

const cancelled = () => new NesteggError({ code: 'cancelled', message: 'the job was cancelled', field: '' });

/** @type {import('../types/browser').createWorkerEngine} */
export function createWorkerEngine(options = {}) {
  const makeWorker = options.createWorker ?? (() => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
  const queue = [];
  let worker = null;
  let running = null;
  let nextId = 1;
  let terminated = false;

  // The worker crashed, or its engine could not start: it is ended, the running job gets
  // worker_failed, and the next job starts a fresh worker (a failed start may be a network blip).
  function fail(error) {
    worker.terminate();
    worker = null;
    if (running) finish({ error });
  }

  function spawn() {
    const spawned = makeWorker();
    worker = spawned;
    spawned.onmessage = ({ data }) => {
      if (spawned !== worker) return;  // a message from a worker already ended
      if (data.type === 'failed') return fail(new NesteggError({ ...data.error, code: 'worker_failed' }));
      if (!running || data.id !== running.id) return;
      if (data.type === 'progress') running.onProgress?.({ done: data.done, total: data.total, method: data.method });
      else finish(data.type === 'result' ? { value: data.result } : { error: new NesteggError(data.error) });
    };
    spawned.onerror = (event) => {
      event.preventDefault?.();
      if (spawned === worker) fail(new NesteggError({ code: 'worker_failed', message: event.message || 'the worker failed', field: '' }));
    };
    try {
      worker.postMessage({ type: 'init', options: { config: options.config, storeName: options.storeName } });
    } catch (e) {  // a config the worker cannot be sent: no worker is left running for it
      worker.terminate();
      worker = null;
      throw e;
    }
  }

  function finish({ value, error }) {
    const job = running;
    running = null;
    job.signal?.removeEventListener('abort', job.abort);
    if (error) job.reject(error);
    else job.resolve(value);
    pump();
  }

  // Starts the next job. A request the worker cannot be sent (a function or a symbol in it: the
  // structured clone throws) fails alone, as the engine itself refuses it, and the queue goes on:
  // a loop, not a recursion, however many fail in a row.
  function pump() {
    while (!running && !terminated && queue.length) {
      const job = queue.shift();
      let error = null;
      try {
        if (!worker) spawn();
      } catch (e) {
        error = new NesteggError({ code: 'worker_failed', message: `the worker could not start: ${e?.message ?? e}`, field: '' });
      }
      if (!error) {
        try {
          worker.postMessage(job.message);
          running = job;
          return;
        } catch (e) {
          error = new NesteggError({ code: 'wrong_type', message: `the request cannot be sent to the worker: ${e?.message ?? e}`, field: '' });
        }
      }
      job.signal?.removeEventListener('abort', job.abort);
      job.reject(error);
    }
  }

  function submit(message, { signal, onProgress } = {}) {
    if (terminated) return Promise.reject(new NesteggError({ code: 'disposed', message: 'this worker engine was terminated', field: '' }));
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      const job = { id: nextId++, resolve, reject, signal, onProgress };
      job.message = { ...message, id: job.id };
      job.abort = () => {
        if (running === job) {
          worker.terminate();
          worker = null;
          finish({ error: cancelled() });
        } else {
          queue.splice(queue.indexOf(job), 1);
          reject(cancelled());
        }
      };
      signal?.addEventListener('abort', job.abort, { once: true });
      queue.push(job);
      pump();
    });
  }

  return {
    /** engine.call in the worker; resolves to the response or rejects with a NesteggError. */
    call: (method, request = {}, opts) => submit({ type: 'call', method, request }, opts),
    /** engine.cachedCall in the worker (needs storeName). */
    cachedCall: (method, request = {}, { user, ttlMs, ...opts } = {}) =>
      submit({ type: 'call', method, request, cached: { user, ttlMs } }, opts),
    /** Several calls in one job: progress after each; each item is {result} or {error}. */
    batch: (calls, opts) => submit({ type: 'batch', calls }, opts),
    /** Jobs waiting behind the running one. */
    get pending() { return queue.length; },
    terminate() {
      terminated = true;
      worker?.terminate();
      worker = null;
      for (const job of queue.splice(0)) {
        job.signal?.removeEventListener('abort', job.abort);
        job.reject(cancelled());
      }
      if (running) finish({ error: cancelled() });
    },
  };
}
