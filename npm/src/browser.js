// SPDX-License-Identifier: MIT
// Browsers and Web Workers (and the default condition). The glue fetches the package's own .wasm
// next to it (new URL('nestegg.wasm', import.meta.url)), streaming-compiled; bundlers see that URL.
// locateFile, wasmBinary or wasmModule override it; nothing else is ever fetched.
import createNesteggModule from '../dist/nestegg.js';
import { createEngineWith, instantiateFrom, memoise } from './engine.js';
import { IndexedDBStorage } from './storage_idb.js';
import { createHandlerWith } from './handler.js';

export * from './common.js';

const loadModule = memoise(async (options = {}) => {
  const args = {};
  if (options.locateFile) args.locateFile = options.locateFile;
  if (options.wasmBinary) args.wasmBinary = options.wasmBinary;
  if (options.wasmModule) args.instantiateWasm = instantiateFrom(options.wasmModule);
  return createNesteggModule(args);
});

/** @type {import('../index').createEngine} */
export function createEngine(options = {}) {
  return createEngineWith(loadModule(options), options);
}

/** @type {import('../index').createHandler} */
export function createHandler(options = {}) {
  return createHandlerWith(createEngine, options);
}

/**
 * The IndexedDB adapter on Emscripten's IDBStore (loads the module if needed).
 * @type {import('../index').indexedDBStorage}
 */
export async function indexedDBStorage(name = 'nestegg', options = {}) {
  const module = await loadModule(options);
  return new IndexedDBStorage(module.IDBStore, name, options);
}

export { createWorkerEngine } from './worker_runner.js';
