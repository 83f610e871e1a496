// SPDX-License-Identifier: MIT
// Storage under Node: every adapter against one contract (IndexedDB logic on fake-indexeddb,
// through the glue's own IDBStore; Workers KV on miniflare's real KV), the store's schema upgrade
// from a hand-built version 1 layout, faults (quota, blocked upgrade, failed and interrupted
// writes, corrupt records, a newer schema), and the prediction cache's hits and invalidation.
import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Miniflare } from 'miniflare';
import { loadPackage, mulberry32, pkgDir } from './helpers.mjs';

const pkg = await loadPackage();
const { MemoryStorage, FileStorage, WorkersKvStorage, openStore, createEngine, NesteggError, SCHEMA_VERSION } = pkg;
const household = JSON.parse(readFileSync(new URL('../../web-demo/sample-household.json', import.meta.url), 'utf8'));
const tmp = () => mkdtempSync(path.join(tmpdir(), 'nestegg-store-'));
let dbCounter = 0;
const freshIdb = (options) => pkg.indexedDBStorage(`test-${process.pid}-${++dbCounter}`, options);

// An adapter that fails like a full disk or an exhausted quota once `limit` bytes are stored.
class QuotaStorage extends MemoryStorage {
  constructor(limit) { super(); this.limit = limit; this.used = new Map(); }
  async set(key, value) {
    const total = [...this.used.entries()].reduce((n, [k, v]) => n + (k === key ? 0 : v), 0) + String(value).length;
    if (total > this.limit) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.used.set(key, String(value).length);
    return super.set(key, value);
  }
  async delete(key) { this.used.delete(key); return super.delete(key); }
}

async function contract(adapter, { large = true } = {}) {
  assert.equal(await adapter.get('nestegg/none'), undefined);
  const keys = ['nestegg/goal/a', 'nestegg/goal/b/c', 'nestegg/goal/..', 'nestegg/goal/ünï €', 'other/x'];
  for (const [i, k] of keys.entries()) await adapter.set(k, `value ${i} ✓`);
  assert.equal(await adapter.get('nestegg/goal/ünï €'), 'value 3 ✓');
  assert.deepEqual(await adapter.keys('nestegg/goal/'), keys.slice(0, 4).sort());
  await adapter.set('nestegg/goal/a', 'replaced');
  assert.equal(await adapter.get('nestegg/goal/a'), 'replaced');
  await adapter.delete('nestegg/goal/a');
  await adapter.delete('nestegg/goal/never-there');
  assert.equal(await adapter.get('nestegg/goal/a'), undefined);
  assert.deepEqual(await adapter.keys('other/'), ['other/x']);
  if (adapter.entries) assert.deepEqual(await adapter.entries('nestegg/goal/'), [['nestegg/goal/..', 'value 2 ✓'], ['nestegg/goal/b/c', 'value 1 ✓'], ['nestegg/goal/ünï €', 'value 3 ✓']]);
  if (large) {
    const big = 'x'.repeat(300_000);
    await adapter.set('nestegg/big', big);
    assert.equal((await adapter.get('nestegg/big')).length, big.length);
  }
}

test('every adapter keeps the same contract', async (t) => {
  await t.test('memory', () => contract(new MemoryStorage()));
  await t.test('files', () => contract(new FileStorage(tmp())));
  await t.test('IndexedDB (fake-indexeddb through Emscripten IDBStore)', async () => contract(await freshIdb()));
  await t.test('Workers KV (miniflare)', async () => {
    const mf = new Miniflare({ modules: true, script: 'export default {}', kvNamespaces: ['KV'] });
    try {
      await contract(new WorkersKvStorage(await mf.getKVNamespace('KV')));
    } finally {
      await mf.dispose();
    }
  });
});

