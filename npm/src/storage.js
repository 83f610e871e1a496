// SPDX-License-Identifier: MIT
// The storage interface the engine persists through. One shape for every runtime:
//
//   interface StorageAdapter {
//     get(key: string): Promise<string | undefined>;
//     set(key: string, value: string): Promise<void>;
//     delete(key: string): Promise<void>;
//   }
//
// MemoryStorage is the in-memory adapter (Workers and Deno isolates, tests). Workers KV and Deno KV
// fit the same shape: `{ get: (k) => kv.get(k), set: (k, v) => kv.put(k, v), delete: (k) => kv.delete(k) }`
// for KV; `{ get: async (k) => (await kv.get([k])).value ?? undefined, set: (k, v) => kv.set([k], v), ... }`
// for Deno KV. IndexedDB and file-backed adapters come with the storage issue.

export class MemoryStorage {
  #map = new Map();
  async get(key) { return this.#map.get(key); }
  async set(key, value) { this.#map.set(key, String(value)); }
  async delete(key) { this.#map.delete(key); }
}

/** The key the model registry snapshot is stored under. */
export const REGISTRY_KEY = 'nestegg/registry';
