// SPDX-License-Identifier: MIT
// The model registry on a storage adapter: one record per (user, model) and one per experiment,
// so writers that changed different models — two tabs, a page and its Web Worker — never
// overwrite each other (a save writes only the records whose content changed since this writer
// last read or wrote them, and deletes only records it had loaded).
//
//   nestegg/registry/model/<user>/<model>   the snapshot's model entry {user_id, model_id, active, versions}
//   nestegg/registry/experiment/<name>      {variants}
//   nestegg/registry                        (store schema 2 and before) the whole snapshot: read,
//                                           written out as records by the first save, then removed
//
// Segments are encodeURIComponent'd. An adapter without keys() keeps the one-record layout.
// Why records and not navigator.locks around one record: a lock serialises writers but each
// still writes the whole registry it holds, so the second tab's save still drops the first tab's
// new model unless it re-reads and merges under the lock; records need no merge, cost one small
// write per changed model instead of the whole registry (README "Reliability" has the figures),
// and work the same in Workers KV, Deno KV and files, where there is no navigator.locks.
import { REGISTRY_KEY, readAgain } from './storage.js';
import { storedTextOr } from './store_schema.js';

export const RECORD_PREFIX = `${REGISTRY_KEY}/`;
const MODEL_PREFIX = `${RECORD_PREFIX}model/`;
const EXPERIMENT_PREFIX = `${RECORD_PREFIX}experiment/`;
const FORMAT = 'nestegg.registry/1';

const modelKey = (m) => `${MODEL_PREFIX}${encodeURIComponent(m.user_id)}/${encodeURIComponent(m.model_id)}`;
const experimentKey = (name) => `${EXPERIMENT_PREFIX}${encodeURIComponent(name)}`;

/** A registry snapshot as records: Map(key -> text). Throws on text that is not a snapshot. */
export function snapshotRecords(snapshot) {
  const records = new Map();
  for (const m of snapshot.models ?? []) records.set(modelKey(m), JSON.stringify(m));
  for (const [name, e] of Object.entries(snapshot.experiments ?? {})) records.set(experimentKey(name), JSON.stringify(e));
  return records;
}

/** The writes that turn a one-record registry (schema 2) into records: the store's migration. */
export function splitLegacy(text) {
  let snapshot;
  try {
    snapshot = JSON.parse(text);
  } catch {
    return [];  // unreadable: left where it is, for the engine to set aside
  }
  if (!snapshot || snapshot.format !== FORMAT) return [];
  return [...snapshotRecords(snapshot)].map(([key, value]) => ({ key, value }));
}

// A stored value as text, as the store reads it (a value handed back parsed or as UTF-8 bytes is
// the text it stands for), and a value with no faithful text as the string it makes, so that it is
// set aside rather than taken for nothing stored.
const textOf = (value) => storedTextOr(value, String(value));

async function listEntries(storage, prefix) {
  if (storage.entries) return storage.entries(prefix);
  const out = [];
  for (const key of await storage.keys(prefix)) {
    const value = await readAgain((k) => storage.get(k), key);  // listed but read as nothing: once more
    if (value !== undefined) out.push([key, value]);  // as stored: read() takes its text
  }
  return out;
}

export class RegistryRecords {
  #storage;
  #synced = new Map();  // key -> the text this writer last read or wrote there
  #legacy = false;      // a one-record registry is still stored
  // key -> { text, written } of entries loaded from the one-record registry: not yet records when
  // read, so the first save writes them, unless another writer has written that record since
  // (`written`, once seen): an unchanged copy must not undo a change another writer made.
  #fromLegacy = new Map();
  #aside = new Map();  // key -> the text kept aside for it at the start: that record may be replaced
  #sent = new Map();   // key -> the text this writer last sent there, stored or only held by the store
  #refused = new Map();  // key -> the text a save did not write over another record with (#free)
  #perRecord;

  constructor(storage) {
    this.#storage = storage;
    this.#perRecord = typeof storage.keys === 'function';
  }