test('Deno KV adapter keeps the contract on a real Deno KV', () => {
  const deno = path.join(path.dirname(new URL(import.meta.url).pathname), '../node_modules/.bin/deno');
  const script = `
    import { DenoKvStorage } from ${JSON.stringify(`file://${pkgDir}/src/deno.js`)};
    const a = new DenoKvStorage(await Deno.openKv(':memory:'));
    await a.set('nestegg/goal/b/c', '2'); await a.set('nestegg/goal/a', '1'); await a.set('other/x', '3');
    await a.set('nestegg/goal/a', '1b'); await a.delete('other/x');
    console.log(JSON.stringify([await a.keys('nestegg/goal/'), await a.get('nestegg/goal/a'), await a.get('other/x') ?? null]));`;
  const out = execFileSync(deno, ['eval', '--unstable-kv', '--quiet', script], { encoding: 'utf8', env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' } });
  assert.deepEqual(JSON.parse(out), [['nestegg/goal/a', 'nestegg/goal/b/c'], '1b', null]);
});

test('FileStorage: data survives a new process; a failed write changes nothing', async () => {
  const dir = tmp();
  await new FileStorage(dir).set('nestegg/goal/1', 'kept');
  const again = new FileStorage(dir);
  assert.equal(await again.get('nestegg/goal/1'), 'kept');
  // A write the file system refuses (its file's place is taken by a folder): rejected, its
  // temporary file removed, nothing else touched.
  mkdirSync(path.join(dir, 'nestegg%2Fblocked.json', 'inside'), { recursive: true });
  await assert.rejects(again.set('nestegg/blocked', 'v'));
  assert.equal(await again.get('nestegg/goal/1'), 'kept');
  // A process killed mid-write leaves only its temporary file, which is never read as data.
  writeFileSync(path.join(dir, '.tmp-999-1'), 'half a wri');
  assert.deepEqual(await again.keys(''), ['nestegg/goal/1']);  // files only: the folder is no value
  assert.deepEqual(readdirSync(dir).filter((f) => !f.startsWith('.tmp')).sort(), ['nestegg%2Fblocked.json', 'nestegg%2Fgoal%2F1.json']);
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.tmp')), ['.tmp-999-1']);
});

test('IndexedDB batch is atomic: one bad write and none land', async () => {
  const idb = await freshIdb();
  await idb.set('nestegg/a', 'old');
  await assert.rejects(idb.batch([{ key: 'nestegg/a', value: 'new' }, { key: ['not', 'a', 'valid', { key: 1 }], value: 'x' }]));
  assert.equal(await idb.get('nestegg/a'), 'old');
});

// A hostile review's find: a version 1 goal or recommendation that carried its own `id` was
// stored under "v1-N" but kept the old id inside, so get, delete and decide by that id missed,
// and editing the goal made a second one.
test('a version 1 store whose records carry ids: each is found, changed and removed by its own id', async () => {
  const v1 = new MemoryStorage();
  await v1.set('nestegg/goals', JSON.stringify([
    { id: 'car', name: 'Car', target_amount: 9000 }, { id: 'car', name: 'Second car', target_amount: 1 },
    { name: 'No id', target_amount: 5 }, { id: 'a/b %', name: 'Odd id', target_amount: 7 }]));
  await v1.set('nestegg/recommendations', JSON.stringify([{ id: 'rec-1', kind: 'budget', text: 'Cut dining', accepted: null }]));
  const store = await openStore(v1);
  assert.deepEqual((await store.goals.list()).map((g) => g.id).sort(), ['a/b %', 'car', 'v1-2', 'v1-3']);
  assert.equal((await store.goals.get('car')).name, 'Car');
  assert.equal((await store.goals.get('a/b %')).name, 'Odd id');
  await store.goals.put({ ...(await store.goals.get('car')), name: 'Car (edited)' });
  assert.deepEqual((await store.goals.list()).filter((g) => g.name.startsWith('Car')).map((g) => g.name), ['Car (edited)']);
  await store.goals.delete('car');
  assert.equal(await store.goals.get('car'), null);
  const [rec] = await store.recommendations.list();
  assert.equal(rec.id, 'rec-1');
  assert.equal((await store.recommendations.decide('rec-1', 'accepted')).outcome, 'accepted');
  // An own id that is another record's positional one: both kept (a later review's find).
  const clash = new MemoryStorage();
  await clash.set('nestegg/goals', JSON.stringify([{ id: 'v1-2', name: 'A' }, { name: 'B' }, { name: 'C', id: 'v1-2' }]));
  const clashed = await openStore(clash);
  assert.deepEqual((await clashed.goals.list()).map((g) => `${g.id}:${g.name}`).sort(), ['v1-2-2:B', 'v1-2:A', 'v1-3:C']);
});

test('a version 1 store opened by version 2 loses nothing', async () => {
  const v1 = new FileStorage(tmp());
  const goals = household.goals.map(({ name, target_amount, current_amount, target_date }) => ({ name, target_amount, current_amount, target_date }));
  goals[1].status = 'paused';
  await v1.set('nestegg/goals', JSON.stringify(goals));
  await v1.set('nestegg/recommendations', JSON.stringify([
    { user: 'me', kind: 'budget', text: 'Cut dining out by $50', created_at: '2025-01-02T00:00:00Z', accepted: true },
    { user: 'me', kind: 'goal', text: 'Raise the emergency fund', created_at: '2025-01-03T00:00:00Z', accepted: false },
    { user: 'me', kind: 'goal', text: 'Start investing', created_at: '2025-01-04T00:00:00Z', accepted: null },
  ]));
  await v1.set('nestegg/benchmarks', JSON.stringify({ 'ce-2023': { food: 9985 } }));
  const created = Date.now() - 3600_000;
  await v1.set('nestegg/cache/me/goals.timeline/abc', JSON.stringify({ result: { months: 12 }, created_at: created }));
  const trainer = await createEngine({ storage: v1 });
  trainer.savings.train({ history: household.history, user_id: 'household' });
  await trainer.flush();
  const prediction = trainer.savings.predict({ user_id: 'household', horizon: 2 });

  const store = await openStore(v1);
  assert.equal(store.status().schema, SCHEMA_VERSION);
  assert.equal(store.status().migratedFrom, 1);
  const migrated = (await store.goals.list()).sort((a, b) => a.name.localeCompare(b.name));
  assert.equal(migrated.length, 2);
  for (const g of goals) {
    const m = migrated.find((x) => x.name === g.name);
    for (const field of ['target_amount', 'current_amount', 'target_date']) assert.equal(m[field], g[field]);
    assert.equal(m.status, g.status ?? 'active');
  }
  assert.deepEqual((await store.recommendations.list()).map((r) => r.outcome), ['accepted', 'dismissed', null]);
  assert.deepEqual((await store.benchmarks.list())[0].figures, { food: 9985 });
  const entry = await store.cache.get('me', 'goals.timeline', 'abc');
  assert.deepEqual(entry.result, { months: 12 });
  assert.equal(entry.expires_at, created + 24 * 3600_000);
  for (const old of ['nestegg/goals', 'nestegg/recommendations', 'nestegg/benchmarks']) assert.equal(await v1.get(old), undefined);
  // The trained model came through: a fresh engine on the migrated store predicts the same.
  const engine = await createEngine({ store });
  assert.deepEqual(engine.savings.predict({ user_id: 'household', horizon: 2 }), prediction);
  // Opening again migrates nothing more.
  assert.equal((await openStore(v1)).status().migratedFrom, null);
});

test('an upgrade interrupted by a failing write is finished by the next open, nothing lost', async () => {
  const inner = new MemoryStorage();
  await inner.set('nestegg/goals', JSON.stringify([{ name: 'Trip', target_amount: 3000, current_amount: 500, target_date: '2027-06-30' }]));
  let writesLeft = 1;
  const flaky = {
    get: (k) => inner.get(k), keys: (p) => inner.keys(p), delete: (k) => inner.delete(k),
    async set(k, v) {
      if (writesLeft-- <= 0) throw new DOMException('disk gone', 'UnknownError');
      return inner.set(k, v);
    },
  };
  const broken = await openStore(flaky);
  assert.equal(broken.status().degraded, true);
  assert.equal((await broken.goals.list())[0].name, 'Trip', 'the migrated goal is served from memory');
  assert.ok(await inner.get('nestegg/goals'), 'the version 1 record is still stored');
  const healed = await openStore(inner);
  assert.equal(healed.status().schema, SCHEMA_VERSION);
  assert.equal((await healed.goals.list())[0].current_amount, 500);
});

test('a store written by a newer version is read but never written', async () => {
  const inner = new MemoryStorage();
  await inner.set('nestegg/meta', JSON.stringify({ schema: SCHEMA_VERSION + 1 }));
  const store = await openStore(inner);
  assert.equal(store.status().readOnly, true);
  const goal = await store.goals.put({ name: 'Bike', target_amount: 800 });
  assert.equal((await store.goals.get(goal.id)).name, 'Bike');
  assert.deepEqual(await inner.keys('nestegg/goal/'), []);
});

test('quota exceeded: answers go on from memory, stored data stays, the fault is reported', async () => {
  const quota = new QuotaStorage(3000);
  const statuses = [];
  const store = await openStore(quota, { onStatus: (s) => statuses.push(s) });
  const first = await store.goals.put({ name: 'Small', target_amount: 100 });
  const before = await quota.get(`nestegg/goal/${first.id}`);
  await store.goals.put({ ...first, note: 'y'.repeat(5000) });
  assert.equal(store.status().lastError.name, 'QuotaExceededError');
  assert.equal(store.status().pendingWrites, 1);
  assert.equal(statuses.at(-1).degraded, true);
  assert.equal(await quota.get(`nestegg/goal/${first.id}`), before, 'the stored record is untouched');
  assert.equal((await store.goals.get(first.id)).note.length, 5000, 'reads see the newer value');
  const engine = await createEngine({ store });
  assert.ok((await engine.cachedCall('goals.timeline', { target_amount: 1000, monthly_contribution: 100 })).result.final_balance >= 1000);
  quota.limit = 1e6;  // room again (the person freed space)
  assert.equal(await store.flush(), 0);
  assert.equal(store.status().degraded, false);
  assert.equal(JSON.parse(await quota.get(`nestegg/goal/${first.id}`)).data.note.length, 5000);
});

// A hostile review's find: through a store, a refused write is kept in memory and answered false,
// not thrown; the registry's save ignored that, so engine.storageStatus said the models were saved.
test('through a store over quota: engine.storageStatus says the models are not stored, until they are', async () => {
  const quota = new QuotaStorage(300);
  const store = await openStore(quota);
  const engine = await createEngine({ store });
  engine.savings.train({ history: household.history, user_id: 'alice' });
  await engine.flush();
  assert.equal(engine.storageStatus.lastError?.name, 'QuotaExceededError');
  assert.equal(engine.storageStatus.savedAt, null);
  quota.limit = 1e7;  // room again
  assert.equal(await store.flush(), 0);
  // The store wrote what it kept: the engine says so (a later review found it still said not).
  assert.equal(engine.storageStatus.lastError, null);
  assert.ok(engine.storageStatus.savedAt);
  engine.savings.train({ history: household.history, user_id: 'bob' });
  await engine.flush();
  assert.equal(engine.storageStatus.lastError, null);
  assert.ok(engine.storageStatus.savedAt);
  const reloaded = await createEngine({ store: await openStore(quota) });
  assert.equal(reloaded.savings.models({ user_id: 'alice' }).models.length, 1);
  assert.equal(reloaded.savings.models({ user_id: 'bob' }).models.length, 1);
});

test('over quota the cache makes room from expired entries, and never piles up in memory', async () => {
  let clock = Date.parse('2026-05-01T00:00:00Z');
  const quota = new QuotaStorage(6000);
  const store = await openStore(quota, { now: () => clock, ttlMs: 1000 });
  const big = { rows: 'r'.repeat(2500) };
  await store.cache.put('u', 'goals.simulate', 'old1', big);
  await store.cache.put('u', 'goals.simulate', 'old2', big);
  clock += 5000;  // both expired
  await store.cache.put('u', 'goals.simulate', 'new', big);
  assert.deepEqual((await quota.keys('nestegg/cache/')).map((k) => k.split('/').pop()), ['new'], 'expired entries gave their room');
  assert.equal((await store.cache.get('u', 'goals.simulate', 'new')).result.rows.length, 2500);
  assert.equal(store.cache.stats().writes, 3);
  // Still no room (nothing expired): the entry is dropped, not kept in memory, and reported.
  const dropped = await store.cache.put('u', 'goals.simulate', 'more', { rows: 'r'.repeat(9000) });
  assert.equal(dropped.stored, false);
  assert.deepEqual([store.cache.stats().writes, store.cache.stats().dropped], [3, 1], 'counted as dropped, not written');
  assert.equal(store.status().pendingWrites, 0);
  assert.equal(store.status().lastError.name, 'QuotaExceededError');
  assert.equal(await store.cache.get('u', 'goals.simulate', 'more'), null, 'a miss: recomputed next time');
});

// A review's find: an answer the storage dropped (over quota) still came with created_at and
// expires_at, and counted as a write, though a repeat call before that expiry was a miss.
test('cachedCall: an answer the storage could not keep says so, with no expiry to trust', async () => {
  const quota = new QuotaStorage(2000);
  const store = await openStore(quota);
  await store.goals.put({ name: 'fills the quota', target_amount: 1000, note: 'n'.repeat(1200) });
  const engine = await createEngine({ store });
  const request = { target_amount: 250000, current_amount: 5000, monthly_contribution: 600, annual_return_rate: 0.06, include_schedule: true };
  const first = await engine.cachedCall('goals.timeline', request);
  assert.deepEqual(first.cache, { hit: false, key: first.cache.key, reason: 'not stored' });
  assert.deepEqual([store.cache.stats().writes, store.cache.stats().dropped], [0, 1]);
  assert.deepEqual(await quota.keys('nestegg/cache/'), []);
  const again = await engine.cachedCall('goals.timeline', request);
  assert.equal(again.cache.hit, false);
  assert.deepEqual(again.result, first.result);
  // With room, the same call is stored and its times are given.
  const roomy = await createEngine({ store: await openStore(new MemoryStorage()) });
  const kept = await roomy.cachedCall('goals.timeline', request);
  assert.ok(kept.cache.expires_at > kept.cache.created_at);
  assert.equal((await roomy.cachedCall('goals.timeline', request)).cache.hit, true);
});

test('an upgrade blocked by another tab: the store answers from memory, then catches up', async () => {
  const name = `blocked-${process.pid}`;
  // Another tab holds the database open at an older version and ignores versionchange.
  const other = await new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const adapter = await pkg.indexedDBStorage(name, { openTimeoutMs: 1000 });
  const store = await openStore(adapter);
  // Its meta record could not be read: read-only until it can be, never "a new, empty store".
  assert.equal(store.status().readOnly, true);
  assert.match(store.status().lastError.message, /UpgradeBlockedError/);
  // Known to be blocked: later reads fail at once instead of waiting out the timeout again.
  const t = performance.now();
  await store.goals.list();
  assert.ok(performance.now() - t < 500, 'a read while blocked does not wait again');
  const goal = await store.goals.put({ name: 'Sofa', target_amount: 1200 });
  assert.equal((await store.goals.get(goal.id)).name, 'Sofa');
  other.close();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(await store.flush(), 0);
  const reopened = await openStore(await pkg.indexedDBStorage(name));
  assert.equal((await reopened.goals.get(goal.id)).name, 'Sofa');
});

test('our open connection never blocks another tab\'s upgrade', async () => {
  const adapter = await freshIdb();
  await adapter.set('nestegg/x', '1');
  const upgraded = await new Promise((resolve, reject) => {
    const req = indexedDB.open(adapter.name, 30);
    req.onblocked = () => reject(new Error('blocked by our connection'));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  upgraded.close();
  // The newer version now refuses IDBStore's version 22: a clear error, not a hang.
  await assert.rejects(adapter.get('nestegg/x'), (e) => e.name === 'VersionError');
});

// A hostile review's find: a ttlMs that is no number of milliseconds ('3600000' from a form field,
// 1e20) was stored unchecked; the call then threw a RangeError after writing the entry, and every
// later cachedCall of that request, from a new engine too, counted it a hit and threw again.
test('cachedCall: a ttlMs that is not a number of milliseconds is refused before anything is stored', async () => {
  const inner = new MemoryStorage();
  const store = await openStore(inner);
  const engine = await createEngine({ store });
  const request = { target_amount: 5000, monthly_contribution: 250 };
  for (const ttlMs of ['3600000', 1e20, Infinity, NaN, 0, -5, null]) {
    await assert.rejects(engine.cachedCall('goals.timeline', request, { ttlMs }), (e) => e instanceof NesteggError && e.field === 'ttlMs', String(ttlMs));
  }
  assert.deepEqual(await inner.keys('nestegg/cache/'), []);
  await assert.rejects(openStore(new MemoryStorage(), { ttlMs: '1' }), (e) => e.field === 'ttlMs');
  // An entry an older build wrote with such a ttl (a whole envelope, its checksum right) is
  // corrupt: recomputed, not served.
  const { envelope, openEnvelope } = await import(new URL('src/store_schema.js', `file://${pkgDir}/`).href);
  const good = await engine.cachedCall('goals.timeline', request, { ttlMs: 60000 });
  const [key] = await inner.keys('nestegg/cache/');
  const entry = openEnvelope(await inner.get(key), 'cache');
  await inner.set(key, envelope('cache', { ...entry, expires_at: `${entry.created_at}3600000` }));
  const again = await engine.cachedCall('goals.timeline', request);
  assert.equal(again.cache.hit, false);
  assert.deepEqual(again.result, good.result);
});

