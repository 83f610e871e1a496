// SPDX-License-Identifier: MIT
// The engine's memory on the device, mirroring the original backend's tables: goals, trained
// models (the registry snapshot), the prediction cache, recommendation history and benchmarks,
// plus the household's own figures. Layout and migrations: store_schema.js.
import { NesteggError, describeError } from './errors.js';
import { ResilientStorage } from './resilient_storage.js';
import { META_KEY, SCHEMA_VERSION, envelope, isStored, keyable, migrate, newId, openEnvelope, parseOr, quarantineKey, recordKey, storedText } from './store_schema.js';
import { timeoutOrDefault, within } from './deadline.js';
import { readAgain } from './storage.js';

const DAY_MS = 24 * 3600 * 1000;
const NO_ANSWER = Symbol('no answer');  // what within() gives for a storage that did not answer in time
// How long a cached answer may live: a positive number of milliseconds, at most 100 years (a Date
// holds about 275 000, but an expiry a caller cannot mean is a mistake to say, not to store).
const MAX_TTL_MS = 100 * 365.25 * DAY_MS;
const MAX_DATE_MS = 8.64e15;  // the furthest instant a Date holds, either side of 1970
/** ttlMs as given, checked: a NesteggError naming the option, never an entry that cannot be read. */
export function checkTtl(ttlMs) {
  if (ttlMs === undefined) return undefined;
  if (typeof ttlMs !== 'number' || !(ttlMs > 0 && ttlMs <= MAX_TTL_MS)) {
    throw new NesteggError({ code: 'invalid_value', message: `ttlMs must be a number of milliseconds over 0 and at most ${MAX_TTL_MS} (100 years)`, field: 'ttlMs' });
  }
  return ttlMs;
}
const GOAL_STATUSES = ['active', 'achieved', 'paused', 'abandoned'];
const OUTCOMES = ['accepted', 'dismissed'];

const invalid = (field, message, code = 'invalid_value') => new NesteggError({ code, message, field });
// What the store reports when storage (or another tab's lock) did not answer in time.
const timeoutError = (message, more) => Object.assign(new Error(message), { name: 'TimeoutError', ...more });

// A record as stored, or wrong_type naming the field when the data has no JSON text (a BigInt, a
// cycle, a toJSON that throws): JSON.stringify's TypeError escaped raw before.
function sealed(type, data, field) {
  try {
    return envelope(type, data);
  } catch (e) {
    throw invalid(field, `${field} cannot be stored as JSON (${e?.message ?? e})`, 'wrong_type');
  }
}

