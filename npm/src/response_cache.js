// SPDX-License-Identifier: MIT
// Response cache for the edge handler's deterministic methods, keyed by requestKey()
// (request_key.js: the prediction cache's key, so both caches agree on what the same request is).
// The handler's own cache keys by the text requestKey hashes, when it is short: the same request
// is the same text, and a map hashes its keys anyway (a SHA-256 per request costs more).
//
// Backends share one shape: `get(key) -> Promise<string | undefined>`, `set(key, text, ttlSeconds)`,
// `delete(key)`. In a backend the host passes (it may be shared, stored, written by others), each
// entry carries the SHA-256 of its body and its own key; one that is truncated, altered or filed
// under the wrong key is deleted and recomputed, never served. The handler's own cache, a map
// nothing outside the isolate can reach, keeps the bodies as they are: no hashing per request.
import { sha256Hex } from './request_key.js';

async function readEntry(store, key) {
  const text = await store.get(key);
  if (text === undefined || text === null) return undefined;
  try {
    const entry = JSON.parse(text);
    if (entry.key === key && typeof entry.body === 'string' && entry.sha256 === (await sha256Hex(entry.body))) return entry.body;
  } catch {
    // fall through: corrupt
  }
  await store.delete(key);
  return undefined;
}

async function writeEntry(store, key, body, ttlSeconds) {
  await store.set(key, JSON.stringify({ key, sha256: await sha256Hex(body), body }), ttlSeconds);
}

// Longer key texts are hashed even in the handler's own map: 1000 entries keep at most 4 MB of keys.
const MAX_OWN_KEY_TEXT = 4096;

/**
 * The handler's view of its cache: `keyOf(tenant, keyText) -> key` (keyText from
 * requestKeyText), `read(key) -> body | undefined`, `write(key, body, ttlSeconds)`. A host's
 * backend is keyed `<tenant>/<requestKey>` and read and written through checksummed entries, each
 * answer a promise. Without one, an LRU of the handler's own holds the bodies and answers at once
 * (a long key text's hash aside): a promise and an await per step cost Deno ~15 µs a request.
 */
export function responseCacheView(hostBackend) {
  if (hostBackend) {
    return {
      keyOf: async (tenant, keyText) => `${tenant}/${await sha256Hex(keyText)}`,
      read: (key) => readEntry(hostBackend, key),
      write: (key, body, ttl) => writeEntry(hostBackend, key, body, ttl),
    };
  }
  const own = new Lru(1000);
  return {
    keyOf: (tenant, keyText) => (keyText.length <= MAX_OWN_KEY_TEXT ? `${tenant}/${keyText}` : sha256Hex(keyText).then((h) => `${tenant}/${h}`)),
    read: (key) => own.get(key),
    write: (key, body, ttl) => own.set(key, body, ttl),
  };
}

// Least recently used first in the Map's order; synchronous: the handler's own cache, and
// MemoryResponseCache behind its promises.
class Lru {
  #map = new Map();
  #maxEntries;
  constructor(maxEntries) { this.#maxEntries = maxEntries; }
  get(key) {
    const e = this.#map.get(key);
    if (!e) return undefined;
    this.#map.delete(key);
    if (e.expires <= Date.now()) return undefined;
    this.#map.set(key, e);
    return e.text;
  }
  set(key, text, ttlSeconds) {
    this.#map.delete(key);
    if (this.#map.size >= this.#maxEntries) this.#map.delete(this.#map.keys().next().value);
    this.#map.set(key, { text, expires: Date.now() + ttlSeconds * 1000 });
  }
  delete(key) { this.#map.delete(key); }
}

/** Per-isolate LRU with expiry. */
export class MemoryResponseCache {
  #lru;
  constructor({ maxEntries = 1000 } = {}) { this.#lru = new Lru(maxEntries); }
  async get(key) { return this.#lru.get(key); }
  async set(key, text, ttlSeconds) { this.#lru.set(key, text, ttlSeconds); }
  async delete(key) { this.#lru.delete(key); }
}

/** The Cache API (`caches.default` on Workers; `await caches.open(name)` in Deno and browsers). */
export class CacheApiResponseCache {
  #cache;
  constructor(cache) { this.#cache = cache; }
  #url(key) { return `https://nestegg-cache.invalid/${key}`; }
  async get(key) {
    const r = await this.#cache.match(this.#url(key));
    return r ? r.text() : undefined;
  }
  async set(key, text, ttlSeconds) {
    await this.#cache.put(this.#url(key), new Response(text, { headers: { 'cache-control': `max-age=${ttlSeconds}` } }));
  }
  async delete(key) { await this.#cache.delete(this.#url(key)); }
}

/** Workers KV (or anything with get/put/delete of strings and an expirationTtl option). */
export class KvResponseCache {
  #kv;
  constructor(kv) { this.#kv = kv; }
  async get(key) { return (await this.#kv.get(`nestegg/cache/${key}`)) ?? undefined; }
  async set(key, text, ttlSeconds) { await this.#kv.put(`nestegg/cache/${key}`, text, { expirationTtl: Math.max(60, ttlSeconds) }); }
  async delete(key) { await this.#kv.delete(`nestegg/cache/${key}`); }
}
