// SPDX-License-Identifier: MIT
// The demo's export and restore: everything the store holds that is the person's (their figures,
// goals, recommendation history, benchmarks, the trained savings models), in one versioned file.
// The prediction cache is left out: it is derived (recomputed on demand, keyed by the request).
//
//   nestegg.export/2  {format, exported_at, store_schema, profile, goals[], recommendations[],
//                      benchmarks[], registry: savings.export's snapshot, left_out[]}
//   nestegg.export/1  {format, exported_at, profile, goals[]}  (the first demo's files: restoring one
//                      replaces the figures and goals and leaves the rest as it is)
//
// A restore reads and checks the whole file first — every goal through the store's own validator,
// the models through the engine's own savings.import on an engine of their own — and only then
// writes, in one batch (one IndexedDB transaction): a bad file changes nothing.
import { MemoryStorage } from './pkg/src/storage.js';
import { RECORD_PREFIX, RegistryRecords, snapshotRecords } from './pkg/src/registry_records.js';
import { envelope } from './pkg/src/store_schema.js';

export const FORMAT = 'nestegg.export/2';
const FORMATS = ['nestegg.export/1', FORMAT];
const OUTCOMES = [null, 'accepted', 'dismissed'];
// Record kinds a restore replaces: its keys go, the file's are written (meta and quarantine stay).
const REPLACED = { goals: 'nestegg/goal/', recommendations: 'nestegg/recommendation/', benchmarks: 'nestegg/benchmark/',
  registry: RECORD_PREFIX, cache: 'nestegg/cache/' };

/** Everything the store holds that is not derived, as an export object. */
export async function buildExport(store) {
  const registry = RegistryRecords.snapshot((await new RegistryRecords(store.adapter).read()).entries);
  return {
    format: FORMAT,
    exported_at: new Date().toISOString(),
    store_schema: store.status().schema,
    // Strict reads: a backup taken during a read fault must fail, never hold empty lists that a
    // restore would then put in place of everything stored.
    profile: await store.profile.get({ strict: true }),
    goals: await store.goals.list({ strict: true }),
    recommendations: await store.recommendations.list({ strict: true }),
    benchmarks: await store.benchmarks.list({ strict: true }),
    registry,
    left_out: ['the prediction cache (derived: recomputed when asked)'],
  };
}

const problem = (field, message) => Object.assign(new Error(message), { field });
const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const isText = (x) => typeof x === 'string' && x.length > 0;

function checkList(data, name) {
  const list = data[name] ?? [];
  if (!Array.isArray(list)) throw problem(name, `${name} must be an array`);
  return list;
}

// Ids unique within a kind: two records with one key would make one silently win.
function checkUnique(list, name, key) {
  const seen = new Set();
  list.forEach((r, i) => {
    if (seen.has(r[key])) throw problem(`${name}[${i}].${key}`, `${key} "${r[key]}" appears twice`);
    seen.add(r[key]);
  });
}

// Goals through the store's own checks (a store in memory: nothing is written anywhere).
async function checkGoals(goals, openStore) {
  const scratch = await openStore(new MemoryStorage());
  for (const [i, goal] of goals.entries()) {
    if (!isObject(goal) || !isText(goal.id)) throw problem(`goals[${i}].id`, 'every goal needs an id (a non-empty string)');
    try {
      await scratch.goals.put(goal);
    } catch (e) {
      throw problem(`goals[${i}].${e.field ?? ''}`, `goal "${goal.name ?? goal.id}": ${e.message}`);
    }
  }
  checkUnique(goals, 'goals', 'id');
}

function checkRecommendation(r, i) {
  const at = (f) => `recommendations[${i}].${f}`;
  if (!isObject(r)) throw problem(at(''), 'a recommendation must be an object');
  for (const f of ['id', 'user', 'kind', 'text', 'created_at']) if (!isText(r[f])) throw problem(at(f), `${f} must be a non-empty string`);
  if (!OUTCOMES.includes(r.outcome ?? null)) throw problem(at('outcome'), 'outcome must be accepted, dismissed or null');
  if ((r.outcome ?? null) !== null && !isText(r.decided_at)) throw problem(at('decided_at'), 'a decided recommendation needs decided_at');
}

