// SPDX-License-Identifier: MIT
// The one loader behind the four runtime entries (node.js, deno.js, workerd.js, browser.js), and
// what every entry exports. An entry states only how the .wasm reaches Emscripten's factory and
// calls defineRuntime (the default export), which makes createEngine, createHandler and
// indexedDBStorage from that, the same everywhere; the named exports are the package's shared
// surface, re-exported by every entry.
//
// Nothing is done at import. The engine wrapper is loaded with the package; the glue
// (dist/nestegg.js, Emscripten's factory) comes from the entry: imported with it everywhere but in
// Node, where the first createEngine imports it while the .wasm is read and compiled (README
// "Budgets"). What only some calls need, the store, the prediction cache and the edge handler with
// its OpenAPI document, is imported by the first call that needs it (Node spends a fraction of a
// millisecond on each module file it imports).
import { createEngineWith, optionsObject } from './engine.js';
import { NesteggError } from './errors.js';

export { NesteggError } from './errors.js';
export { MemoryStorage, WorkersKvStorage, DenoKvStorage } from './storage.js';
export { IndexedDBStorage } from './storage_idb.js';
export { SCHEMA_VERSION } from './store_schema.js';
export { canonicalJson } from './request_key.js';
export { MemoryRateLimiter, KvRateLimiter, RateLimitBindingLimiter, DurableObjectRateLimiter, RateLimiterDurableObject } from './rate_limit.js';
export { MemoryResponseCache, CacheApiResponseCache, KvResponseCache } from './response_cache.js';
export { LEGACY_ROUTES, readHttpConfig } from './http_config.js';

/** @type {import('../index').openStore} */
export async function openStore(adapter, options) {
  const store = await import('./store.js');
  return store.openStore(adapter, options);
}

/**
 * One module promise per module source: the package's own file, or each `wasmModule` /
 * `wasmBinary` object a caller passes (by identity), so a caller's module is never answered with
 * another one. A failed load is not kept, so a retry can succeed.
 */
function memoise(load) {
  let own = null;
  const given = new WeakMap();
  return (options = {}) => {
    const source = options.wasmModule ?? options.wasmBinary ?? null;
    // Checked before anything starts: a string started the load, then threw, and the load's own
    // failure went unhandled and ended the Node process; the .wasm's bytes given as wasmModule
    // did the same from Emscripten's callback. Tags, so another realm's objects count too.
    const refused = options.wasmModule != null ? wrongKind('wasmModule', options.wasmModule, (tag) => tag === '[object WebAssembly.Module]')
      : options.wasmBinary != null ? wrongKind('wasmBinary', options.wasmBinary, (tag, v) => tag === '[object ArrayBuffer]' || ArrayBuffer.isView(v))
        : null;
    if (refused) return Promise.reject(refused);
    const cached = source ? given.get(source) : own;
    if (cached) return cached;
    const pending = load(options).catch((e) => {
      if (source) given.delete(source);
      else own = null;
      throw e;
    });
    if (source) given.set(source, pending);
    else own = pending;
    return pending;
  };
}

/**
 * instantiateWasm hook for a compiled WebAssembly.Module (Workers, or a module the caller cached).
 * Emscripten's factory has no way to hear that instantiation failed (its promise would stay
 * pending for ever): the failure goes to `fail`, which the loader races against the factory.
 */
function instantiateFrom(wasmModule, fail) {
  return (imports, done) => {
    // A throw from `done` (Emscripten's receiveInstance) fails the load too, never unhandled.
    WebAssembly.instantiate(wasmModule, imports).then((instance) => done(instance)).catch(fail);
    return {};
  };
}

// A NesteggError when `value` is not what `field` takes, else null.
function wrongKind(field, value, accepts) {
  if (accepts(Object.prototype.toString.call(value), value)) return null;
  const what = field === 'wasmModule' ? 'a compiled WebAssembly.Module' : "the .wasm's bytes (an ArrayBuffer or a typed array)";
  return new NesteggError({ code: 'wrong_type', message: `${field} must be ${what}`, field });
}

