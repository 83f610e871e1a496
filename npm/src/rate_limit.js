// SPDX-License-Identifier: MIT
// Token buckets for the edge handler: `ratePerMinute` tokens a minute, up to `burst` saved.
//
// A store has one method, `take(key, { ratePerMinute, burst, now })`, resolving to
// `{ allowed, retryAfterSeconds, remaining }`. MemoryRateLimiter limits per isolate (each Worker
// isolate or Deno process counts alone); KvRateLimiter shares buckets through any KV with async
// get/put of strings (Workers KV, Deno KV wrapped the same way, a Durable Object's storage). KV is
// eventually consistent and has no compare-and-set, so a shared bucket can let a few extra
// requests through under contention: a limit against abuse, not an exact quota.

function refill(bucket, { ratePerMinute, burst, now }) {
  const elapsed = Math.max(0, now - bucket.at) / 60000;
  return { tokens: Math.min(burst, bucket.tokens + elapsed * ratePerMinute), at: now };
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
  async take(key, limits) {
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