test('corrupt records: a cache entry is recomputed, a goal is quarantined, never served', async () => {
  const inner = new MemoryStorage();
  const store = await openStore(inner);
  const engine = await createEngine({ store });
  const request = { target_amount: 5000, current_amount: 0, monthly_contribution: 250, annual_return_rate: 0.03 };
  const first = await engine.cachedCall('goals.timeline', request);
  const [key] = await inner.keys('nestegg/cache/');
  const text = await inner.get(key);
  await inner.set(key, text.slice(0, text.length - 20));                 // truncated
  const second = await engine.cachedCall('goals.timeline', request);
  assert.equal(second.cache.hit, false);
  assert.deepEqual(second.result, first.result);
  await inner.set(key, (await inner.get(key)).replace('"final_balance":', '"final_balance":1'));  // altered
  assert.equal((await engine.cachedCall('goals.timeline', request)).cache.hit, false);
  assert.equal(store.cache.stats().corrupt, 2);

  const goal = await store.goals.put({ name: 'Car', target_amount: 9000 });
  await inner.set(`nestegg/goal/${goal.id}`, '{"schema":2,"type":"goal","data":{"name":"Car"');
  assert.deepEqual(await store.goals.list(), []);
  assert.equal(store.status().quarantined, 1);
  assert.match(await inner.get(`nestegg/quarantine/nestegg/goal/${goal.id}`), /"Car"/);
  // The key written again and broken again: the second copy goes beside the first, not over it.
  await store.goals.put({ ...goal, name: 'Van' });
  await inner.set(`nestegg/goal/${goal.id}`, '{"schema":2,"type":"goal","data":{"name":"Van"');
  assert.equal(await store.goals.get(goal.id), null);
  assert.match(await inner.get(`nestegg/quarantine/nestegg/goal/${goal.id}`), /"Car"/);
  assert.match(await inner.get(`nestegg/quarantine/nestegg/goal/${goal.id}#2`), /"Van"/);
  assert.equal(store.status().quarantined, 2);
});

