// SPDX-License-Identifier: MIT
// engine.cachedCall(): the prediction cache in front of the engine. What may be cached comes from
// the engine's method table: deterministic methods (as the edge handler's response cache), and
// the savings methods that only read the model registry, keyed by the registry's content. The key
// is a SHA-256 over the engine version, its config (it can change an answer: warnings, limits),
// the method, the engine's "today" (default dates depend on it), that registry digest, and the
// request in the edge cache's canonical form (keys sorted), so any change to the input, the
// engine or a model misses the cache.
import { canonicalJson, sha256Hex } from './response_cache.js';

/**
 * Adds engine.cachedCall(method, request, { user, ttlMs }) ->
 *   Promise<{ result, cache: { hit, key, created_at, expires_at } }>.
 * Errors are thrown as by call() and never cached; a storage fault never fails the call.
 * Returns the hook the engine calls after every call that changes the models.
 * @param {{methods: {name: string, deterministic: boolean, persists?: boolean}[], version: string,
 *          config: object, today: () => string}} context from the engine's own info()
 */
export function attachCachedCall(engine, store, { methods, version, config, today }) {
  const readsModels = new Set(methods.filter((m) => !m.deterministic && !m.persists && m.name.startsWith('savings.')).map((m) => m.name));
  const cacheable = new Set([...methods.filter((m) => m.deterministic).map((m) => m.name), ...readsModels]);
  const engineConfig = canonicalJson(config);
  let registryHash = null;  // recomputed after each call that changes the models
  const iso = (ms) => new Date(ms).toISOString();

  engine.cachedCall = async (method, request = {}, { user = 'default', ttlMs } = {}) => {
    let input = request;
    if (typeof request === 'string') {
      try {
        input = JSON.parse(request);
      } catch {
        input = undefined;  // not JSON: the engine says so below
      }
    }
    const canonical = cacheable.has(method) && input !== undefined ? canonicalJson(input) : null;
    if (canonical === null) {
      // Not cacheable, or not exact JSON (the engine then throws its own error).
      return { result: engine.call(method, request), cache: { hit: false, key: null, reason: 'not cacheable' } };
    }
    const parts = [version, engineConfig, method, today(), canonical];
    if (readsModels.has(method)) {
      registryHash ??= await sha256Hex(canonicalJson(engine.call('savings.export', {})));
      parts.push(registryHash);
    }
    const key = await sha256Hex(parts.join('\n'));
    const hit = await store.cache.get(user, method, key);
    if (hit) return { result: hit.result, cache: { hit: true, key, created_at: iso(hit.created_at), expires_at: iso(hit.expires_at) } };
    const result = engine.call(method, request);
    const entry = await store.cache.put(user, method, key, result, { ttlMs, engine: version });
    return { result, cache: { hit: false, key, created_at: iso(entry.created_at), expires_at: iso(entry.expires_at) } };
  };
  return () => { registryHash = null; };
}
