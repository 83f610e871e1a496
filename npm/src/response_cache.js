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

// Longer key texts are hashed even in the handler's own map.
const MAX_OWN_KEY_TEXT = 4096;
// The handler's own cache holds at most this many bytes of keys and answers (strings counted at
// 2 bytes a character, as V8 may hold them), so it fits an isolate's memory (128 MB on Workers)
// whatever the answers' sizes; an answer over a tenth of it is not kept at all.
const OWN_CACHE_BYTES = 16 * 1024 * 1024;

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
  const own = new Lru(1000, OWN_CACHE_BYTES);
  return {
    keyOf: (tenant, keyText) => (keyText.length <= MAX_OWN_KEY_TEXT ? `${tenant}/${keyText}` : sha256Hex(keyText).then((h) => `${tenant}/${h}`)),
    read: (key) => own.get(key),
    write: (key, body, ttl) => own.set(key, body, ttl),
  };
}

// Least recently used first in the Map's order; synchronous: the handler's own cache, and
// MemoryResponseCache behind its promises. Bounded by entries and by bytes; an expired entry is
// dropped when read, and the oldest ones are swept on every write, so entries nobody asks for
// again do not stay past their time.
class Lru {
  #map = new Map();
  #maxEntries;
  #maxBytes;
  #bytes = 0;
  constructor(maxEntries, maxBytes = Infinity) {
    this.#maxEntries = maxEntries;
    this.#maxBytes = maxBytes;
  }
  get(key) {
    const e = this.#map.get(key);
    if (!e) return undefined;
    this.#remove(key, e);
    if (e.expires <= Date.now()) return undefined;
    this.#add(key, e);
    return e.text;
  }
  set(key, text, ttlSeconds) {
    const old = this.#map.get(key);
    if (old) this.#remove(key, old);
    const entry = { text, expires: Date.now() + ttlSeconds * 1000, bytes: 2 * (key.length + text.length) };
    if (entry.bytes > this.#maxBytes / 10) return;  // one answer may not push out a tenth of the rest
    this.#sweep(entry.expires - ttlSeconds * 1000);
    while (this.#map.size && (this.#map.size >= this.#maxEntries || this.#bytes + entry.bytes > this.#maxBytes)) {
      const [oldestKey, oldest] = this.#map.entries().next().value;
      this.#remove(oldestKey, oldest);
    }
    this.#add(key, entry);
  }
  delete(key) {
    const e = this.#map.get(key);
    if (e) this.#remove(key, e);
  }
  // Expired entries from the least recently used end, up to the first one still live (a few at a
  // time: each write pays for at most what it finds expired).
  #sweep(now) {
    for (const [key, e] of this.#map) {
      if (e.expires > now) break;
      this.#remove(key, e);
    }
  }
  #add(key, e) { this.#map.set(key, e); this.#bytes += e.bytes; }
  #remove(key, e) { this.#map.delete(key); this.#bytes -= e.bytes; }
}

/** Per-isolate LRU with expiry, at most `maxEntries` answers and `maxBytes` bytes (2 a character). */
export class MemoryResponseCache {
  #lru;
  constructor({ maxEntries = 1000, maxBytes = OWN_CACHE_BYTES } = {}) { this.#lru = new Lru(maxEntries, maxBytes); }
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
