// SPDX-License-Identifier: MIT
// The stored layout, its version, and the step-by-step migrations between versions.
//
// Version 3 (current): as version 2, but the model registry is one record per model and per
// experiment (registry_records.js), so two tabs, or a page and its Worker, training different
// models never overwrite each other's:
//   nestegg/registry/model/<user>/<model>     a model's versions, metrics, evaluations
//   nestegg/registry/experiment/<name>        an A/B experiment
// In IndexedDB the database version is 22 + the schema (storage_idb.js): a tab of an older release,
// which would write the old layout, is told to close (versionchange) and cannot reopen.
//
// Version 2. Every record is an envelope {"schema":2,"type","data","sum"}, where sum is
// FNV-1a of the data's JSON, so a truncated or altered record is recognised, not served.
//   nestegg/meta                              {schema, created_at, migrated_from?, migrated_at?}
//   nestegg/goal/<id>                         goal
//   nestegg/recommendation/<id>               recommendation with outcome accepted|dismissed|null
//   nestegg/benchmark/<name>                  benchmark figures
//   nestegg/profile                           the household's own figures (income, expenses, debts)
//   nestegg/cache/<user>/<type>/<input hash>  prediction cache entry with created_at and expires_at
//   nestegg/registry                          the engine's model registry (its own versioned format)
//   nestegg/quarantine/<key>                  records that could not be read, kept for recovery
// (Envelopes written by version 3 say "schema":3; both are read.)
//
// Version 1 (the first stored layout): no meta record (or {"schema":1}), plain JSON, no sums.
//   nestegg/goals            array of {name, target_amount, current_amount, target_date, status?}
//   nestegg/recommendations  array of {user, kind, text, created_at, accepted: true|false|null}
//   nestegg/benchmarks       object name -> figures
//   nestegg/cache/<user>/<type>/<hash>  {result, created_at (ms)}; every entry lived 24 hours
//   nestegg/registry         as now
// (Upgrading, a table that cannot be read, or is not of its shape, goes to nestegg/quarantine/.)
// Why version 2: one record per goal and recommendation, so two tabs editing different goals
// never overwrite each other's array; explicit expiry per cache entry; checksums.

import { REGISTRY_KEY } from './storage.js';

export const SCHEMA_VERSION = 3;
export const META_KEY = 'nestegg/meta';
export const V1_CACHE_TTL_MS = 24 * 3600 * 1000;