// What Emscripten's factory is given, from the runtime's way and createEngine's loading options
// (`wasmModule`, `wasmBinary`, `locateFile`, which override the package's own file).
async function factoryArgs(runtime, options, fail) {
  const wasmModule = options.wasmModule ?? runtime.wasmModule;
  if (wasmModule) return { instantiateWasm: instantiateFrom(wasmModule, fail), ...(runtime.locateFile && { locateFile: runtime.locateFile }) };
  if (runtime.readWasm) {
    const bytes = options.wasmBinary ?? await runtime.readWasm(options.locateFile ? options.locateFile('nestegg.wasm') : new URL('../dist/nestegg.wasm', import.meta.url));
    return { instantiateWasm: instantiateFrom(await WebAssembly.compile(bytes), fail) };
  }
  // The glue fetches the .wasm next to itself, streaming-compiled (browsers).
  return { ...(options.locateFile && { locateFile: options.locateFile }), ...(options.wasmBinary && { wasmBinary: options.wasmBinary }) };
}

/**
 * How this runtime reaches Emscripten's factory, `loadFactory()` (a promise of dist/nestegg.js's
 * default export), and how its .wasm reaches that factory; one of:
 *   readWasm(url)  reads the package's own file (Node, Deno); the bytes are compiled here
 *   wasmModule     a compiled WebAssembly.Module (workerd's module import), with `locateFile`
 *   neither        the glue fetches the file next to itself (browsers)
 * and `around(run)`, which wraps the factory's run (workerd sets a `self.location` stand-in).
 * @param {{loadFactory: () => Promise<(args: object) => Promise<object>>,
 *          readWasm?: (url: URL|string) => Uint8Array|Promise<Uint8Array>, wasmModule?: WebAssembly.Module,
 *          locateFile?: (name: string) => string, around?: (run: () => Promise<object>) => Promise<object>}} runtime
 */
export default function defineRuntime(runtime) {
  const around = runtime.around ?? ((run) => run());
  // One wasm module per realm and module source (see memoise); a failed instantiation rejects.
  const loadModule = memoise(async (options = {}) => {
    let fail;
    const failed = new Promise((resolve, reject) => { fail = reject; });
    // The glue's import (Node) overlaps reading and compiling the .wasm.
    const [args, createNesteggModule] = await Promise.all([factoryArgs(runtime, options, fail), runtime.loadFactory()]);
    return Promise.race([around(() => createNesteggModule(args)), failed]);
  });

  /** @type {import('../index').createEngine} */
  async function createEngine(options) {
    const given = optionsObject(options, 'options');
    return createEngineWith(await loadModule(given), given);
  }

  /** @type {import('../index').createHandler} */
  function createHandler(options = {}) {
    // The handler (routes, OpenAPI, rate limits, cache) is loaded by the first request; once it
    // is, requests go straight to it.
    let loading = null;
    let handler = null;
    return {
      fetch(request, arg, ctx) {
        if (handler) return handler.fetch(request, arg, ctx);
        loading ??= import('./handler.js').then(({ createHandlerWith }) => (handler = createHandlerWith(createEngine, options)));
        return loading.then((loaded) => loaded.fetch(request, arg, ctx));
      },
    };
  }

  /**
   * The IndexedDB adapter on Emscripten's IDBStore (loads the module if needed).
   * @type {import('../types/indexeddb').indexedDBStorage}
   */
  async function indexedDBStorage(name = 'nestegg', options = {}) {
    const [module, { IndexedDBStorage }] = await Promise.all([loadModule(options), import('./storage_idb.js')]);
    return new IndexedDBStorage(module.IDBStore, name, options);
  }

  return { createEngine, createHandler, indexedDBStorage };
}