function isDate(text) {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function checkGoal(goal) {
  if (!goal || typeof goal !== 'object' || Array.isArray(goal)) throw invalid('goal', 'goal must be an object', 'wrong_type');
  if (typeof goal.name !== 'string' || !goal.name.trim()) throw invalid('name', 'name must be a non-empty string');
  for (const field of ['target_amount', 'current_amount']) {
    const v = goal[field] ?? (field === 'current_amount' ? 0 : undefined);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(field, `${field} must be a finite number`, 'not_finite');
    if (v < 0 || (field === 'target_amount' && v === 0)) throw invalid(field, `${field} must be ${field === 'target_amount' ? 'above' : 'at least'} 0`);
  }
  if (goal.target_date !== undefined && !isDate(goal.target_date)) throw invalid('target_date', 'target_date must be a real date YYYY-MM-DD');
  if (goal.status !== undefined && !GOAL_STATUSES.includes(goal.status)) throw invalid('status', `status must be one of ${GOAL_STATUSES.join(', ')}`);
}

// An id, name, user or method as a key needs it: a non-empty string, whole (keyable(): no lone
// surrogate, which encodeURIComponent cannot encode).
const checked = (text, field) => {
  if (typeof text !== 'string' || !text) throw invalid(field, `${field} must be a non-empty string`);
  if (!keyable(text)) throw invalid(field, `${field} must be well-formed text: it holds a lone UTF-16 surrogate (half of an emoji, say)`);
  return text;
};
// The key segment of a user or method: "/" would split the key, so it is escaped.
const segment = (text, field) => encodeURIComponent(checked(text, field));

/**
 * Opens the store on an adapter (null: memory only), migrating an older layout first.
 * @param {object|null} adapter a StorageAdapter with keys()
 * @param {{ttlMs?: number, name?: string, onStatus?: Function, now?: () => number, openTimeoutMs?: number}} options
 */
const isMeta = (meta) => typeof meta === 'object' && meta !== null && Number.isInteger(meta.schema) && meta.schema >= 1;

export async function openStore(adapter, options = {}) {
  const io = new ResilientStorage(adapter, { name: options.name, onStatus: options.onStatus, reason: options.reason });
  const now = options.now ?? Date.now;
  const defaultTtl = checkTtl(options.ttlMs) ?? DAY_MS;
  // Opening reads strictly: a meta record or a listing that could not be read is not "absent"
  // (that would write a new meta over a store that still holds goals, or skip its migration).
  const strict = io.strictView();
  let migration = { from: null, to: null };
  let quarantined = 0;
  // How long the store waits on what may never answer (openTimeoutMs): the open, a strict read,
  // another tab's lock, a change ahead in its key's queue.
  const openMs = timeoutOrDefault(options.openTimeoutMs);
  const webLocks = typeof adapter?.lockName === 'string' ? globalThis.navigator?.locks : undefined;
  // Another tab's lock is waited for openMs at most: the request is then withdrawn, never granted.
  const acrossTabs = async (name, work) => {
    if (!webLocks) return work();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), openMs);
    let granted = false;
    try {
      return await webLocks.request(`${adapter.lockName}:${name}`, { signal: controller.signal }, () => {
        granted = true;
        clearTimeout(timer);
        return work();
      });
    } catch (e) {
      if (granted) throw e;  // the work's own outcome
      // Withdrawn by the timer, or refused (a sandboxed frame's SecurityError): said as such.
      const { name: why, message } = describeError(e);
      throw controller.signal.aborted
        ? timeoutError(`another tab has held the lock on ${name} for ${openMs} ms`, { lockWait: true })
        : Object.assign(new Error(`the lock on ${name} was refused (${why}: ${message})`), { name: why, lockWait: true });
    } finally {
      clearTimeout(timer);
    }
  };
  const open = () => acrossTabs('open', openHere);
  const openHere = async () => {
    // undefined: nothing stored; false: stored but not JSON.
    const metaOf = (text) => (text === undefined ? undefined : parseOr(text, false));
    let meta = metaOf(storedText(await strict.get(META_KEY)));
    if (meta !== undefined && !isMeta(meta)) {
      // Stored but not a meta record (torn, garbled): taken for none, the store was migrated again
      // from version 1 and a newer version's marker written over. Read once more; then read-only.
      // Only a whole meta record clears it: garbage and then nothing is no proof there is none.
      meta = metaOf(await readAgain(strict.get, META_KEY, storedText));
      if (!isMeta(meta)) {
        io.setReadOnly(`the store's ${META_KEY} record is not readable, so its schema is unknown: read-only, nothing written`);
        migration = { from: null, to: null };
        return false;
      }
    }
    meta ??= null;
    if (meta?.schema > SCHEMA_VERSION) {
      // Written by a newer nestegg: read what can be read, write nothing that could damage it.
      io.setReadOnly(`stored schema ${meta.schema} is newer than this version's ${SCHEMA_VERSION}`);
      migration = { from: meta.schema, to: meta.schema };
      return false;
    }
    migration = await migrate(strict, meta);
    quarantined += migration.quarantined;
    return true;
  };
  // An open whose reads never answer (a hung adapter) is given up on after openTimeoutMs, as one
  // that fails: openStore would otherwise never resolve.
  const boundedOpen = async () => {
    const opened = await within(open(), openMs, undefined);
    if (opened === undefined) throw timeoutError(`no answer within ${openMs} ms`);
    return opened;
  };
  const readOnlyAfter = (e) => io.setReadOnly(`the store could not be read (${e?.name ?? 'Error'}: ${e?.message ?? e}): answering from memory, nothing written until it can be`, boundedOpen);
  try {
    await boundedOpen();
  } catch (first) {
    // Read-only until the store can be read again: flush() (or a write 5 s later) retries the
    // open, and the writes kept in memory meanwhile go through once it succeeds.
    if (first?.name === 'TimeoutError') {
      readOnlyAfter(first);
    } else {
      try {
        await boundedOpen();  // once more: a read can fail once (a busy disk, a closing connection)
      } catch (e) {
        readOnlyAfter(e);
      }
    }
  }
  const stats = { hits: 0, misses: 0, expired: 0, corrupt: 0, writes: 0, dropped: 0, invalidated: 0 };

  // A read that feeds a write is strict: a fault is not "nothing stored". Taken for absent, it
  // would let a read-modify-write (profile.update, goals.put keeping created_at,
  // recommendations.add keeping a decision) write over what it could not read; the caller gets
  // storage_unavailable instead, and nothing is written. Plain reads (get, list) answer from what
  // can be read, the fault reported in status(), so a page still shows what it has; with
  // `{ strict: true }` they throw too (a backup, an edit: what must not be taken for "nothing").
  const unreadable = (e) => new NesteggError({ code: 'storage_unavailable', field: '',
    message: `the store could not be read (${e?.name ?? 'Error'}: ${e?.message ?? e}); nothing was written` });
  function busy(key, why) {
    return new NesteggError({ code: 'storage_unavailable', field: '', message: `${key}: ${why}; this change was not made` });
  }
  async function strictly(read) {
    try {
      return await read();
    } catch (e) {
      throw unreadable(e);
    }
  }
  // A record's strict reads (the first, the second of one that did not open, the quarantine's free
  // slot) are bounded like the open: one that never answered held its key's later changes for
  // ever. Listings are not: they may read many records, each its own time (keys, then each value).
  const boundedStrict = {
    async get(key) {
      const value = await within(strict.get(key), openMs, NO_ANSWER);
      if (value === NO_ANSWER) throw timeoutError(`no answer within ${openMs} ms`);
      return value;
    },
  };

  // The read-modify-writes of one key, one at a time in call order: two profile.update calls at
  // once each read the profile before either wrote, and the second wrote over the first's change
  // (a review's find). Two stores over one storage (two tabs) are ordered too where the adapter
  // names what it stores (lockName: IndexedDB's database) and the runtime has the Web Locks API
  // (browsers): then the upgrade at open also runs in one tab at a time, so a tab that read a
  // version 1 table before another finished upgrading it cannot write it back over an edit.
  const locks = new Map();
  const PROFILE_KEY = 'nestegg/profile';
  // key -> the change to it under way in this store. A timer armed when it begins writing marks
  // it stuck after openMs without an answer (a timer, not clock readings: a wall clock set back,
  // or an app's fake timers, would stretch or freeze the bound).
  const running = new Map();
  // Called by a change just before it writes its record (or sets aside an unreadable one).
  const storing = (key) => {
    const change = running.get(key);
    if (change && change.timer === undefined) change.timer = setTimeout(() => { change.stuck = true; }, openMs);
  };
  // How often a waiting change, and flush(), look at the change under way.
  const pollMs = Math.min(openMs, 100);
  // With nothing ahead a change starts now, so a write not awaited is read back as before (the
  // store answers from its pending writes); behind others it waits its turn, however long the
  // queue, as long as it moves. It is refused (storage_unavailable) and never runs only when the
  // change under way has been writing for openTimeoutMs without an answer (or its own wait for
  // another tab's lock, bounded the same way, fails): a write that never answers holds its
  // record's later changes, refused, until it settles, and nothing else. The caller's change
  // function is not timed.
  function exclusive(key, work) {
    const begin = () => {
      const token = { stuck: false, timer: undefined };
      running.set(key, token);
      const done = () => {
        clearTimeout(token.timer);
        if (running.get(key) === token) running.delete(key);
      };
      try {
        return Promise.resolve(work()).finally(done);
      } catch (e) {
        done();
        throw e;
      }
    };
    const inTurn = () => acrossTabs(key, begin).catch((e) => { throw e?.lockWait ? busy(key, e.message) : e; });  // async: rejects, never throws
    const ahead = locks.get(key);
    const run = ahead ? waitTurn(key, ahead).then(inTurn) : inTurn();
    // The next change waits for this one and, when this one was refused, for what it waited for.
    const tail = run.then(() => ahead, () => ahead);
    locks.set(key, tail);
    tail.then(() => { if (locks.get(key) === tail) locks.delete(key); });
    return run;
  }
  async function waitTurn(key, ahead) {
    while ((await within(ahead, pollMs, NO_ANSWER)) === NO_ANSWER) {
      if (running.get(key)?.stuck) {
        const e = busy(key, `an earlier change's write to it has not answered for ${openMs} ms`);
        io.noteFault(timeoutError(e.message));
        throw e;
      }
    }
  }

  async function readRecord(key, type, { strict: strictRead = false } = {}) {
    const value = strictRead ? await strictly(() => boundedStrict.get(key)) : await io.get(key);
    return openRecord(key, type, value, strictRead);
  }

  // The data of a stored value, null when there is none. A record that cannot be read is moved
  // aside, never deleted: it may be someone's only copy. It is read once more first, and moved
  // only when both reads agree: a read can return what is not stored (a torn read, a faulty
  // layer), and moving that would put the garbled text aside and delete the good record. When two
  // reads disagree, or it cannot be moved (no faithful text, or the quarantine's free slot could
  // not be read), it stays where it is, and a strict read throws, since its caller would write
  // over it.
  async function openRecord(key, type, value, strictRead = false) {
    let text;
    let aside;
    try {
      text = storedText(value);
      if (text === undefined) return null;
      const data = openEnvelope(text, type);
      if (data !== null) return data;
      const again = await readAgain(boundedStrict.get, key, storedText);
      if (again === undefined) return null;  // deleted since the first read
      if (again !== text) {
        const reread = openEnvelope(again, type);
        if (reread !== null) return reread;
        const e = new Error(`two reads of ${key} disagree and neither is a ${type}`);
        e.name = 'DataError';
        io.noteFault(e);
        throw e;
      }
      aside = await quarantineKey(boundedStrict, key);
    } catch (e) {
      if (strictRead) throw unreadable(e);
      return null;
    }
    quarantined += 1;
    storing(key);  // a write under a change, timed as its own would be
    await io.batch([{ key: aside, value: text }, { key }]);
    return null;
  }

  async function readAll(prefix, type, { strict: strictRead = false } = {}) {
    const out = [];
    for (const [key, value] of await (strictRead ? strictly(() => strict.entries(prefix)) : io.entries(prefix))) {
      const data = await openRecord(key, type, value, strictRead);
      if (data) out.push(data);
    }
    return out;
  }

  const goals = {
    list: (options) => readAll(recordKey('goal', ''), 'goal', options),
    // async: a refused id rejects, as every other call of the store does, rather than throwing.
    get: async (id, { strict } = {}) => readRecord(recordKey('goal', checked(id, 'id')), 'goal', { strict }),
    /** Adds or replaces a goal (by id); returns the stored record. */
    async put(goal) {
      checkGoal(goal);
      const id = goal.id ?? newId();
      const key = recordKey('goal', checked(id, 'id'));
      return exclusive(key, async () => writeGoal(key, id, goal, goal.id ? await readRecord(key, 'goal', { strict: true }) : null));
    },
    /**
     * Read-modify-write of a stored goal: `change(copy)` returns the goal to store (its id and
     * created_at are kept). The read is strict; not_found when there is no such goal. Calls on one
     * goal run one at a time, so two contributions recorded at once both count.
     */
    async update(id, change) {
      const key = recordKey('goal', checked(id, 'id'));
      return exclusive(key, async () => {
        const old = await readRecord(key, 'goal', { strict: true });
        if (!old) throw invalid('id', `no goal ${id}`, 'not_found');
        const goal = await change({ ...old });
        checkGoal(goal);
        return writeGoal(key, old.id, goal, old);
      });
    },
    delete: async (id) => {
      const key = recordKey('goal', checked(id, 'id'));
      return exclusive(key, () => { storing(key); return io.delete(key); });  // after the puts and updates before it
    },
  };

  async function writeGoal(key, id, goal, old) {
    const at = new Date(now()).toISOString();
    const record = { status: 'active', current_amount: 0, ...goal, id, created_at: old?.created_at ?? at, updated_at: at };
    storing(key);
    await io.set(key, sealed('goal', record, 'goal'));
    return record;
  }

  const recommendations = {
    /** Records a recommendation shown to the person; with an `id` already stored, returns that one. */
    async add({ id, user = 'default', kind, text, data = null }) {
      if (typeof text !== 'string' || !text) throw invalid('text', 'text must be a non-empty string');
      if (typeof user !== 'string') throw invalid('user', 'user must be a string', 'wrong_type');
      if (kind !== undefined && typeof kind !== 'string') throw invalid('kind', 'kind must be a string', 'wrong_type');
      const chosen = checked(id ?? newId(), 'id');
      const key = recordKey('recommendation', chosen);
      return exclusive(key, async () => {
        const existing = id === undefined ? null : await readRecord(key, 'recommendation', { strict: true });
        if (existing) return existing;
        const record = { id: chosen, user, kind: kind ?? 'general', text, data,
          created_at: new Date(now()).toISOString(), outcome: null, decided_at: null };
        storing(key);
        await io.set(key, sealed('recommendation', record, 'data'));
        return record;
      });
    },
    /** Records that the person accepted or dismissed a recommendation. */
    async decide(id, outcome) {
      if (!OUTCOMES.includes(outcome)) throw invalid('outcome', 'outcome must be accepted or dismissed');
      const key = recordKey('recommendation', checked(id, 'id'));
      return exclusive(key, async () => {
        const record = await readRecord(key, 'recommendation', { strict: true });
        if (!record) throw invalid('id', `no recommendation ${id}`, 'not_found');
        const updated = { ...record, outcome, decided_at: new Date(now()).toISOString() };
        storing(key);
        await io.set(key, envelope('recommendation', updated));
        return updated;
      });
    },
    async list({ user, strict } = {}) {
      const all = await readAll(recordKey('recommendation', ''), 'recommendation', { strict });
      return all.filter((r) => user === undefined || r.user === user).sort((a, b) => a.created_at.localeCompare(b.created_at));
    },
    /** The records as recommendations.generate's `history` (README "recommendations.generate"). */
    async history(filter = {}) {
      return (await recommendations.list(filter)).map((r) => {
        const entry = { id: r.id, status: r.outcome ?? 'shown', date: (r.decided_at ?? r.created_at).slice(0, 10) };
        if (typeof r.data?.baseline === 'number') entry.baseline = r.data.baseline;
        return entry;
      });
    },
  };

  const benchmarks = {
    async put(name, figures) {
      const key = recordKey('benchmark', checked(name, 'name'));
      const record = { name, figures, recorded_at: new Date(now()).toISOString() };
      await io.set(key, sealed('benchmark', record, 'figures'));
      return record;
    },
    list: (options) => readAll(recordKey('benchmark', ''), 'benchmark', options),
  };

  const profile = {
    get: ({ strict } = {}) => readRecord(PROFILE_KEY, 'profile', { strict }),
    async put(data) {
      checkProfile(data);
      return exclusive(PROFILE_KEY, () => writeProfile(data));
    },
    /**
     * Read-modify-write: `change(current)` (a copy of the stored profile, {} when none) returns the
     * profile to store. The read is strict, so a profile that could not be read is never replaced
     * by one made from nothing (storage_unavailable instead).
     */
    async update(change) {
      return exclusive(PROFILE_KEY, async () => {
        const stored = await readRecord(PROFILE_KEY, 'profile', { strict: true });
        const data = await change({ ...(stored ?? {}) });
        checkProfile(data);
        return writeProfile(data);
      });
    },
  };
  function checkProfile(data) {
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw invalid('profile', 'profile must be an object', 'wrong_type');
  }
  async function writeProfile(data) {
    storing(PROFILE_KEY);
    await io.set(PROFILE_KEY, sealed('profile', data, 'profile'));
    return data;
  }

  // The record of a cached answer: `hash` is requestKey()'s (request_key.js).
  const cacheRecordKey = (user, type, hash) => `nestegg/cache/${segment(user, 'user')}/${segment(type, 'type')}/${segment(hash, 'hash')}`;
  const cache = {
    /** The entry, or null on a miss; an expired or corrupt entry is deleted and counts as a miss. */
    async get(user, type, hash) {
      const key = cacheRecordKey(user, type, hash);
      const value = await io.get(key);
      const stored = isStored(value);
      const opened = stored ? openEnvelope(value, 'cache') : null;
      // An entry whose times are not instants (written before ttlMs was checked) is corrupt too.
      const entry = opened && Number.isFinite(opened.created_at) && Number.isFinite(opened.expires_at)
        && Math.abs(opened.expires_at) <= MAX_DATE_MS ? opened : null;
      if (stored && !entry) stats.corrupt += 1;
      else if (entry && entry.expires_at <= now()) stats.expired += 1;
      if (!entry || entry.expires_at <= now()) {
        stats.misses += 1;
        if (stored) await io.delete(key);  // derived data: recomputed, never served
        return null;
      }
      stats.hits += 1;
      return entry;
    },
    async put(user, type, hash, result, { ttlMs = defaultTtl, engine = null } = {}) {
      checkTtl(ttlMs);
      const created = now();
      const entry = { user, type, input_hash: hash, result, created_at: created, expires_at: created + ttlMs, engine };
      const key = cacheRecordKey(user, type, hash);
      const text = sealed('cache', entry, 'result');
      // Over quota, expired entries make room once; an entry that still does not fit is dropped
      // (it can be recomputed), never kept in memory to pile up, and counted as dropped.
      let stored = await io.set(key, text, { disposable: true });
      if (!stored && io.status().lastError?.name === 'QuotaExceededError' && (await cache.purgeExpired()) > 0) {
        stored = await io.set(key, text, { disposable: true });
      }
      stats[stored ? 'writes' : 'dropped'] += 1;
      return { ...entry, stored };
    },
    /** Drops the entries of a user, of a type (method), or both; returns how many. */
    async invalidate({ user, type } = {}) {
      let prefix = 'nestegg/cache/';
      if (user !== undefined) prefix += `${segment(user, 'user')}/`;
      const typeSegment = type === undefined ? undefined : segment(type, 'type');
      const keys = (await io.keys(prefix)).filter((k) => typeSegment === undefined || k.split('/')[3] === typeSegment);
      for (const key of keys) await io.delete(key);
      stats.invalidated += keys.length;
      return keys.length;
    },
    /** Deletes expired entries (to make room after a quota error, say); returns how many. */
    async purgeExpired() {
      let n = 0;
      for (const [key, value] of await io.entries('nestegg/cache/')) {
        const entry = openEnvelope(value, 'cache');
        if (!entry || entry.expires_at <= now()) {
          await io.delete(key);
          n += 1;
        }
      }
      return n;
    },
    stats() {
      const lookups = stats.hits + stats.misses;
      return { ...stats, hit_rate: lookups ? stats.hits / lookups : 0 };
    },
  };

  return {
    goals, recommendations, benchmarks, profile, cache,
    /**
     * The adapter view the engine keeps its model registry in (createEngine({ store })): resilient
     * writes, strict reads (a read fault throws, so the registry never takes it for "no models").
     */
    adapter: strict,
    /** Where the data lives and whether it is safe: read it after any fault. */
    status: () => ({ ...io.status(), schema: migration.to, migratedFrom: migration.from !== migration.to ? migration.from : null, quarantined }),
    /**
     * Retries writes kept in memory after a fault; resolves to the number still pending. After
     * the read-modify-writes already called (they may not have written yet) have settled: a
     * write of theirs that has not answered for openTimeoutMs is counted as pending (and reported
     * in status()), not waited for without end; a change function that never returns is.
     */
    flush: async () => {
      while (locks.size) {
        if ((await within(Promise.all(locks.values()), pollMs, NO_ANSWER)) !== NO_ANSWER) continue;
        const stuck = [...running].filter(([, change]) => change.stuck).map(([key]) => key);
        if (stuck.length) {
          io.noteFault(timeoutError(`the write of ${stuck.join(', ')} has not answered for ${openMs} ms`));
          break;  // the other kept writes are still retried below
        }
      }
      // The retries of writes kept after a fault, all at once; what has not landed by then is
      // still pending.
      const left = await within(io.flush(), openMs, NO_ANSWER);
      return left === NO_ANSWER ? io.status().pendingWrites : left;
    },
  };
}
