// SPDX-License-Identifier: MIT
// IndexedDB adapter on Emscripten's IDBStore: the JavaScript half of the emscripten_idb_async_*
// functions, exported from the glue (wasm/idbstore_export.js). Why IDBStore and not IDBFS is
// measured in README "Storage": IDBFS adds 13 KB of gzipped glue, loads the whole store into
// memory at start-up, and its syncfs() deletes records another tab wrote.
//
// The database is IDBStore's: one object store, FILE_DATA, one record per key. Its version is the
// store's: IDB_VERSION = 22 (the version IDBStore pins, which every earlier release opened) + the
// store's SCHEMA_VERSION, opened here with an `onupgradeneeded` that walks `oldVersion` up. A schema
// change therefore fires `versionchange` in every tab still open on the old layout (they close:
// see db.onversionchange below, which earlier releases have too), and such a tab cannot reopen (its
// version is lower: VersionError), so it never writes the old layout again. The connection is
// registered in IDBStore.dbs, so IDBStore's own calls (getFile, setFile) use it and never try its
// pinned 22. Transactions are watched here because IDBStore's setFile() reports success when the
// request succeeds, before the transaction commits, so a QuotaExceededError at commit would be
// lost. A write resolves only on `complete`.
import { SCHEMA_VERSION } from './store_schema.js';

const STORE = 'FILE_DATA';
const IDBSTORE_VERSION = 22;
/** The IndexedDB version of a store at SCHEMA_VERSION. */
export const IDB_VERSION = IDBSTORE_VERSION + SCHEMA_VERSION;

// Structural steps between database versions; the records themselves are migrated by the store
// (store_schema.js), which can run while other code reads them.
function upgrade(db, oldVersion) {
  switch (oldVersion) {
    case 0:  // new database
      db.createObjectStore(STORE);
      // falls through
    case IDBSTORE_VERSION:  // releases up to store schema 2: IDBStore's version
    case IDBSTORE_VERSION + 2:
      // Nothing structural: schema 3 splits the registry into records (store_schema.js).
      break;
    default:
      // A database made by something else at a lower version: make sure the store exists.
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
  }
}

function storageError(name, message) {
  const e = new Error(message);
  e.name = name;
  return e;
}

export class IndexedDBStorage {
  #idb;
  #name;
  #openTimeoutMs;
  #db = null;
  #opening = null;
  #blocked = false;

  /**
   * @param {object} idbStore the module's IDBStore (module.IDBStore)
   * @param {string} name database name
   * @param {{openTimeoutMs?: number}} options how long to wait for a database another tab blocks
   */
  constructor(idbStore, name = 'nestegg', { openTimeoutMs = 2000 } = {}) {
    if (!idbStore) throw storageError('NotSupportedError', 'this build of nestegg has no IDBStore');
    // The glue's IDBStore finds indexedDB as a global when it is used, and where there is none it
    // aborts every read and write with a build hint (Node): refused here, saying what to do.
    if (typeof indexedDB === 'undefined' && typeof globalThis.window?.indexedDB === 'undefined') {
      throw storageError('NotSupportedError', 'IndexedDB is not available in this runtime (in Node, use FileStorage, or import "fake-indexeddb/auto" first)');
    }
    this.#idb = idbStore;
    this.#name = name;
    this.#openTimeoutMs = openTimeoutMs;
  }

  get name() { return this.#name; }
  /** What every adapter over this database shares: the store orders its writes across tabs by it. */
  get lockName() { return `nestegg-idb:${this.#name}`; }

  // IDBStore.getDB never calls back while another tab keeps an older version open (`blocked`).
  // One open request is kept outstanding; callers wait for it at most openTimeoutMs, and once it
  // is known to be blocked they fail at once instead of waiting again. When the other tab lets
  // go, the outstanding open completes and every later operation uses it.
  #open() {
    if (this.#db) return Promise.resolve(this.#db);
    this.#opening ??= this.#startOpen();
    if (this.#blocked) return Promise.reject(this.#blockedError());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#blocked = true;
        reject(this.#blockedError());
      }, this.#openTimeoutMs);
      this.#opening.then((db) => { clearTimeout(timer); resolve(db); }, (e) => { clearTimeout(timer); reject(e); });
    });
  }

