// SPDX-License-Identifier: MIT
// The storage interface everything the package keeps goes through (the store of goals, models,
// cache and history; the model registry snapshot). One shape for every runtime:
//
//   interface StorageAdapter {
//     get(key: string): Promise<string | undefined>;
//     set(key: string, value: string): Promise<void>;     // resolves once durable, rejects otherwise
//     delete(key: string): Promise<void>;
//     keys?(prefix: string): Promise<string[]>;            // needed by openStore (listing, migrations)
//     entries?(prefix: string): Promise<[string, string][]>; // optional: a listing in one read
//     batch?(ops: {key, value?}[]): Promise<void>;          // optional: several writes, atomically
//     lockName?: string;  // optional: the same for every adapter over the same data; openStore
//                         // then orders upgrades and read-modify-writes across tabs (Web Locks)
//   }
//
// Adapters: MemoryStorage (here), IndexedDBStorage (browsers, storage_idb.js), FileStorage (Node,
// storage_file.js), WorkersKvStorage and DenoKvStorage (below) for edge platforms.

/**
 * The text at `key` read again, for a record whose first read did not open: what is set aside, or
 * taken for gone, must be what is stored, and a read can return what is not (a torn read, a faulty
 * layer). A read of nothing is made once more, since one empty read is no proof of a delete (taken
 * for one, a profile.update wrote over the profile); undefined when both found nothing. `get`
 * throws on a fault; `toText` is how the caller reads a stored value as text (the value itself by
 * default). ResilientStorage.entries and the registry's listing read a listed key that reads as
 * nothing through it too: one empty read let a save write over the record.
 */
export async function readAgain(get, key, toText = (value) => value) {
  const absent = (text) => text === undefined || text === null;
  let text = toText(await get(key));
  if (absent(text)) text = toText(await get(key));
  return absent(text) ? undefined : text;
}

export class MemoryStorage {
  #map = new Map();
  async get(key) { return this.#map.get(key); }
  async set(key, value) { this.#map.set(key, String(value)); }
  async delete(key) { this.#map.delete(key); }
  async keys(prefix = '') { return [...this.#map.keys()].filter((k) => k.startsWith(prefix)).sort(); }
  async entries(prefix = '') { return (await this.keys(prefix)).map((k) => [k, this.#map.get(k)]); }
}

/**
 * Cloudflare Workers KV (a namespace binding). KV is eventually consistent across locations and
 * limits writes to one per second per key: fine for a cache and a registry snapshot, not a ledger.
 */
export class WorkersKvStorage {
  #kv;
  constructor(namespace) { this.#kv = namespace; }
  async get(key) { return (await this.#kv.get(key)) ?? undefined; }
  async set(key, value) { await this.#kv.put(key, String(value)); }
  async delete(key) { await this.#kv.delete(key); }
  async keys(prefix = '') {
    const out = [];
    let cursor;
    do {
      const page = await this.#kv.list({ prefix, cursor });
      out.push(...page.keys.map((k) => k.name));
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    return out.sort();
  }
}

/** Deno KV (`await Deno.openKv()`): keys are stored as one-part key arrays `[key]`. */
export class DenoKvStorage {
  #kv;
  constructor(kv) { this.#kv = kv; }
  async get(key) { return (await this.#kv.get([key])).value ?? undefined; }
  async set(key, value) {
    const result = await this.#kv.set([key], String(value));
    if (!result.ok) throw new Error(`Deno KV refused the write of ${key}`);
  }
  async delete(key) { await this.#kv.delete([key]); }
  async keys(prefix = '') {
    // Deno KV lists by key-part prefix, not string prefix: a range over the one part does it.
    const out = [];
    for await (const entry of this.#kv.list({ start: [prefix], end: [`${prefix}\uffff`] })) out.push(entry.key[0]);
    return out.sort();
  }
}

/**
 * One namespace of an adapter: every key is stored under `prefix` (the edge handler keeps each API
 * key's models in its own, `nestegg/tenant/<id>/`). keys, entries and batch exist when the inner
 * adapter has them.
 */
export class PrefixedStorage {
  #inner;
  #prefix;
  constructor(inner, prefix) {
    this.#inner = inner;
    this.#prefix = prefix;
    const strip = (k) => k.slice(prefix.length);
    if (inner.keys) this.keys = async (p = '') => (await inner.keys(prefix + p)).map(strip);
    if (inner.entries) this.entries = async (p = '') => (await inner.entries(prefix + p)).map(([k, v]) => [strip(k), v]);
    if (inner.batch) this.batch = (ops) => inner.batch(ops.map((op) => ({ ...op, key: prefix + op.key })));
  }
  get prefix() { return this.#prefix; }
  get(key) { return this.#inner.get(this.#prefix + key); }
  set(key, value) { return this.#inner.set(this.#prefix + key, value); }
  delete(key) { return this.#inner.delete(this.#prefix + key); }
}

/** The key the model registry snapshot is stored under. */
export const REGISTRY_KEY = 'nestegg/registry';