function checkBenchmark(b, i) {
  if (!isObject(b) || !isText(b.name)) throw problem(`benchmarks[${i}].name`, 'name must be a non-empty string');
  if (!isText(b.recorded_at)) throw problem(`benchmarks[${i}].recorded_at`, 'recorded_at must be a non-empty string');
}

// The models through the engine's own reader, on an engine without storage.
async function checkRegistry(registry, createEngine) {
  if (!isObject(registry)) throw problem('registry', 'registry must be a savings.export snapshot');
  const scratch = await createEngine();
  try {
    scratch.savings.import({ snapshot: registry });
  } catch (e) {
    throw problem(`registry.${e.field ?? ''}`, `the savings models: ${e.message}`);
  }
}

/**
 * Parses and checks a whole export file; resolves to { data, ops, summary } — ops the writes that
 * make the store hold exactly the file (a batch) — or throws an error naming the field.
 * @param {string} text the file
 * @param {{store, openStore, createEngine}} deps the live store (for the keys to replace) and the package's factories
 */
export async function planRestore(text, { store, openStore, createEngine }) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw problem('file', `not JSON (${e.message})`);
  }
  if (!isObject(data) || !FORMATS.includes(data.format)) throw problem('format', `not a nestegg export file (format must be ${FORMATS.join(' or ')})`);
  const v2 = data.format === FORMAT;
  if (data.profile !== undefined && data.profile !== null && !isObject(data.profile)) throw problem('profile', 'profile must be an object or null');
  const goals = checkList(data, 'goals');
  await checkGoals(goals, openStore);
  const recommendations = v2 ? checkList(data, 'recommendations') : [];
  recommendations.forEach(checkRecommendation);
  checkUnique(recommendations, 'recommendations', 'id');
  const benchmarks = v2 ? checkList(data, 'benchmarks') : [];
  benchmarks.forEach(checkBenchmark);
  checkUnique(benchmarks, 'benchmarks', 'name');
  const registry = v2 ? data.registry ?? { format: 'nestegg.registry/1', models: [], experiments: {} } : null;
  if (registry) await checkRegistry(registry, createEngine);

  // The writes: what the file holds, after the removal of what it replaces.
  const kinds = v2 ? Object.values(REPLACED) : [REPLACED.goals];
  const ops = [];
  for (const prefix of kinds) for (const key of await store.adapter.keys(prefix)) ops.push({ key });
  ops.push(data.profile ? { key: 'nestegg/profile', value: envelope('profile', data.profile) } : { key: 'nestegg/profile' });
  const key = (prefix, id) => `${prefix}${encodeURIComponent(id)}`;
  for (const g of goals) ops.push({ key: key(REPLACED.goals, g.id), value: envelope('goal', g) });
  for (const r of recommendations) ops.push({ key: key(REPLACED.recommendations, r.id), value: envelope('recommendation', { ...r, outcome: r.outcome ?? null, decided_at: r.decided_at ?? null }) });
  for (const b of benchmarks) ops.push({ key: key(REPLACED.benchmarks, b.name), value: envelope('benchmark', b) });
  if (registry) for (const [k, value] of snapshotRecords(registry)) ops.push({ key: k, value });
  // A key both removed and written: the write comes later in the batch, so it wins.
  const summary = { format: data.format, exported_at: data.exported_at ?? null, profile: Boolean(data.profile), goals: goals.length,
    recommendations: recommendations.length, benchmarks: benchmarks.length, models: registry?.models?.length ?? null };
  return { data, ops, summary };
}

/** One line saying what a restore brought back. */
export function describeRestore(s) {
  const parts = [s.profile ? 'your figures' : 'no figures', `${s.goals} goal${s.goals === 1 ? '' : 's'}`];
  if (s.format === FORMAT) parts.push(`${s.recommendations} recommendation${s.recommendations === 1 ? '' : 's'}`, `${s.benchmarks} benchmark${s.benchmarks === 1 ? '' : 's'}`, `${s.models} savings model${s.models === 1 ? '' : 's'}`);
  return `Restored ${parts.join(', ')} from ${s.exported_at ?? 'an undated export'} (${s.format}).`;
}
