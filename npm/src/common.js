// SPDX-License-Identifier: MIT
// What every runtime entry exports besides its own createEngine / createHandler.
export { NesteggError } from './errors.js';
export { MemoryStorage, WorkersKvStorage, DenoKvStorage } from './storage.js';
export { IndexedDBStorage } from './storage_idb.js';
export { openStore } from './store.js';
export { SCHEMA_VERSION } from './store_schema.js';
export { canonicalJson } from './request_key.js';
export { MemoryRateLimiter, KvRateLimiter } from './rate_limit.js';
export { MemoryResponseCache, CacheApiResponseCache, KvResponseCache } from './response_cache.js';
export { readHttpConfig } from './http_config.js';
export { LEGACY_ROUTES } from './handler.js';
