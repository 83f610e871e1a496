// SPDX-License-Identifier: MIT
// The "browser" and default conditions (src/browser.js): the shared base, indexedDBStorage and the
// engine in a Web Worker.
import type { CachedResult, EngineConfig, ErrorCode, MethodName, Methods } from '../index.js';

export * from '../index.js';
export { indexedDBStorage } from './indexeddb.js';

export interface WorkerCallOptions {
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; method?: string }) => void;
}

/** The engine in a Web Worker (browser entry): jobs in order, progress, cancellation. */
export interface WorkerEngine {
  call<M extends MethodName>(method: M, request: Methods[M][0], options?: WorkerCallOptions): Promise<Methods[M][1]>;
  call(method: string, request: unknown, options?: WorkerCallOptions): Promise<unknown>;
  /** Cached with `storeName`; without one the answer is computed and `cache.hit` is false. */
  cachedCall(method: string, request: unknown, options?: WorkerCallOptions & { user?: string; ttlMs?: number }): Promise<CachedResult<unknown>>;
  /** Several calls in one job; progress after each; each item is `{result}` or `{error}`. */
  batch(calls: { method: string; request: unknown }[], options?: WorkerCallOptions):
    Promise<({ result: unknown } | { error: { code: ErrorCode; message: string; field: string } })[]>;
  readonly pending: number;
  /** Ends the worker; running and queued jobs reject with code 'cancelled'. */
  terminate(): void;
}

/**
 * Starts the engine in a module Web Worker. Cancelling the running job (its signal) terminates
 * the worker and a fresh one takes the next job; `storeName` keeps trained models and the cache
 * in IndexedDB so they outlive that restart.
 */
export function createWorkerEngine(options?: { config?: EngineConfig; storeName?: string; createWorker?: () => Worker }): WorkerEngine;
