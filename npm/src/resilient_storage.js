// SPDX-License-Identifier: MIT
// A StorageAdapter in front of another that never lets a storage fault reach the caller.
// A write that fails (quota, a closed database, a full disk, no storage at all) is kept in memory,
// served to later reads and retried; the adapter's previous value is untouched because every
// adapter writes atomically. Faults are reported through status() and onStatus, not thrown.
//
// Writes of one key are serialised: each waits for the one before it, and stores the latest value
// made for its key when its turn comes (a write overtaken by a newer one stores the newer), so a
// slow earlier write never lands over a later one, and flush() never writes a stale value.
// Reads report a fault as "nothing stored" only to callers that can afford it (the store's
// records); `strict` reads throw it, for callers that would write over what they could not read
// (the store's open and migrations, the model registry: strictView()).
import { describeError } from './errors.js';
import { readAgain } from './storage.js';

const RETRY_AFTER_MS = 5000;
const NOTHING = Symbol('nothing');

export class ResilientStorage {
  #inner;
  #pending = new Map();       // key -> value, or undefined for a delete not yet stored
  // A delete of a batch -> the keys that batch writes: it is retried only once they are stored
  // (a migration's writes come before the removal of what they replace).
  #deleteAfter = new Map();
  #status;
  #onStatus;
  #lastTry = 0;
  #readOnly = false;
  #chains = new Map();        // key -> the last queued write of that key (settles, never rejects)
  #reopen = null;

