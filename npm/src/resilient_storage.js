// SPDX-License-Identifier: MIT
// A StorageAdapter in front of another that never lets a storage fault reach the caller.
// A write that fails (quota, a closed database, a full disk, no storage at all) is kept in memory,
// served to later reads and retried; the adapter's previous value is untouched because every
// adapter writes atomically. Faults are reported through status() and onStatus, not thrown.
import { describeError } from './errors.js';

const RETRY_AFTER_MS = 5000;

export class ResilientStorage {
  #inner;
  #pending = new Map();       // key -> value, or undefined for a delete not yet stored
  #status;
  #onStatus;
  #lastTry = 0;
  #readOnly = false;

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

  /** Stops writes to the adapter (a store written by a newer schema); reads continue. */
  setReadOnly(reason) {
    this.#readOnly = true;
    this.#fault({ name: 'ReadOnlyError', message: reason });
  }

  #fault(error) {
    this.#status.degraded = true;
    const { name, message } = describeError(error);
    this.#status.lastError = { name, message, at: new Date().toISOString() };
    this.#onStatus?.(this.status());
  }

  #recovered() {
    if (!this.#status.degraded || !this.#inner || this.#readOnly || this.#pending.size) return;
    this.#status.degraded = false;
    this.#onStatus?.(this.status());
  }

  async get(key) {
    if (this.#pending.has(key)) return this.#pending.get(key);
    if (!this.#inner) return undefined;
    try {
      return await this.#inner.get(key);
    } catch (e) {
      this.#fault(e);
      return undefined;
    }
  }

  async keys(prefix = '') {
    let stored = [];
    if (this.#inner?.keys) {
      try {
        stored = await this.#inner.keys(prefix);
      } catch (e) {
        this.#fault(e);
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
  async entries(prefix = '') {
    let stored = null;
    if (this.#inner?.entries) {
      try {
        stored = new Map(await this.#inner.entries(prefix));
      } catch (e) {
        this.#fault(e);
      }
    }
    if (!stored) {
      const out = [];
      for (const key of await this.keys(prefix)) {
        const value = await this.get(key);
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

  /** Several writes in one transaction where the adapter can (IndexedDB), else in order. */
  async batch(operations) {
    for (const op of operations) this.#pending.set(op.key, op.value === undefined ? undefined : String(op.value));
    if (!this.#writable()) return false;
    try {
      if (this.#inner.batch) await this.#inner.batch(operations);
      else for (const op of operations) await this.#store(op.key, op.value);
    } catch (e) {
      this.#fault(e);
      return false;
    }
    for (const op of operations) this.#settle(op.key, op.value === undefined ? undefined : String(op.value));
    this.#recovered();
    return true;
  }

  async #write(key, value, disposable = false) {
    this.#pending.set(key, value);
    if (!this.#writable()) {
      if (disposable && this.#inner) this.#settle(key, value);  // read-only: nothing to keep it for
      return false;
    }
    try {
      await this.#store(key, value);
    } catch (e) {
      if (disposable) this.#settle(key, value);
      this.#fault(e);
      return false;
    }
    this.#settle(key, value);
    if (this.#status.degraded && Date.now() - this.#lastTry > RETRY_AFTER_MS) await this.flush();
    this.#recovered();
    return true;
  }

  #writable() { return Boolean(this.#inner) && !this.#readOnly; }

  #store(key, value) { return value === undefined ? this.#inner.delete(key) : this.#inner.set(key, value); }

  // A newer write of the same key may have started meanwhile: only drop what was stored.
  #settle(key, value) {
    if (this.#pending.has(key) && this.#pending.get(key) === value) this.#pending.delete(key);
  }

  /** Retries every write kept in memory; resolves to the number still pending. */
  async flush() {
    this.#lastTry = Date.now();
    if (!this.#writable()) return this.#pending.size;
    for (const [key, value] of [...this.#pending]) {
      try {
        await this.#store(key, value);
        this.#settle(key, value);
      } catch (e) {
        this.#fault(e);
        break;
      }
    }
    this.#recovered();
    return this.#pending.size;
  }
}