  /**
   * Reads the stored registry. Resolves to { entries, unreadable } — entries: [{key, kind, name,
   * value}] (value parsed), unreadable: [[key, text]] — or throws when storage could not be read.
   */
  async read() {
    let legacyText = textOf(await this.#storage.get(REGISTRY_KEY));
    const entries = new Map();
    const unreadable = [];
    if (legacyText !== undefined && legacyText !== null) {
      this.#legacy = true;
      let snapshot = null;
      try {
        snapshot = JSON.parse(legacyText);
      } catch {
        const again = await this.#parsedAgain(REGISTRY_KEY, legacyText);  // null: stored so, set aside below
        if (again) [legacyText, snapshot] = again;
      }
      if (legacyText === undefined) this.#legacy = false;  // removed since the first read (another writer's migration)
      else if (!snapshot || snapshot.format !== FORMAT) unreadable.push([REGISTRY_KEY, legacyText]);
      else for (const [key, text] of snapshotRecords(snapshot)) entries.set(key, { text, legacy: true });
    }
    if (this.#perRecord) {
      for (const [key, text] of await listEntries(this.#storage, RECORD_PREFIX)) {
        if (key.startsWith(MODEL_PREFIX) || key.startsWith(EXPERIMENT_PREFIX)) entries.set(key, { text: textOf(text), legacy: false });
      }
    }
    const out = [];
    for (const [key, entry] of entries) {
      const { legacy } = entry;  // a legacy entry's text is JSON.stringify's: it parses
      let { text } = entry;
      let value;
      try {
        value = JSON.parse(text);
      } catch {
        const again = await this.#parsedAgain(key, text);
        if (again === null) {
          unreadable.push([key, text]);
          continue;
        }
        [text, value] = again;
        if (text === undefined) continue;  // deleted since the first read: not stored, not loaded
      }
      const kind = key.startsWith(EXPERIMENT_PREFIX) ? 'experiment' : 'model';
      let name = null;
      try {
        if (kind === 'experiment') name = decodeURIComponent(key.slice(EXPERIMENT_PREFIX.length));
      } catch {
        unreadable.push([key, text]);  // a name this package never writes ("50%off"): that record alone
        continue;
      }
      out.push({ key, kind, name, value, text, legacy });
    }
    return { entries: out, unreadable };
  }

  // A record whose text is not JSON, read again (storage.js readAgain): a read that returned
  // garbage once had its garbage kept aside, and the next save wrote over the good record it could
  // not read. [text, value] when the second read parses; [undefined, undefined] when the record is
  // gone; null when it is the same text (stored so: set aside); throws when the two disagree and
  // neither parses (a read fault).
  async #parsedAgain(key, text) {
    const again = await readAgain((k) => this.#storage.get(k), key, textOf);
    if (again === undefined) return [undefined, undefined];
    if (again === text) return null;
    try {
      return [again, JSON.parse(again)];
    } catch {
      throw Object.assign(new Error(`two reads of ${key} disagree and neither is JSON`), { name: 'DataError' });
    }
  }

  /**
   * The savings.import request (its text) that loads entries of read() into an engine: what each
   * record is held to at start, and so the shape the engine sizes a record by before storing it
   * (core/api/registry_codec.cpp, versions_to_drop, whose kRequest is this text for one model).
   */
  static importRequest(entries) {
    return JSON.stringify({ snapshot: RegistryRecords.snapshot(entries), merge: true });
  }

  /** The registry snapshot (savings.export's shape) of entries of read(): the demo's backup. */
  static snapshot(entries) {
    const models = entries.filter((e) => e.kind === 'model').map((e) => e.value);
    const experiments = Object.fromEntries(entries.filter((e) => e.kind === 'experiment').map((e) => [e.name, e.value]));
    return { format: FORMAT, models, experiments };
  }

  /**
   * Marks entries as loaded: they are this writer's to rewrite or delete from now on. `aside`:
   * [[key, text]] of records that could not be loaded and were kept aside under other keys, which a
   * save may then replace while they still hold that text.
   */
  loaded(entries, aside = []) {
    for (const e of entries) {
      if (e.legacy) this.#fromLegacy.set(e.key, { text: e.text, written: false });
      else this.#synced.set(e.key, e.text);
    }
    for (const [key, text] of aside) this.#aside.set(key, text);
  }

  // Whether a record this writer has not loaded nor written may be written: 'write' where nothing
  // is stored, or what it kept aside at its start, or what it sent there itself; 'same' where the
  // text is stored already (two engines that imported one backup); else 'taken': a record it never
  // saw (another writer's, one the listing missed: Workers KV lists what it lists eventually, or
  // one a faulty read returned garbage for), and writing over it lost that model's versions (a
  // review's cases). A read, then the write: not atomic. A read fault throws: the save fails.
  async #free(key, text) {
    if (this.#synced.has(key) || this.#fromLegacy.has(key)) return 'write';
    const there = textOf(await this.#storage.get(key));
    if (there === text) return 'same';
    return there === undefined || there === null || there === this.#aside.get(key) || there === this.#sent.get(key) ? 'write' : 'taken';
  }

  // Whether a record still as the one-record registry had it is to be written: only where no
  // writer has written it as a record yet (a read fault throws: the save fails and is retried).
  async #migrates(key, text) {
    const legacy = this.#fromLegacy.get(key);
    if (!legacy || legacy.text !== text) return true;  // not from it, or changed here since
    if (legacy.written) return false;
    const there = await this.#storage.get(key);
    legacy.written = there !== undefined && there !== null;
    return !legacy.written;
  }

  // A store's storage (openStore) does not throw a refused write: it keeps the value in memory,
  // retries it, and answers false. That is not "saved": say so, and the engine's storageStatus
  // reports it (the next save sends the same records again).
  #check(results) {
    if (!results.includes(false)) return;
    const cause = this.#storage.status?.().lastError;
    const e = new Error(`the models are kept in memory, not stored yet${cause?.message ? ` (${cause.message})` : ''}; retried on flush`);
    e.name = cause?.name ?? 'StorageError';
    e.kept = true;  // the store holds the records and writes them when it can
    throw e;
  }

  /** Writes what changed since the last read or write: savings.export's text in. */
  async save(exportText) {
    if (!this.#perRecord) {
      this.#check([await this.#storage.set(REGISTRY_KEY, exportText)]);
      return;
    }
    const want = snapshotRecords(JSON.parse(exportText));
    const ops = [], taken = [];
    for (const [key, text] of want) {
      if (this.#synced.get(key) === text || this.#refused.get(key) === text || !(await this.#migrates(key, text))) continue;
      const state = await this.#free(key, text);
      if (state === 'write') ops.push({ key, value: text });
      else if (state === 'same') this.#synced.set(key, text);
      else this.#refused.set(key, text), taken.push(key);  // said once: a later save of other records is not this one's failure
    }
    for (const key of this.#synced.keys()) if (!want.has(key)) ops.push({ key });
    // The one-record layout goes once its content is written as records (the writes come first).
    if (this.#legacy) ops.push({ key: REGISTRY_KEY });
    if (ops.length === 0) return this.#refuseTaken(taken);
    const done = [];
    for (const op of ops) if (op.value !== undefined) this.#sent.set(op.key, op.value);
    if (this.#storage.batch) done.push(await this.#storage.batch(ops));
    else for (const op of ops) done.push(await (op.value === undefined ? this.#storage.delete(op.key) : this.#storage.set(op.key, op.value)));
    this.#check(done);
    for (const op of ops) {
      this.#fromLegacy.delete(op.key);  // written by this writer: its own from now on (#synced)
      if (op.value === undefined) this.#synced.delete(op.key);
      else this.#synced.set(op.key, op.value);
    }
    this.#synced.delete(REGISTRY_KEY);
    this.#legacy = false;
    this.#refuseTaken(taken);
  }

  // The records not written because another one is stored there: not saved, and said so by the
  // save that met them (the engine's storageStatus); tried again only once changed, and a new
  // engine loads what is stored.
  #refuseTaken(taken) {
    if (taken.length === 0) return;
    throw Object.assign(new Error(`${taken.join(', ')} holds a record this engine did not load (another writer's, or one not listed or not readable at its start): not written over; create the engine again to load it`), { name: 'ConflictError' });
  }
}
