// SPDX-License-Identifier: MIT
// Cloudflare Workers (workerd). Workers refuse to compile wasm from bytes, so the .wasm arrives as
// a WebAssembly.Module through a module import (wrangler's CompiledWasm rule, the default for
// *.wasm) and is instantiated through instantiateWasm. The glue reads self.location.href, which
// Workers lack: a stand-in is set only while the factory runs.
import createNesteggModule from '../dist/nestegg.js';
import bundledModule from '../dist/nestegg.wasm';
import { createEngineWith, instantiateFrom, memoise } from './engine.js';
import { createHandlerWith } from './handler.js';

export * from './common.js';

const loadModule = memoise(async (options = {}) => {
  const wasmModule = options.wasmModule ?? bundledModule;
  const hadLocation = 'location' in globalThis;
  if (!hadLocation) globalThis.location = { href: 'https://nestegg.invalid/' };
  try {
    // locateFile keeps the glue from building new URL('nestegg.wasm', import.meta.url): module
    // URLs in workerd are not absolute, and nothing is fetched here anyway.
    return await createNesteggModule({ instantiateWasm: instantiateFrom(wasmModule), locateFile: (name) => name });
  } finally {
    if (!hadLocation) delete globalThis.location;
  }
});

/** @type {import('../index').createEngine} */
export function createEngine(options = {}) {
  return createEngineWith(loadModule(options), options);
}

/** @type {import('../index').createHandler} */
export function createHandler(options = {}) {
  return createHandlerWith(createEngine, options);
}
