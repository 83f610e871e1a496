// SPDX-License-Identifier: MIT
// engine.cachedCall(): the prediction cache in front of the engine. What may be cached comes from
// the engine's method table: deterministic methods (as the edge handler's response cache), and
// the savings methods that only read the model registry, keyed by the registry's content too.
// The key is requestKey() (request_key.js), so any change to the input, the engine, its config,
// the day or a model misses the cache.
import { ensureLive, optionsObject } from './engine.js';
import { canonicalJson, requestKey, sha256Hex } from './request_key.js';
import { checkTtl } from './store.js';

/**
 * Adds engine.cachedCall(method, request, { user, ttlMs }) ->
 *   Promise<{ result, cache: { hit, key, created_at, expires_at } }>.
 * Errors are thrown as by call() and never cached; a storage fault never fails the call.
 * Returns the hook the engine calls after every call that changes the models.
 * @param {{methods: {name: string, deterministic: boolean, persists?: boolean, registry?: boolean}[], version: string,
 *          config: object, today: () => string}} context from the engine's own info()
 */
// The request as the engine is sent it (JSON.stringify honours toJSON: a Temporal date or a class
// with private fields is not its own enumerable keys), so the key is of what is answered;
// undefined when it cannot be sent (a cycle, a BigInt): uncached, and call() says why.
function sentText(request) {
  try {
    return typeof request === 'string' ? request : JSON.stringify(request);
  } catch {
    return undefined;
  }
}

export function attachCachedCall(engine, store, { methods, version, config, today }) {
  const readsModels = new Set(methods.filter((m) => m.registry && !m.persists).map((m) => m.name));
  const cacheable = new Set([...methods.filter((m) => m.deterministic).map((m) => m.name), ...readsModels]);
  let registryHash = null;  // recomputed after each call that changes the models
  const iso = (ms) => new Date(ms).toISOString();

  engine.cachedCall = async (method, request = {}, options = undefined) => {
    engine[ensureLive]?.();  // a disposed engine answers nothing, from the cache either
    const { user = 'default', ttlMs } = optionsObject(options, 'options');
    checkTtl(ttlMs);  // before anything is computed or stored
    let key = null;
    if (cacheable.has(method)) {
      if (readsModels.has(method)) {
        try {
          registryHash ??= await sha256Hex(canonicalJson(engine.call('savings.export', {})));
        } catch {
          // The models cannot be exported (an engine that could not read them all): no key for
          // them; the call itself answers from what loaded, or says why it cannot.
          return { result: engine.call(method, request), cache: { hit: false, key: null, reason: 'not cacheable' } };
        }
      }
      key = await requestKey({ method, request: sentText(request), version, config, today: today(), registry: readsModels.has(method) ? registryHash : undefined });
    }
    if (key === null) {
      // Not cacheable, or not exact JSON (the engine then throws its own error).
      return { result: engine.call(method, request), cache: { hit: false, key: null, reason: 'not cacheable' } };
    }
    const hit = await store.cache.get(user, method, key);
    if (hit) return { result: hit.result, cache: { hit: true, key, created_at: iso(hit.created_at), expires_at: iso(hit.expires_at) } };
    const result = engine.call(method, request);
    const entry = await store.cache.put(user, method, key, result, { ttlMs, engine: version });
    // Times only for an entry the storage kept: one it dropped (over quota) is no promise of a hit.
    if (!entry.stored) return { result, cache: { hit: false, key, reason: 'not stored' } };
    return { result, cache: { hit: false, key, created_at: iso(entry.created_at), expires_at: iso(entry.expires_at) } };
  };
  return () => { registryHash = null; };
}
