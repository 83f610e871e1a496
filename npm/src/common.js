// SPDX-License-Identifier: MIT
// What every runtime entry exports besides its own createEngine / createHandler.
export { NesteggError } from './engine.js';
export { MemoryStorage } from './storage.js';
export { MemoryRateLimiter, KvRateLimiter } from './rate_limit.js';
export { MemoryResponseCache, CacheApiResponseCache, KvResponseCache } from './response_cache.js';
export { readHttpConfig } from './http_config.js';
export { LEGACY_ROUTES } from './handler.js';