// The key is of the text the engine is sent: JSON.stringify honours toJSON, an object's own keys
// do not (a class with a private field keyed every amount as {} and served one answer for all).
test('cachedCall keys what the engine is sent: values with toJSON are not all one key', async () => {
  class Money {
    #cents;
    constructor(dollars) { this.#cents = Math.round(dollars * 100); }
    toJSON() { return this.#cents / 100; }
  }
  const engine = await createEngine({ store: await openStore(new MemoryStorage()), config: { today: '2026-03-01' } });
  const ask = (target) => engine.cachedCall('goals.timeline', { target_amount: new Money(target), monthly_contribution: 450, start_date: '2024-01-15' });
  const first = await ask(10000);
  const second = await ask(20000);
  assert.equal(second.cache.hit, false);
  assert.notEqual(second.result.months_needed, first.result.months_needed);
  assert.equal(second.result.months_needed, engine.goals.timeline({ target_amount: 20000, monthly_contribution: 450, start_date: '2024-01-15' }).months_needed);
  assert.equal((await ask(20000)).cache.hit, true);
});

// A review's cases: cachedCall answered from the cache after dispose(), and a dispose() right after
// a training freed the engine before the queued save exported its models (flush() then resolved
// as if saved, and the next engine found none). Null options are no options.
test('dispose(): cachedCall says disposed, and a queued save still stores the models', async () => {
  const store = await openStore(new MemoryStorage());
  const engine = await createEngine({ store, config: { today: '2026-03-01' } });
  const request = { target_amount: 20000, current_amount: 1000, monthly_contribution: 400 };
  assert.equal((await engine.cachedCall('goals.timeline', request, null)).cache.hit, false);
  assert.equal((await engine.cachedCall('goals.timeline', request, null)).cache.hit, true);
  const months = Array.from({ length: 24 }, (_, i) => ({ month: `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, income: 5000 + 10 * i, expenses: 3000 + 40 * (i % 5) }));
  assert.equal(engine.savings.train({ history: months, user_id: 'ann' }).stored.version, 1);
  engine.dispose();
  await assert.rejects(engine.cachedCall('goals.timeline', request), (e) => e.code === 'disposed');
  await engine.flush();
  assert.equal(engine.storageStatus.lastError, null);
  const next = await createEngine({ store });
  assert.deepEqual(next.savings.models({ user_id: 'ann' }).models.map((m) => m.model_id), ['savings']);
  // Disposed by its own log sink during the training: the training's save still runs first.
  let self;
  self = await createEngine({ store, logSink: () => self.dispose() });
  assert.equal(self.savings.train({ history: months, user_id: 'bob' }).stored.version, 1);
  await self.flush();
  assert.equal(self.storageStatus.lastError, null);
  assert.deepEqual((await createEngine({ store })).savings.models({ user_id: 'bob' }).models.map((m) => m.model_id), ['savings']);
});

test('cachedCall: a repeat is a hit and says so; input, engine version, models, TTL invalidate', async () => {
  let clock = Date.parse('2026-03-01T00:00:00Z');
  const store = await openStore(new MemoryStorage(), { now: () => clock, ttlMs: 3600_000 });
  const engine = await createEngine({ store, config: { today: '2026-03-01' } });
  const request = { target_amount: 20000, current_amount: 1000, monthly_contribution: 400, annual_return_rate: 0.05 };
  const a = await engine.cachedCall('goals.timeline', request, { user: 'ann' });
  const b = await engine.cachedCall('goals.timeline', Object.fromEntries(Object.entries(request).reverse()), { user: 'ann' });
  assert.equal(a.cache.hit, false);
  assert.equal(b.cache.hit, true);
  assert.equal(b.cache.key, a.cache.key);
  assert.deepEqual(b.result, engine.goals.timeline(request), 'the cached answer is the engine\'s answer');
  assert.equal((await engine.cachedCall('goals.timeline', { ...request, monthly_contribution: 401 }, { user: 'ann' })).cache.hit, false);
  clock += 3600_000;
  assert.equal((await engine.cachedCall('goals.timeline', request, { user: 'ann' })).cache.hit, false, 'expired');
  assert.equal(store.cache.stats().expired, 1);

  // Another engine version: the same request must not match.
  const { attachCachedCall } = await import(new URL('src/cached_call.js', `file://${pkgDir}/`).href);
  const other = { call: (m, r) => engine.call(m, r) };
  attachCachedCall(other, store, { methods: engine.info().methods, version: '99.0.0', config: { today: '2026-03-01' }, today: () => '2026-03-01' });
  assert.equal((await other.cachedCall('goals.timeline', request, { user: 'ann' })).cache.hit, false);

  // Another config can change an answer (warnings for unknown fields): another key.
  const strict = await createEngine({ store, config: { today: '2026-03-01', warn_unknown_fields: true } });
  const warned = await strict.cachedCall('goals.timeline', { ...request, colour: 'blue' }, { user: 'ann' });
  assert.equal(warned.cache.hit, false);
  assert.ok(warned.result.warnings?.length, 'the strict engine answers with its warning, not the cached plain answer');
  assert.equal((await engine.cachedCall('goals.timeline', { ...request, colour: 'blue' }, { user: 'ann' })).cache.hit, false);

  // Models: retraining on different months changes the key, and the answer.
  engine.savings.train({ history: household.history, user_id: 'h' });
  const p1 = await engine.cachedCall('savings.predict', { user_id: 'h', horizon: 1 }, { user: 'ann' });
  assert.equal((await engine.cachedCall('savings.predict', { user_id: 'h', horizon: 1 }, { user: 'ann' })).cache.hit, true);
  engine.savings.train({ history: household.history.slice(0, 20), user_id: 'h' });
  const p2 = await engine.cachedCall('savings.predict', { user_id: 'h', horizon: 1 }, { user: 'ann' });
  assert.equal(p2.cache.hit, false);
  assert.notDeepEqual(p2.result.predictions, p1.result.predictions);

  // Errors are thrown as by call() and never stored.
  const entries = (await store.adapter.keys('nestegg/cache/')).length;
  await assert.rejects(engine.cachedCall('goals.timeline', { target_amount: -5 }), NesteggError);
  await assert.rejects(engine.cachedCall('goals.timeline', '{"target_amount": '), (e) => e.code === 'invalid_json');
  // Not in the method table as deterministic, nor a reader of the models: passed through.
  assert.equal((await engine.cachedCall('health', {})).cache.reason, 'not cacheable');
  assert.equal((await engine.cachedCall('savings.train', { history: household.history, user_id: 'h2' })).cache.reason, 'not cacheable');
  assert.equal((await store.adapter.keys('nestegg/cache/')).length, entries);

  await engine.cachedCall('goals.timeline', request, { user: 'bob' });
  assert.equal(await store.cache.invalidate({ user: 'bob' }), 1);
  assert.equal(await store.cache.invalidate({ type: 'savings.predict' }), 2);
  assert.ok(store.cache.stats().hits >= 2);
});

test('canonicalParsedJson (the edge handler\'s quick way) writes what canonicalJson writes, a -0 aside, for 2 000 random JSON texts', async () => {
  const { canonicalJson, canonicalParsedJson } = await import(new URL('src/request_key.js', `file://${pkgDir}/`).href);
  const random = mulberry32(19);
  const pick = (list) => list[Math.floor(random() * list.length)];
  // Keys that sort and iterate differently ("10" before "9" sorted, but array-index keys iterate
  // first and in number order), "__proto__", escapes, non-ASCII; numbers JSON cannot say exactly.
  const KEYS = ['a', 'b', 'B', 'é', '10', '9', '0', '1x', '__proto__', 'a"b', 'tab\t', '', 'z'];
  const NUMBERS = ['0', '-0', '1.5', '1e400', '-1e-400', '123456789012345678901234567890', '2.5e-7'];
  function value(depth) {
    const kind = depth > 3 ? pick(['n', 's', 'l']) : pick(['n', 's', 'l', 'o', 'a', 'o']);
    if (kind === 'n') return pick(NUMBERS);
    if (kind === 's') return JSON.stringify(pick(['x', 'ü', '"', '\n', '']));
    if (kind === 'l') return pick(['true', 'false', 'null']);
    const n = Math.floor(random() * 4);
    if (kind === 'a') return `[${Array.from({ length: n }, () => value(depth + 1)).join(',')}]`;
    return `{${Array.from({ length: n }, () => `${JSON.stringify(pick(KEYS))}:${value(depth + 1)}`).join(',')}}`;
  }
  let general = 0, inexact = 0;
  for (let i = 0; i < 2000; i++) {
    const parsed = JSON.parse(value(0));
    // A -0 ("-0", "-1e-400") is refused as a request key: the engine reads "-0" and "-0.0" apart.
    let negativeZero = false;
    JSON.stringify(parsed, (k, v) => { if (Object.is(v, -0)) negativeZero = true; return v; });
    const expected = negativeZero ? null : canonicalJson(parsed);
    assert.equal(canonicalParsedJson(parsed), expected, JSON.stringify(parsed));
    if (expected === null) inexact++;
    else if (/"(\d|__proto__)/.test(expected)) general++;
  }
  assert.ok(general > 50 && inexact > 50, `both fallbacks exercised (${general} general, ${inexact} inexact)`);
});

test('requestKey: one key for the prediction cache and the edge cache, independent of key order, compatible with stored entries', async () => {
  const { requestKey } = await import(new URL('src/request_key.js', `file://${pkgDir}/`).href);
  const base = { method: 'goals.timeline', version: '1.2.3', config: { today: '2026-03-01', limits: { max_paths: 10 } }, today: '2026-03-01' };
  const request = { b: 1, a: [1, { d: 2, c: 3 }] };
  const key = await requestKey({ ...base, request });
  // The same request in any key order, at any depth, as an object or as JSON text: one key.
  assert.equal(await requestKey({ ...base, request: { a: [1, { c: 3, d: 2 }], b: 1 } }), key);
  assert.equal(await requestKey({ ...base, request: '{"a":[1,{"c":3,"d":2}],"b":1}' }), key);
  assert.equal(await requestKey({ ...base, config: { limits: { max_paths: 10 }, today: '2026-03-01' }, request }), key);
  // Anything that can change the answer gives another key.
  const others = await Promise.all([
    { method: 'goals.reverse_plan' }, { version: '1.2.4' }, { config: { ...base.config, warn_unknown_fields: true } },
    { today: '2026-03-02' }, { request: { ...request, b: 2 } }, { request: { b: 1, a: [{ d: 2, c: 3 }, 1] } }, { registry: 'abc' },
  ].map((change) => requestKey({ ...base, request, ...change })));
  assert.equal(new Set([key, ...others]).size, others.length + 1, 'every change gives a key of its own');
  // What cannot be keyed exactly is not keyed.
  for (const bad of ['{"a": ', '{"a": 1e400}', undefined, { a: NaN }]) assert.equal(await requestKey({ ...base, request: bad }), null);
  // The keys of entries already on users' devices (computed by the release before this function
  // existed, by cached_call.js): unchanged, so stored cache records are still found.
  assert.equal(key, 'c4d4494694b485b8758b2e6ff874da86fd138ffb4e591a9918408ab241e13165');
  assert.equal(await requestKey({ ...base, method: 'savings.predict', request, registry: await sha256Hex('{"snapshot":{"a":1,"b":2}}') }),
    'b0c9bfb220e34117ba12f3a85c6da01558fd80b34337bf11d4cae849887c9a7e');

  // engine.cachedCall and the edge handler both key by it.
  const config = { today: '2026-03-01' };
  const engine = await createEngine({ store: await openStore(new MemoryStorage()), config });
  const timeline = { target_amount: 900, monthly_contribution: 100, start_date: '2024-01-01' };
  const { version } = engine.info();
  assert.equal((await engine.cachedCall('goals.timeline', timeline)).cache.key, await requestKey({ method: 'goals.timeline', request: timeline, version, config, today: '2026-03-01' }));
  const seen = [];
  const responseCache = { get: async (k) => { seen.push(k); }, set: async () => {}, delete: async () => {} };
  const handler = pkg.createHandler({ env: { NESTEGG_API_KEYS: 'key-0123456789abcdef', NESTEGG_LOG_LEVEL: 'off' }, engineOptions: { config }, responseCache, logSink: () => {} });
  const res = await handler.fetch(new Request('http://x/api/v1/goals.timeline', { method: 'POST', headers: { 'x-api-key': 'key-0123456789abcdef' }, body: JSON.stringify(timeline) }));
  assert.equal(res.status, 200);
  // The edge cache files it under the caller's tenant (the first 16 hex digits of the key's SHA-256).
  const tenant = (await sha256Hex('key-0123456789abcdef')).slice(0, 16);
  assert.deepEqual(seen, [`${tenant}/${await requestKey({ method: 'goals.timeline', request: timeline, version, config: { ...config, log_level: 'off', features: {} }, today: '2026-03-01' })}`]);
});

async function sha256Hex(text) {
  return Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).toString('hex');
}

test('goals and recommendations validate what they store and keep history', async () => {
  const store = await openStore(new MemoryStorage());
  for (const [goal, field] of [
    [{ target_amount: 10 }, 'name'], [{ name: 'x', target_amount: NaN }, 'target_amount'],
    [{ name: 'x', target_amount: -1 }, 'target_amount'], [{ name: 'x', target_amount: 10, target_date: '2026-02-30' }, 'target_date'],
    [{ name: 'x', target_amount: 10, status: 'done' }, 'status'], [[1, 2], 'goal'],
  ]) {
    await assert.rejects(store.goals.put(goal), (e) => e instanceof NesteggError && e.field === field, JSON.stringify(goal));
  }
  const g = await store.goals.put({ name: 'Fund', target_amount: 1000, target_date: '2028-02-29' });
  const updated = await store.goals.put({ ...g, current_amount: 200 });
  assert.equal(updated.created_at, g.created_at);
  const rec = await store.recommendations.add({ user: 'me', kind: 'budget', text: 'Spend less on takeout' });
  await store.recommendations.decide(rec.id, 'dismissed');
  await assert.rejects(store.recommendations.decide(rec.id, 'maybe'), (e) => e.field === 'outcome');
  assert.equal((await store.recommendations.list({ user: 'me' }))[0].outcome, 'dismissed');
  // Advice with a stable id is recorded once, and keeps its outcome when shown again.
  const shown = await store.recommendations.add({ id: 'goal-1/behind', user: 'me', text: 'Save 50 more' });
  await store.recommendations.decide(shown.id, 'accepted');
  const again = await store.recommendations.add({ id: 'goal-1/behind', user: 'me', text: 'Save 50 more' });
  assert.equal(again.outcome, 'accepted');
  assert.equal(again.id, 'goal-1/behind');
  assert.equal((await store.recommendations.list({ user: 'me' })).length, 2);
});

test('no storage at all (private mode, Node without a path): memory, reported', async () => {
  const store = await openStore(null, { reason: 'IndexedDB is not available' });
  assert.equal(store.status().persistent, false);
  assert.equal(store.status().lastError.message, 'IndexedDB is not available');
  const g = await store.goals.put({ name: 'Kept for the session', target_amount: 50 });
  assert.equal((await store.goals.list())[0].id, g.id);
});

test('CLI --store keeps models and the cache between runs', () => {
  const cli = path.join(pkgDir, 'bin/nestegg.mjs');
  const dir = tmp();
  const run = (method, request) => {
    const file = path.join(dir, 'request.json');
    writeFileSync(file, JSON.stringify(request));
    return JSON.parse(execFileSync('node', [cli, method, file, '--store', path.join(dir, 'data')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  };
  run('savings.train', { history: household.history, user_id: 'cli' });
  const predicted = run('savings.predict', { user_id: 'cli', horizon: 1 });
  assert.equal(predicted.predictions.length, 1, 'the model trained by the previous process was found');
  assert.deepEqual(run('savings.predict', { user_id: 'cli', horizon: 1 }), predicted);
  assert.ok(readdirSync(path.join(dir, 'data')).some((f) => f.startsWith('nestegg%2Fcache')));
});

// A hostile review's find: a save the folder refused (here a directory where the model's file
// goes: the rename fails) was answered "stored", silently, exit 0, and the model was gone with the
// process. Now the answer says not_saved, stderr says why, and the exit code is 3.
test('CLI --store: a save that fails is said, on stdout, on stderr and by exit code 3', () => {
  const cli = path.join(pkgDir, 'bin/nestegg.mjs');
  const dir = tmp();
  mkdirSync(path.join(dir, 'data', 'nestegg%2Fregistry%2Fmodel%2Fcli%2Fsavings.json'), { recursive: true });
  const file = path.join(dir, 'request.json');
  writeFileSync(file, JSON.stringify({ history: household.history, user_id: 'cli' }));
  const out = spawnSync('node', [cli, 'savings.train', file, '--store', path.join(dir, 'data')], { encoding: 'utf8' });
  assert.equal(out.status, 3);
  const answer = JSON.parse(out.stdout);
  assert.ok(answer.warnings.some((w) => w.code === 'not_saved'), out.stdout.slice(0, 300));
  assert.match(out.stderr, /^nestegg: not saved to .*EISDIR/);
  writeFileSync(file, JSON.stringify({ user_id: 'cli', horizon: 1 }));
  assert.equal(spawnSync('node', [cli, 'savings.predict', file, '--store', path.join(dir, 'data')]).status, 2, 'nothing stored: not_found');
});

// A review's finds: --store '' (an unset variable) stored nothing and said nothing; a folder under
// /proc hung the CLI (Node's recursive mkdir loops there); a folder removed while in use was never
// made again by that FileStorage.
test('CLI --store with an empty name or an impossible folder, and a folder removed while in use', async () => {
  const cli = path.join(pkgDir, 'bin/nestegg.mjs');
  const dir = tmp();
  const file = path.join(dir, 'request.json');
  writeFileSync(file, JSON.stringify({ history: household.history, user_id: 'cli' }));
  const empty = spawnSync('node', [cli, 'savings.train', file, '--store', ''], { encoding: 'utf8' });
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /--store needs a folder/);
  if (existsSync('/proc/self')) {
    const proc = spawnSync('node', [cli, 'savings.train', file, '--store', '/proc/nestegg-test/x'], { encoding: 'utf8', timeout: 20000 });
    assert.equal(proc.status, 3, `${proc.signal ?? ''} ${proc.stderr}`);
  }
  const folder = path.join(dir, 'gone', 'data');
  const store = await openStore(new FileStorage(folder));
  await store.goals.put({ id: 'a', name: 'A', target_amount: 1 });
  rmSync(path.join(dir, 'gone'), { recursive: true });
  await store.goals.put({ id: 'b', name: 'B', target_amount: 1 });
  await store.flush();
  assert.equal(store.status().lastError, null);
  assert.deepEqual((await (await openStore(new FileStorage(folder))).goals.list()).map((g) => g.id), ['b']);
});

test('indexedDBStorage where there is no IndexedDB (plain Node) refuses at once, saying what to use', () => {
  // Before, it resolved and then every read and write aborted with an Emscripten build hint, and a
  // store on it reported itself persistent while nothing was kept.
  const script = `const { indexedDBStorage } = await import(${JSON.stringify(new URL('src/node.js', `file://${pkgDir}/`).href)});
    try { await indexedDBStorage('x'); console.log('resolved'); } catch (e) { console.log(e.name + ': ' + e.message); }`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim();
  assert.match(out, /^NotSupportedError: IndexedDB is not available in this runtime \(in Node, use FileStorage/);
});
