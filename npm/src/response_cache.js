// SPDX-License-Identifier: MIT
// Response cache for the edge handler's deterministic methods.
//
// A host's backend (shared by isolates, stored, written by others) is keyed by requestKey()
// (request_key.js: the prediction cache's key, so both agree on what the same request is, key
// order aside), and each entry carries the SHA-256 of its body and its own key; one that is
// truncated, altered or filed under the wrong key is deleted and recomputed, never served.
//
// The handler's own cache, a map nothing outside the isolate can reach, is made for what it costs
// on the request path, since most requests it sees are never repeated:
// - A request is kept from its second sighting in the isolate ("cache on second hit", as Akamai's
//   servers do: most objects a CDN sees are requested once, Maggs & Sitaraman, "Algorithmic
//   nuggets in content delivery", CCR 2015). A first sighting leaves only a 32-bit mark in a
//   fixed table; keeping every answer cost Deno's garbage collector some 10 µs a request, more
//   than computing a goals.timeline.
// - Its key is the request's exact text under the tenant, method and day (version and config are
//   the isolate's own, and never change in it): no parse, no sort, no hash per request. The same
//   request sent with its keys in another order is another entry, never a wrong answer.
import { requestKeyText, sha256Hex } from './request_key.js';

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

// Longer key texts are hashed even in the handler's own map (V8 hashes at most the first 16 383
// characters of a string: long keys alike there would all compare in one bucket).
const MAX_OWN_KEY_TEXT = 4096;
// The handler's own cache holds at most this many bytes of keys and answers (strings counted at
// 2 bytes a character, as V8 may hold them), so it fits an isolate's memory (128 MB on Workers)
// whatever the answers' sizes; an answer over a tenth of it is not kept at all.
const OWN_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * The handler's view of its cache:
 * - `lookup(tenant, method, today, body)`: null when the request cannot be cached (a host's
 *   backend keys only exact JSON: `bypass`); else `{ key, hit }`, `hit` the answer or undefined,
 *   `key` where to write a computed answer, null when it is not to be kept (a first sighting).
 *   A promise of it for a host's backend (a failed read is a miss).
 * - `write(key, body, ttlSeconds)`: undefined, or a promise for a host's backend.
 * @param hostBackend get/set/delete (MemoryResponseCache, CacheApiResponseCache, KvResponseCache
 *   or the host's own), or nothing for the handler's own
 * @param parts `{ version, configText }`: the engine's, for a host backend's keys
 */
export function responseCacheView(hostBackend, { version, configText }) {
  if (hostBackend) {
    return {
      async lookup(tenant, method, today, body) {
        const text = requestKeyText({ method, request: body, version, configText, today });
        if (text === null) return null;
        const key = `${tenant}/${await sha256Hex(text)}`;
        return { key, hit: await readEntry(hostBackend, key).catch(() => undefined) };
      },
      write: (key, body, ttl) => writeEntry(hostBackend, key, body, ttl),
    };
  }
  const own = new Lru(1000, OWN_CACHE_BYTES);
  const seen = new SightingTable(1 << 14);
  return {
    lookup(tenant, method, today, body) {
      if (!seen.sighted(tenant, method, today, body)) return { key: null, hit: undefined };
      const text = `${tenant}\n${method}\n${today}\n${body}`;
      if (text.length > MAX_OWN_KEY_TEXT) return sha256Hex(text).then((key) => ({ key, hit: own.get(key) }));
      return { key: text, hit: own.get(text) };
    },
    write: (key, body, ttl) => own.set(key, body, ttl),
  };
}

// Whether a request was seen before: a table of 32-bit marks (FNV-1a, seeded per isolate so that
// no caller can aim collisions), one per slot. A collision or an overwritten slot costs one more
// miss, never a wrong answer: the answer itself is found only under its whole key. A body past
// the longest key text kept as it is (4 KiB) is marked by its length, head and tail, so marking
// costs the same whatever its size (two such bodies alike there are kept from their first
// sighting: a cost in memory, never a wrong answer).
class SightingTable {
  #marks;
  #mask;
  #seed = crypto.getRandomValues(new Uint32Array(1))[0];
  constructor(slots) {
    this.#marks = new Int32Array(slots);
    this.#mask = slots - 1;
  }
  sighted(...parts) {
    let h = this.#seed ^ 0x811c9dc5;
    for (const part of parts) {
      const n = part.length;
      if (n <= MAX_OWN_KEY_TEXT) {
        for (let i = 0; i < n; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193);
      } else {
        for (let i = 0; i < 2048; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193);
        for (let i = n - 2048; i < n; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193);
      }
      h = Math.imul(h ^ n ^ 0x0a, 0x01000193);  // the length ends each part: ("ab","c") is not ("a","bc")
    }
    const mark = h | 1;  // never 0, the empty slot
    const slot = (h >>> 16 ^ h) & this.#mask;
    if (this.#marks[slot] === mark) return true;
    this.#marks[slot] = mark;
    return false;
  }
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
    const now = Date.now();
    const entry = { text, expires: now + ttlSeconds * 1000, bytes: 2 * (key.length + text.length) };
    if (entry.bytes > this.#maxBytes / 10) return;  // one answer may not push out a tenth of the rest
    this.#sweep(now);
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
