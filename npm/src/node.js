// SPDX-License-Identifier: MIT
// Node >= 20. Emscripten 3.1.6's ESM glue cannot locate files under Node, so the bytes are read
// here and handed over as wasmBinary (or a precompiled WebAssembly.Module via wasmModule).
import { readFile } from 'node:fs/promises';
import createNesteggModule from '../dist/nestegg.js';
import { createEngineWith, instantiateFrom, memoise } from './engine.js';
import { IndexedDBStorage } from './storage_idb.js';
import { createHandlerWith } from './handler.js';

export * from './common.js';
export { FileStorage } from './storage_file.js';

async function wasmBytes(options) {
  if (options.wasmBinary) return options.wasmBinary;
  const url = options.locateFile ? options.locateFile('nestegg.wasm') : new URL('../dist/nestegg.wasm', import.meta.url);
  return readFile(url);
}

const loadModule = memoise(async (options = {}) => {
  if (options.wasmModule) {
    return createNesteggModule({ instantiateWasm: instantiateFrom(options.wasmModule) });
  }
  return createNesteggModule({ wasmBinary: await wasmBytes(options) });
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
