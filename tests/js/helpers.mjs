// SPDX-License-Identifier: MIT
// Where the tests find the builds: the staged npm package (what users get) and the native CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const pkgDir = process.env.NESTEGG_PKG ?? path.join(root, 'build/wasm/npm');
export const nativeCli = process.env.NESTEGG_NATIVE_CLI ?? path.join(root, 'build/native/nestegg');
export const fixture = (name) => JSON.parse(readFileSync(path.join(root, 'tests/fixtures', name), 'utf8'));
/**
 * A staged package's Node entry as Node resolves it: its "node" export (node/index.js, the bundle,
 * since 2026-12-03; a plain string naming src/node.js in older builds), as a file URL.
 */
export function nodeEntryOf(dir) {
  const node = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).exports['.'].node;
  return new URL(typeof node === 'string' ? node : node.default, `file://${path.resolve(dir)}/`).href;
}
export const nodeEntry = nodeEntryOf(pkgDir);

const SHARED = ['CacheApiResponseCache', 'DenoKvStorage', 'DurableObjectRateLimiter', 'IndexedDBStorage', 'KvRateLimiter', 'KvResponseCache', 'LEGACY_ROUTES',
  'MemoryRateLimiter', 'MemoryResponseCache', 'MemoryStorage', 'NesteggError', 'RateLimitBindingLimiter', 'RateLimiterDurableObject',
  'SCHEMA_VERSION', 'WorkersKvStorage',
  'canonicalJson', 'createEngine', 'createHandler', 'openStore', 'readHttpConfig'];
/** What each runtime entry exports (loader.test.mjs checks node, browser and deno; runtimes.test.mjs workerd). */
export const ENTRY_EXPORTS = {
  node: [...SHARED, 'FileStorage', 'indexedDBStorage'].sort(),
  browser: [...SHARED, 'createWorkerEngine', 'indexedDBStorage'].sort(),
  deno: [...SHARED].sort(),
  workerd: [...SHARED].sort(),
};

/**
 * What users get: the staged package packed with `npm pack` into `work`, and installed (offline)
 * into an empty ESM project at `work`/app. Returns the tarball's path and the project's.
 */
export function installPackedPackage(work) {
  const tgz = path.join(work, execFileSync('npm', ['pack', '--silent', '--pack-destination', work, pkgDir], { encoding: 'utf8' }).trim().split('\n').pop());
  const app = path.join(work, 'app');
  mkdirSync(app, { recursive: true });
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tgz], { cwd: app, stdio: 'pipe' });
  return { tgz, app };
}

/** The package as a Node program gets it (the bundled entry). */
export async function loadPackage() {
  return import(nodeEntry);
}

/**
 * Native and wasm answers agree: the same keys and texts, numbers equal or within 1e-12 relative
 * (the two builds' arithmetic is the same IEEE, but libm and summation order may differ in the last bit).
 */
export function agree(a, b, path) {
  if (typeof a === 'number' && typeof b === 'number') {
    assert.ok(a === b || relDiff(a, b) <= 1e-12, `${path}: native ${a} vs wasm ${b}`);
  } else if (Array.isArray(a)) {
    assert.ok(Array.isArray(b) && a.length === b.length, `${path}: length`);
    a.forEach((x, i) => agree(x, b[i], `${path}[${i}]`));
  } else if (a && typeof a === 'object') {
    assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort(), `${path}: keys`);
    for (const k of Object.keys(a)) agree(a[k], b[k], `${path}.${k}`);
  } else {
    assert.equal(b, a, path);
  }
}

/** `fn` throws the package's NesteggError with this code and field. */
export function expectError(fn, code, field) {
  assert.throws(fn, (e) => {
    assert.equal(e?.name, 'NesteggError', `not a NesteggError: ${e}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.field, field, e.message);
    return true;
  });
}

/** Relative difference, with an absolute floor for values near zero. */
export function relDiff(a, b) {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

/**
 * The package as miniflare modules under /w/npm, plus the given worker script at /w/worker.mjs:
 * every src/*.js (so a new module never goes missing in workerd), the glue, and the .wasm as a
 * CompiledWasm module, the way wrangler bundles it.
 */
export function workerdModules(packageDir, workerPath) {
  const file = (p) => readFileSync(path.join(packageDir, p));
  const sources = readdirSync(path.join(packageDir, 'src')).filter((f) => f.endsWith('.js'));
  return [
    { type: 'ESModule', path: '/w/worker.mjs', contents: readFileSync(workerPath) },
    ...sources.map((f) => ({ type: 'ESModule', path: `/w/npm/src/${f}`, contents: file(`src/${f}`) })),
    { type: 'ESModule', path: '/w/npm/dist/nestegg.js', contents: file('dist/nestegg.js') },
    { type: 'CompiledWasm', path: '/w/npm/dist/nestegg.wasm', contents: file('dist/nestegg.wasm') },
  ];
}

/** A seeded generator of [0, 1) numbers (mulberry32): the same requests on every run and runtime. */
export function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