  #blockedError() {
    return storageError('UpgradeBlockedError', `IndexedDB "${this.#name}" is held open at an older version by another tab`);
  }

  // Opens at the store's version (see the top). While another tab holds an older version open,
  // the request waits (`blocked`) until it closes; #open bounds how long callers wait.
  #openRequest(callback) {
    const existing = this.#idb.dbs[this.#name];
    if (existing) return callback(null, existing);
    const request = this.#idb.indexedDB().open(this.#name, IDB_VERSION);
    request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion);
    request.onsuccess = () => {
      this.#idb.dbs[this.#name] = request.result;  // IDBStore's own calls use this connection
      callback(null, request.result);
    };
    request.onerror = (event) => {
      event.preventDefault?.();
      callback(request.error);
    };
  }

  #startOpen() {
    const opening = new Promise((resolve, reject) => {
      try {
        this.#openRequest((error, db) => {
          this.#opening = null;
          this.#blocked = false;
          if (error) return reject(typeof error === 'string' ? storageError('UnknownError', error) : error);
          // Close on another tab's upgrade instead of blocking it; the next operation reopens.
          // The browser may also close it (storage cleared): forget it then too.
          const forget = () => {
            if (this.#idb.dbs[this.#name] === db) delete this.#idb.dbs[this.#name];
            if (this.#db === db) this.#db = null;
          };
          db.onversionchange = () => {
            db.close();
            forget();
          };
          db.onclose = forget;
          this.#db = db;
          resolve(db);
        });
      } catch (e) {
        this.#opening = null;
        reject(e);
      }
    });
    opening.catch(() => {});  // each caller gets the rejection through #open
    return opening;
  }

  // Runs `fn(store)` in one transaction and settles on `complete` with what fn returned: a
  // request's result, or the value of a function (for several requests).
  async #transaction(mode, fn) {
    const db = await this.#open();
    return new Promise((resolve, reject) => {
      let tx;
      try {
        tx = db.transaction([STORE], mode);
      } catch (e) {
        this.#db = null;  // closed under us (versionchange, or the browser): reopen next time
        delete this.#idb.dbs[this.#name];
        reject(e);
        return;
      }
      let out;
      try {
        out = fn(tx.objectStore(STORE));
      } catch (e) {
        tx.abort();  // a write that throws (a bad key, say) must take the whole batch with it
        reject(e);
        return;
      }
      tx.oncomplete = () => resolve(typeof out === 'function' ? out() : out?.result);
      tx.onabort = () => reject(tx.error ?? storageError('AbortError', 'IndexedDB transaction aborted'));
      tx.onerror = (event) => event.preventDefault();  // reported once, by onabort
    });
  }

  async get(key) {
    const value = await this.#transaction('readonly', (store) => store.get(key));
    return value === undefined ? undefined : String(value);
  }

  set(key, value) { return this.#transaction('readwrite', (store) => store.put(String(value), key)); }

  delete(key) { return this.#transaction('readwrite', (store) => store.delete(key)); }

  async keys(prefix = '') {
    const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
    const keys = await this.#transaction('readonly', (store) => store.getAllKeys(range));
    return keys.map(String).sort();
  }

  /** [key, value] pairs under a prefix, sorted by key, read in one transaction. */
  entries(prefix = '') {
    const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
    return this.#transaction('readonly', (store) => {
      const keys = store.getAllKeys(range);
      const values = store.getAll(range);
      return () => keys.result.map((key, i) => [String(key), String(values.result[i])]);
    });
  }

  /** Several writes and deletes in one transaction: all land or none do (used by migrations). */
  batch(operations) {
    return this.#transaction('readwrite', (store) => {
      for (const op of operations) {
        if (op.value === undefined) store.delete(op.key);
        else store.put(String(op.value), op.key);
      }
      return undefined;
    });
  }

  close() {
    this.#db?.close();
    if (this.#idb.dbs[this.#name] === this.#db) delete this.#idb.dbs[this.#name];
    this.#db = null;
  }
}
