// SPDX-License-Identifier: MIT
// Deno (local files, `npm:` imports and Deno Deploy): read the package's own .wasm with Deno.readFile.
import createNesteggModule from '../dist/nestegg.js';
import { createEngineWith, instantiateFrom, memoise } from './engine.js';
import { createHandlerWith } from './handler.js';

export * from './common.js';

const loadModule = memoise(async (options = {}) => {
  if (options.wasmModule) {
    return createNesteggModule({ instantiateWasm: instantiateFrom(options.wasmModule) });
  }
  const url = options.locateFile ? options.locateFile('nestegg.wasm') : new URL('../dist/nestegg.wasm', import.meta.url);
  const wasmBinary = options.wasmBinary ?? (await Deno.readFile(url));
  return createNesteggModule({ wasmBinary });
});

/** @type {import('../index').createEngine} */
export function createEngine(options = {}) {
  return createEngineWith(loadModule(options), options);
}

/** @type {import('../index').createHandler} */
export function createHandler(options = {}) {
  return createHandlerWith(createEngine, options);
}