/** FNV-1a 32-bit, hex: detects truncation and alteration (not an adversary). */
export function checksum(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function envelope(type, data) {
  const text = JSON.stringify(data);
  return `{"schema":${SCHEMA_VERSION},"type":${JSON.stringify(type)},"data":${text},"sum":"${checksum(text)}"}`;
}

/**
 * The data of a stored envelope (as the adapter read it back: storedText), or null when there is
 * none, it is not one of `type` or it fails its checksum.
 */
export function openEnvelope(value, type) {
  const record = parseOr(value, null);
  if (!record || record.type !== type || record.data === null || typeof record.data !== 'object') return null;
  return record.sum === checksum(JSON.stringify(record.data)) ? record.data : null;
}

export function newId() {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Whether an adapter's answer is a value: undefined and null both mean "nothing stored". */
export const isStored = (value) => value !== undefined && value !== null;

/**
 * The text of a value an adapter read back: undefined when nothing is stored (an adapter may say
 * null, as localStorage and raw KV bindings do: never "unreadable", which would be set aside).
 * An adapter that hands back parsed JSON (a KV get(key, 'json')) or UTF-8 bytes gets the text it
 * stands for, so the record opens, or is set aside whole, never as "[object Object]". Throws a
 * TypeError for a value with no faithful text (bytes that are not UTF-8, a BigInt): such a record
 * is left where it is.
 */
export function storedText(value) {
  if (!isStored(value)) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return new TextDecoder('utf-8', { fatal: true }).decode(value);
  const text = JSON.stringify(value);
  if (typeof text !== 'string') throw new TypeError(`a stored ${typeof value} has no text`);
  return text;
}

/** storedText, or `fallback` for a value with no faithful text (instead of throwing). */
export function storedTextOr(value, fallback) {
  try {
    return storedText(value);
  } catch {
    return fallback;
  }
}

/** The parsed value read back, or `fallback` when nothing is stored or it cannot be parsed. */
export const parseOr = (value, fallback) => {
  try {
    const text = storedText(value);
    return text === undefined ? fallback : JSON.parse(text);
  } catch {
    return fallback;
  }
};

// What can name a record: a non-empty string without a lone UTF-16 surrogate (a string cut in
// the middle of an emoji), which encodeURIComponent cannot encode (it throws URIError).
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
export const keyable = (text) => typeof text === 'string' && text !== '' && !LONE_SURROGATE.test(text);

// The key of a goal, recommendation or benchmark record: the one scheme the store and its
// migrations both write (the id percent-encoded, so "/" cannot split the key).
export const recordKey = (type, id) => `nestegg/${type}/${encodeURIComponent(id)}`;

export const QUARANTINE_PREFIX = 'nestegg/quarantine/';
/**
 * Where an unreadable record of `key` is set aside: nestegg/quarantine/<key>, or <key>#2, #3...
 * beside the copies set aside from that key before, never over one. `io` must read strictly: a
 * read that fails is not a free slot (it throws, and the record stays where it is).
 */
export async function quarantineKey(io, key) {
  let aside = `${QUARANTINE_PREFIX}${key}`;
  for (let n = 2; isStored(await io.get(aside)); n++) {
    // An adapter that answers a value for every key (say "" for a missing one) has no free slot:
    // the record stays where it is, as for a read that fails, rather than a search without end.
    if (n > 1000) throw new Error(`no free quarantine slot for ${key}`);
    aside = `${QUARANTINE_PREFIX}${key}#${n}`;
  }
  return aside;
}

// Each step reads through `io` (get, entries) and returns the writes that make the next version,
// new records first and the removal of old ones last, so an interrupted step can simply rerun.
// Version 1 records' ids: each record's own `id` where it has one (a string that can name a key,
// keyable(), no earlier record took: the app that wrote it may still use it), else one from its position, "v1-N", or
// "v1-N-2", "v1-N-3"... when a record's own id is that already (never two records on one key: the
// old arrays are deleted after). The same array gives the same ids, so rerunning an interrupted
// step rewrites the same records.
function v1Ids(records) {
  const taken = new Set();
  const own = records.map((r) => {
    // A number the app gave (7) is kept as its text: taking a position's id lost it.
    const id = Number.isFinite(r?.id) ? String(r.id) : r?.id;
    if (!keyable(id) || taken.has(id)) return null;
    taken.add(id);
    return id;
  });
  return own.map((id, i) => {
    if (id !== null) return id;
    let fallback = `v1-${i + 1}`;
    for (let k = 2; taken.has(fallback); k++) fallback = `v1-${i + 1}-${k}`;
    taken.add(fallback);
    return fallback;
  });
}

// A version 1 record (one JSON text holding a whole table): `value` when it is stored and reads as
// `valid`, else nothing to migrate; `ops` set aside what is stored but cannot be read (a truncated
// write, the wrong shape) and remove the old key, so nothing is deleted that was not migrated. A
// value with no faithful text (storedText throws) is left where it is. A read fault is thrown:
// the open retries, or stays read-only, rather than step past a table it could not read.
async function v1Record(io, key, valid) {
  const text = storedTextOr(await io.get(key), undefined);
  if (text === undefined) return { value: undefined, ops: [] };
  const value = parseOr(text, undefined);
  if (valid(value)) return { value, ops: [{ key }] };
  return { value: undefined, ops: [{ key: await quarantineKey(io, key), value: text }, { key }] };
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

const MIGRATIONS = {
  async 1(io) {
    const ops = [];
    const at = new Date().toISOString();
    // A table with an item that is not a record (a string, null) is set aside whole: spread into a
    // goal, 'Emergency fund' became {"0": "E", "1": "m", ...} and the table was deleted.
    const table = (v) => Array.isArray(v) && v.every(isObject);
    const goals = await v1Record(io, 'nestegg/goals', table);
    const goalIds = v1Ids(goals.value ?? []);
    goals.value?.forEach((g, i) => {
      const id = goalIds[i];
      ops.push({ key: recordKey('goal', id), value: envelope('goal', { status: 'active', created_at: at, ...g, id, updated_at: at }) });
    });
    const recs = await v1Record(io, 'nestegg/recommendations', table);
    const recIds = v1Ids(recs.value ?? []);
    recs.value?.forEach((r, i) => {
      const id = recIds[i];
      const { accepted, ...rest } = r;
      const outcome = accepted === true ? 'accepted' : accepted === false ? 'dismissed' : null;
      ops.push({ key: recordKey('recommendation', id), value: envelope('recommendation', { ...rest, id, outcome, decided_at: null }) });
    });
    // Benchmarks are keyed by name: a name that cannot be a key sets the whole record aside.
    const benchmarks = await v1Record(io, 'nestegg/benchmarks', (b) => isObject(b) && Object.keys(b).every(keyable));
    for (const [name, figures] of Object.entries(benchmarks.value ?? {})) {
      ops.push({ key: recordKey('benchmark', name), value: envelope('benchmark', { name, figures, recorded_at: at }) });
    }
    for (const [key, text] of await io.entries('nestegg/cache/')) {
      const entry = parseOr(text, null);
      const [user, type, hash] = key.slice('nestegg/cache/'.length).split('/');
      if (!entry || entry.schema >= 2 || typeof entry.created_at !== 'number') continue;
      ops.push({ key, value: envelope('cache', {
        user, type, input_hash: hash, result: entry.result,
        created_at: entry.created_at, expires_at: entry.created_at + V1_CACHE_TTL_MS, engine: null,
      }) });
    }
    ops.push(...goals.ops, ...recs.ops, ...benchmarks.ops);
    return ops;
  },
  // The one registry record becomes one record per model and experiment. An unreadable one stays
  // where it is (the engine sets it aside when it loads).
  async 2(io) {
    const text = storedTextOr(await io.get(REGISTRY_KEY), undefined);  // a read fault is thrown, as in step 1
    if (text === undefined) return [];
    const { splitLegacy } = await import('./registry_records.js');
    const ops = splitLegacy(text);
    return ops.length ? [...ops, { key: REGISTRY_KEY }] : [];
  },
};

/**
 * Brings the stored layout to SCHEMA_VERSION, one step at a time (`meta`: the stored meta record,
 * or null); each step and its new meta record are written in one batch. Returns {from, to,
 * quarantined}: how many unreadable old records the steps set aside rather than migrated. A
 * failed step's writes are kept in memory by ResilientStorage and retried, the old records intact.
 */
export async function migrate(io, meta) {
  // Without a meta record the store is either new or version 1: only then are keys listed.
  const v1 = !meta && (await io.keys('nestegg/')).length > 0;
  let version = meta?.schema ?? (v1 ? 1 : SCHEMA_VERSION);
  const from = version;
  let quarantined = 0;  // records set aside by the steps, for status().quarantined
  if (!meta && !v1) {
    await io.set(META_KEY, JSON.stringify({ schema: SCHEMA_VERSION, created_at: new Date().toISOString() }));
    return { from, to: version, quarantined };
  }
  while (version < SCHEMA_VERSION) {
    const ops = await MIGRATIONS[version](io);
    quarantined += ops.filter((op) => op.value !== undefined && op.key.startsWith(QUARANTINE_PREFIX)).length;
    const next = { schema: version + 1, created_at: meta?.created_at ?? null, migrated_from: from, migrated_at: new Date().toISOString() };
    // Meta goes before the deletions: a rerun after a partial write finds the new version and
    // the new records, never a version 1 meta without its goals.
    const deletions = ops.filter((op) => op.value === undefined);
    const writes = ops.filter((op) => op.value !== undefined);
    const stored = await io.batch([...writes, { key: META_KEY, value: JSON.stringify(next) }, ...deletions]);
    version += 1;
    if (!stored) break;  // the rest waits for the retry of this step's writes
  }
  return { from, to: version, quarantined };
}