  /**
   * @param {object|null} inner the adapter, or null when the runtime has none (memory only)
   * @param {{name?: string, onStatus?: Function, reason?: string}} options
   */
  constructor(inner, { name, onStatus, reason } = {}) {
    this.#inner = inner;
    this.#onStatus = onStatus;
    this.#status = {
      adapter: name ?? (inner ? inner.constructor?.name ?? 'custom' : 'none'),
      persistent: Boolean(inner),
      degraded: !inner,
      lastError: inner ? null : { name: 'NotSupportedError', message: reason ?? 'no storage: kept in memory for this session', at: new Date().toISOString() },
    };
  }

  status() { return { ...this.#status, readOnly: this.#readOnly, pendingWrites: this.#pending.size }; }

  /**
   * Stops writes to the adapter (a store written by a newer schema, or one that could not be
   * read); reads continue. With `reopen` (an async function resolving to true once it is safe to
   * write: the store read again), flush() and a write after 5 s try it, and writes resume.
   */
  setReadOnly(reason, reopen = null) {
    this.#readOnly = true;
    this.#reopen = reopen;
    this.#fault({ name: 'ReadOnlyError', message: reason });
  }

  // Tries the reopen of a store made read-only by a fault; true once writes are allowed again.
  async #tryReopen() {
    const reopen = this.#reopen;
    if (!this.#readOnly || !reopen) return !this.#readOnly;
    this.#reopen = null;  // one attempt at a time
    let ok = false;
    try {
      ok = await reopen();
    } catch (e) {
      this.#fault(e);
    }
    if (ok) this.#readOnly = false;
    else this.#reopen ??= reopen;
    return ok;
  }

  /** Reports a fault the caller found in what it read (two reads of one record that disagree). */
  noteFault(error) { this.#fault(error); }

  #fault(error) {
    this.#status.degraded = true;
    const { name, message } = describeError(error);
    // A full disk (Node's ENOSPC, a quota's EDQUOT: a plain Error by name) is the quota a browser
    // names QuotaExceededError, and is reported so: the cache makes room on it the same way.
    const quota = error?.code === 'ENOSPC' || error?.code === 'EDQUOT';
    this.#status.lastError = { name: quota ? 'QuotaExceededError' : name, message, at: new Date().toISOString() };
    this.#onStatus?.(this.status());
  }

  #recovered() {
    if (!this.#status.degraded || !this.#inner || this.#readOnly || this.#pending.size) return;
    this.#status.degraded = false;
    this.#onStatus?.(this.status());
  }

  /**
   * The value, or undefined when none is stored. A read fault is reported and taken as undefined,
   * or thrown with `{ strict: true }`.
   */
  async get(key, { strict = false } = {}) {
    if (this.#pending.has(key)) return this.#pending.get(key);
    if (!this.#inner) return undefined;
    try {
      return await this.#inner.get(key);
    } catch (e) {
      this.#fault(e);
      if (strict) throw e;
      return undefined;
    }
  }

  async keys(prefix = '', { strict = false } = {}) {
    let stored = [];
    if (this.#inner?.keys) {
      try {
        stored = await this.#inner.keys(prefix);
      } catch (e) {
        this.#fault(e);
        if (strict) throw e;
      }
    }
    const all = new Set(stored);
    for (const [key, value] of this.#pending) {
      if (!key.startsWith(prefix)) continue;
      if (value === undefined) all.delete(key);
      else all.add(key);
    }
    return [...all].sort();
  }

  /** [key, value] pairs under a prefix, sorted: one read where the adapter has entries(). */
  async entries(prefix = '', { strict = false } = {}) {
    let stored = null;
    if (this.#inner?.entries) {
      try {
        stored = new Map(await this.#inner.entries(prefix));
      } catch (e) {
        this.#fault(e);
        if (strict) throw e;
      }
    }
    if (!stored) {
      const out = [];
      for (const key of await this.keys(prefix, { strict })) {
        const value = await readAgain((k) => this.get(k, { strict }), key);  // listed but read as nothing: once more
        if (value !== undefined) out.push([key, value]);
      }
      return out;
    }
    for (const [key, value] of this.#pending) {
      if (!key.startsWith(prefix)) continue;
      if (value === undefined) stored.delete(key);
      else stored.set(key, value);
    }
    return [...stored].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * Resolves to true once stored, false when kept in memory instead. A `disposable` value
   * (derived data: a cache entry) is not kept when the write fails, so a long session over
   * quota does not fill memory with answers it can recompute.
   */
  set(key, value, { disposable = false } = {}) { return this.#write(key, String(value), disposable); }

  delete(key) { return this.#write(key, undefined); }

  /**
   * This storage with strict reads (a fault is thrown, never taken for "nothing stored") and the
   * same resilient writes: what the model registry is kept through.
   */
  strictView() {
    return {
      get: (key) => this.get(key, { strict: true }),
      keys: (prefix) => this.keys(prefix, { strict: true }),
      entries: (prefix) => this.entries(prefix, { strict: true }),
      set: (key, value) => this.set(key, value),
      delete: (key) => this.delete(key),
      batch: (operations) => this.batch(operations),
      flush: () => this.flush(),
      status: () => this.status(),
    };
  }

  /** Several writes in one transaction where the adapter can (IndexedDB), else in order. */
  async batch(operations) {
    const values = operations.map((op) => (op.value === undefined ? undefined : String(op.value)));
    operations.forEach((op, i) => this.#pending.set(op.key, values[i]));
    const written = operations.filter((op, i) => values[i] !== undefined).map((op) => op.key);
    operations.forEach((op, i) => values[i] === undefined && written.length && this.#deleteAfter.set(op.key, written));
    if (!this.#writable()) return false;
    // After every earlier write of these keys; later writes of them wait for this one.
    return this.#serialise(operations.map((op) => op.key), async () => {
      try {
        if (this.#inner.batch) await this.#inner.batch(operations.map((op, i) => ({ key: op.key, value: values[i] })));
        else for (const [i, op] of operations.entries()) await this.#store(op.key, values[i]);
      } catch (e) {
        this.#fault(e);
        return false;
      }
      operations.forEach((op, i) => this.#settle(op.key, values[i]));
      this.#recovered();
      return true;
    });
  }

  async #write(key, value, disposable = false) {
    this.#pending.set(key, value);
    if (this.#readOnly && this.#reopen && Date.now() - this.#lastTry > RETRY_AFTER_MS) {
      // Read the store again; when that works, the others kept meanwhile are retried but not
      // waited for (one that never answers would hold this caller), and this one is written below.
      this.#lastTry = Date.now();
      if (await this.#tryReopen()) this.flush().catch(() => {});
    }
    if (!this.#writable()) {
      if (disposable && this.#inner) this.#settle(key, value);  // read-only: nothing to keep it for
      return false;
    }
    const stored = await this.#serialise([key], () => this.#storeLatest(key, disposable ? value : NOTHING));
    if (!stored) return false;
    // The others kept after a fault are retried, but not waited for: one of them whose write never
    // answers would hold this write's caller, and every later one's, for ever.
    if (this.#status.degraded && Date.now() - this.#lastTry > RETRY_AFTER_MS) this.flush().catch(() => {});
    this.#recovered();
    return true;
  }

  // Runs `job` once every earlier write of `keys` has settled; later writes of them wait for it.
  #serialise(keys, job) {
    const before = Promise.all(keys.map((k) => this.#chains.get(k)));
    const run = before.then(job);
    const settled = run.then(() => {}, () => {});
    for (const k of keys) this.#chains.set(k, settled);
    settled.then(() => {
      for (const k of keys) if (this.#chains.get(k) === settled) this.#chains.delete(k);
    });
    return run;
  }

  // Stores the latest value made for `key` (nothing when an earlier turn already stored it). A
  // failed disposable value is dropped, unless a newer write replaced it meanwhile.
  async #storeLatest(key, disposableValue = NOTHING) {
    if (!this.#pending.has(key)) return true;
    const value = this.#pending.get(key);
    try {
      await this.#store(key, value);
    } catch (e) {
      if (disposableValue !== NOTHING) this.#settle(key, disposableValue);
      this.#fault(e);
      return false;
    }
    this.#settle(key, value);
    return true;
  }

  #writable() { return Boolean(this.#inner) && !this.#readOnly; }

  #store(key, value) { return value === undefined ? this.#inner.delete(key) : this.#inner.set(key, value); }

  // A newer write of the same key may have started meanwhile: only drop what was stored.
  #settle(key, value) {
    if (this.#pending.has(key) && this.#pending.get(key) === value) {
      this.#pending.delete(key);
      this.#deleteAfter.delete(key);
    }
  }

  // A kept delete whose batch's writes are not all stored yet waits for them: on a full disk the
  // writes fail and the deletes would succeed, removing the old records before their replacements.
  #waits(key) {
    return this.#pending.get(key) === undefined && (this.#deleteAfter.get(key) ?? []).some((k) => this.#pending.has(k));
  }

  /** Retries every write kept in memory; resolves to the number still pending. */
  async flush() {
    this.#lastTry = Date.now();
    if (this.#inner && this.#readOnly) await this.#tryReopen();
    if (!this.#writable()) return this.#pending.size;
    // Every key is tried, each with the value latest when its turn comes (a write made meanwhile
    // is never undone), all at once: one write that can never land (a value over Deno KV's
    // 64 KiB), or never answers, must not keep the others from theirs. What fails stays pending
    // and is reported (status().lastError). A delete waits for the writes of its batch (#waits):
    // it is tried after them, in a second round.
    const round = (keys) => Promise.all(keys.filter((key) => !this.#waits(key))
      .map((key) => this.#serialise([key], () => this.#storeLatest(key))));
    const keys = [...this.#pending.keys()];
    const later = keys.filter((key) => this.#waits(key));
    await round(keys.filter((key) => !later.includes(key)));
    await round(later);
    this.#recovered();
    return this.#pending.size;
  }
}
