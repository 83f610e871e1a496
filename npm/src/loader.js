// SPDX-License-Identifier: MIT
// The one loader behind the four runtime entries (node.js, deno.js, workerd.js, browser.js), and
// what every entry exports. An entry states only how the .wasm reaches Emscripten's factory and
// calls defineRuntime (the default export), which makes createEngine, createHandler and
// indexedDBStorage from that, the same everywhere; the named exports are the package's shared
// surface, re-exported by every entry.
//
// Nothing is done at import. What every engine needs, the glue (dist/nestegg.js) and the engine
// wrapper, is loaded with the package: imported later, by the first createEngine, they cost that
// cold start more than they cost the import (measured: README "Budgets"). What only some calls
// need, the store, the prediction cache and the edge handler with its OpenAPI document, is
// imported by the first call that needs it (Node spends a fraction of a millisecond on each
// module file it imports).
import createNesteggModule from '../dist/nestegg.js';
import { createEngineWith } from './engine.js';

export { NesteggError } from './errors.js';
export { MemoryStorage, WorkersKvStorage, DenoKvStorage } from './storage.js';
export { IndexedDBStorage } from './storage_idb.js';
export { SCHEMA_VERSION } from './store_schema.js';
export { canonicalJson } from './request_key.js';
export { MemoryRateLimiter, KvRateLimiter } from './rate_limit.js';
export { MemoryResponseCache, CacheApiResponseCache, KvResponseCache } from './response_cache.js';
export { LEGACY_ROUTES, readHttpConfig } from './http_config.js';

/** @type {import('../index').openStore} */
export async function openStore(adapter, options) {
  const store = await import('./store.js');
  return store.openStore(adapter, options);
}

/** Memoises one module promise per loader; a failed load is not cached, so a retry can succeed. */
function memoise(load) {
  let pending = null;
  return (options) => {
    pending ??= load(options).catch((e) => {
      pending = null;
      throw e;
    });
    return pending;
  };
}

/** instantiateWasm hook for a compiled WebAssembly.Module (Workers, or a module the caller cached). */
function instantiateFrom(wasmModule) {
  return (imports, done) => {
    WebAssembly.instantiate(wasmModule, imports).then((instance) => done(instance));
    return {};
  };
}

// What Emscripten's factory is given, from the runtime's way and createEngine's loading options
// (`wasmModule`, `wasmBinary`, `locateFile`, which override the package's own file).
async function factoryArgs(runtime, options) {
  const wasmModule = options.wasmModule ?? runtime.wasmModule;
  if (wasmModule) return { instantiateWasm: instantiateFrom(wasmModule), ...(runtime.locateFile && { locateFile: runtime.locateFile }) };
  if (runtime.readWasm) {
    const bytes = options.wasmBinary ?? await runtime.readWasm(options.locateFile ? options.locateFile('nestegg.wasm') : new URL('../dist/nestegg.wasm', import.meta.url));
    return { instantiateWasm: instantiateFrom(await WebAssembly.compile(bytes)) };
  }
  // The glue fetches the .wasm next to itself, streaming-compiled (browsers).
  return { ...(options.locateFile && { locateFile: options.locateFile }), ...(options.wasmBinary && { wasmBinary: options.wasmBinary }) };
}

/**
 * How this runtime's .wasm reaches Emscripten's factory; one of:
 *   readWasm(url)  reads the package's own file (Node, Deno); the bytes are compiled here
 *   wasmModule     a compiled WebAssembly.Module (workerd's module import), with `locateFile`
 *   neither        the glue fetches the file next to itself (browsers)
 * and `around(run)`, which wraps the factory's run (workerd sets a `self.location` stand-in).
 * @param {{readWasm?: (url: URL|string) => Uint8Array|Promise<Uint8Array>, wasmModule?: WebAssembly.Module,
 *          locateFile?: (name: string) => string, around?: (run: () => Promise<object>) => Promise<object>}} runtime
 */
export default function defineRuntime(runtime) {
  const around = runtime.around ?? ((run) => run());
  // One wasm module per realm: the first call's loading options win.
  const loadModule = memoise(async (options = {}) => {
    const args = await factoryArgs(runtime, options);
    return around(() => createNesteggModule(args));
  });

  /** @type {import('../index').createEngine} */
  async function createEngine(options = {}) {
    return createEngineWith(await loadModule(options), options);
  }

  /** @type {import('../index').createHandler} */
  function createHandler(options = {}) {
    // The handler (routes, OpenAPI, rate limits, cache) is loaded by the first request.
    let handler = null;
    return {
      async fetch(request, arg, ctx) {
        handler ??= import('./handler.js').then(({ createHandlerWith }) => createHandlerWith(createEngine, options));
        return (await handler).fetch(request, arg, ctx);
      },
    };
  }

  /**
   * The IndexedDB adapter on Emscripten's IDBStore (loads the module if needed).
   * @type {import('../index').indexedDBStorage}
   */
  async function indexedDBStorage(name = 'nestegg', options = {}) {
    const [module, { IndexedDBStorage }] = await Promise.all([loadModule(options), import('./storage_idb.js')]);
    return new IndexedDBStorage(module.IDBStore, name, options);
  }

  return { createEngine, createHandler, indexedDBStorage };
}
