// SPDX-License-Identifier: MIT
// engine.cachedCall(): the prediction cache in front of the engine. The key is a SHA-256 over
// the engine version, the engine's config (it can change an answer: warnings, limits), the
// method, the engine's "today" (default dates depend on it), the model registry's content for
// methods that read it, and the request in canonical form (keys sorted), so any change to the
// input, the engine or a model misses the cache.

/** Methods whose answer is a function of the request (and, for savings.*, the models). */
export const CACHEABLE = new Set([
  'goals.timeline', 'goals.reverse_plan', 'goals.adjust', 'goals.simulate',
  'forecast.expenses', 'forecast.cashflow', 'savings.predict', 'savings.compare',
]);

/** JSON with object keys sorted at every depth: equal requests give equal text. */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export async function sha256Hex(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Adds engine.cachedCall(method, request, { user, ttlMs }) ->
 *   Promise<{ result, cache: { hit, key, created_at, expires_at } }>.
 * Errors are thrown as by call() and never cached; a storage fault never fails the call.
 * Returns the hook the engine calls after every call that changes the models.
 */
export function attachCachedCall(engine, store, { today, config = {} }) {
  let registryHash = null;  // recomputed after each call that changes the models
  const version = engine.info().version;
  const engineConfig = canonicalJson(config);
  engine.cachedCall = async (method, request = {}, { user = 'default', ttlMs } = {}) => {
    if (!CACHEABLE.has(method)) return { result: engine.call(method, request), cache: { hit: false, key: null, reason: 'not cacheable' } };
    let input = request;
    if (typeof request === 'string') {
      try {
        input = JSON.parse(request);
      } catch {
        return { result: engine.call(method, request), cache: { hit: false, key: null } };  // throws the engine's error
      }
    }
    const parts = [version, engineConfig, method, today(), canonicalJson(input)];
    if (method.startsWith('savings.')) {
      registryHash ??= await sha256Hex(canonicalJson(engine.call('savings.export', {})));
      parts.push(registryHash);
    }
    const key = await sha256Hex(JSON.stringify(parts));
    const hit = await store.cache.get(user, method, key);
    const iso = (ms) => new Date(ms).toISOString();
    if (hit) return { result: hit.result, cache: { hit: true, key, created_at: iso(hit.created_at), expires_at: iso(hit.expires_at) } };
    const result = engine.call(method, request);
    const entry = await store.cache.put(user, method, key, result, { ttlMs, engine: version });
    return { result, cache: { hit: false, key, created_at: iso(entry.created_at), expires_at: iso(entry.expires_at) } };
  };
  return () => { registryHash = null; };
}
