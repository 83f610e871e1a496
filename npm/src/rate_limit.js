// SPDX-License-Identifier: MIT
// Token buckets for the edge handler: `ratePerMinute` tokens a minute, up to `burst` saved.
//
// A store has one method, `take(key, { ratePerMinute, burst, now })`, answering
// `{ allowed, retryAfterSeconds, remaining }` or a promise of it (MemoryRateLimiter answers at
// once: an await per request costs Deno some µs of a request's few tens).
// MemoryRateLimiter limits per isolate (each Worker isolate or Deno process counts alone); KvRateLimiter shares buckets through any KV with async
// get/put of strings (Workers KV, Deno KV wrapped the same way, a Durable Object's storage). KV is
// eventually consistent and has no compare-and-set, so a shared bucket can let a few extra
// requests through under contention: a limit against abuse, not an exact quota.
// Cloudflare's own machinery counts exactly where KV approximates:
//   RateLimitBindingLimiter   the Workers rate-limiting binding: one count across every isolate of
//                             a Cloudflare location (its limit and period are the binding's, set
//                             in wrangler.toml; period 10 or 60 s)
//   DurableObjectRateLimiter  a Durable Object per key (RateLimiterDurableObject, exported for the
//                             Worker to declare): one exact token bucket across isolates and
//                             locations, since a Durable Object runs in one place, one request at
//                             a time.

// The bucket, refilled to `now` in place (it is the caller's own: a map's entry, a parsed copy).
function refill(bucket, { ratePerMinute, burst, now }) {
  const elapsed = Math.max(0, now - bucket.at) / 60000;
  bucket.tokens = Math.min(burst, bucket.tokens + elapsed * ratePerMinute);
  bucket.at = now;
  return bucket;
}

function decide(bucket, limits) {
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(bucket.tokens) };
  }
  const wait = ((1 - bucket.tokens) / limits.ratePerMinute) * 60;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)), remaining: 0 };
}

export class MemoryRateLimiter {
  #buckets = new Map();
  #maxKeys;
  constructor({ maxKeys = 10000 } = {}) { this.#maxKeys = maxKeys; }
  take(key, limits) {
    const bucket = refill(this.#buckets.get(key) ?? { tokens: limits.burst, at: limits.now }, limits);
    this.#buckets.delete(key);  // re-insert: Map order becomes least-recently-used first
    if (this.#buckets.size >= this.#maxKeys) this.#buckets.delete(this.#buckets.keys().next().value);
    const verdict = decide(bucket, limits);
    this.#buckets.set(key, bucket);
    return verdict;
  }
}

export class KvRateLimiter {
  #kv;
  #prefix;
  /** @param kv `{ get(key): Promise<string|null|undefined>, put(key, value, { expirationTtl }) }` */
  constructor(kv, { prefix = 'nestegg/rate/' } = {}) {
    this.#kv = kv;
    this.#prefix = prefix;
  }
  async take(key, limits) {
    let bucket = { tokens: limits.burst, at: limits.now };
    try {
      const stored = JSON.parse((await this.#kv.get(this.#prefix + key)) ?? 'null');
      if (stored && Number.isFinite(stored.tokens) && Number.isFinite(stored.at)) bucket = stored;
    } catch {
      // A corrupt bucket starts full again: never refuse a client because of our own bad data.
    }
    bucket = refill(bucket, limits);
    const verdict = decide(bucket, limits);
    // Workers KV wants a TTL of at least 60 s; a bucket idle that long is full again anyway.
    await this.#kv.put(this.#prefix + key, JSON.stringify(bucket), { expirationTtl: 120 });
    return verdict;
  }
}

/** The Workers rate-limiting binding (`[[ratelimits]]` in wrangler.toml): `env.LIMITER.limit({ key })`. */
export class RateLimitBindingLimiter {
  #binding;
  #periodSeconds;
  /** @param binding the binding; `periodSeconds`: its period (10 or 60), for Retry-After */
  constructor(binding, { periodSeconds = 60 } = {}) {
    this.#binding = binding;
    this.#periodSeconds = periodSeconds;
  }
  async take(key) {
    const { success } = await this.#binding.limit({ key });
    return success ? { allowed: true, retryAfterSeconds: 0, remaining: null } : { allowed: false, retryAfterSeconds: this.#periodSeconds, remaining: 0 };
  }
}

/**
 * A token bucket per key in a Durable Object: `new DurableObjectRateLimiter(env.RATE_LIMITER)`,
 * with `export { RateLimiterDurableObject } from 'nestegg'` in the Worker and a durable_objects
 * binding of that class. The bucket is kept in the object's storage, so an evicted object resumes
 * with it.
 */
export class DurableObjectRateLimiter {
  #namespace;
  constructor(namespace) { this.#namespace = namespace; }
  async take(key, limits) {
    const stub = this.#namespace.get(this.#namespace.idFromName(key));
    const res = await stub.fetch('https://rate-limiter.invalid/take', { method: 'POST', body: JSON.stringify({ limits }) });
    if (!res.ok) throw new Error(`rate limiter answered ${res.status}`);
    return res.json();
  }
}

/** The Durable Object class behind DurableObjectRateLimiter: one bucket, the object's own. */
export class RateLimiterDurableObject {
  #storage;
  #bucket = null;
  constructor(state) { this.#storage = state.storage; }
  async fetch(request) {
    const { limits } = await request.json();
    // The Durable Object's own clock, not the caller's: isolates elsewhere may disagree.
    const now = Date.now();
    const saved = this.#bucket ?? (await this.#storage.get('bucket')) ?? { tokens: limits.burst, at: now };
    const bucket = refill(saved, { ...limits, now });
    const verdict = decide(bucket, limits);
    this.#bucket = bucket;
    await this.#storage.put('bucket', bucket);
    return Response.json(verdict);
  }
}
