#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// `nestegg <method> [file|-] [--config file] [--store dir]`: the same contract as the native CLI,
// on the wasm build. Prints the JSON response on one line; exit 0 on success, 2 on a structured
// error, 1 on a wrong command line. With --store (or NESTEGG_STORE) trained models and the
// prediction cache are kept in that folder between runs; cache hits are noted on stderr.
import { existsSync, readFileSync } from 'node:fs';

// In the published package dist/ sits next to bin/. In a source checkout the package is staged
// by the build (build/wasm/npm), so look there too.
const here = new URL('../', import.meta.url);
const candidates = [new URL('src/node.js', here), new URL('../build/wasm/npm/src/node.js', here)];
const entry = candidates.find((u) => existsSync(new URL('../dist/nestegg.wasm', u)));
if (!entry) {
  process.stderr.write('nestegg: the wasm build is missing; run `bash tests/run.sh` (or build wasm/) first\n');
  process.exit(1);
}
const { createEngine, FileStorage, NesteggError, openStore } = await import(entry.href);

const args = process.argv.slice(2);
const usage = 'usage: nestegg <method> [request.json | -] [--config config.json] [--store dir]\n';
let configPath = null;
let storeDir = process.env.NESTEGG_STORE || null;
const positional = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--help' || args[i] === '-h') {
    process.stderr.write(usage);
    process.exit(0);
  } else if (args[i] === '--config' && i + 1 < args.length) {
    configPath = args[++i];
  } else if (args[i] === '--store' && i + 1 < args.length) {
    storeDir = args[++i];
  } else {
    positional.push(args[i]);
  }
}
if (positional.length < 1 || positional.length > 2) {
  process.stderr.write(usage);
  process.exit(1);
}
const [method, file = '-'] = positional;

function read(path) {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    process.stderr.write(`nestegg: cannot read ${path}: ${e.message}\n`);
    process.exit(1);
  }
}

function fail(error) {
  process.stdout.write(JSON.stringify(new NesteggError(error).toJSON()) + '\n');
  process.exit(2);
}

let engine;
try {
  let config = {};
  if (configPath) {
    try {
      config = JSON.parse(read(configPath));
    } catch {
      fail({ code: 'invalid_json', message: 'config is not valid JSON', field: 'config' });
    }
  }
  const store = storeDir ? await openStore(new FileStorage(storeDir)) : null;
  if (store?.status().degraded) process.stderr.write(`nestegg: store ${storeDir}: ${store.status().lastError.message}\n`);
  engine = await createEngine({ config, store, logSink: (line) => process.stderr.write(JSON.stringify(line) + '\n') });
} catch (e) {
  if (e.code) fail(e);
  throw e;
}
try {
  // Raw text goes straight to the engine, so the native and wasm CLIs validate the same bytes.
  const text = read(file);
  let response;
  if (storeDir) {  // the engine has cachedCall exactly when it has a store
    const { result, cache } = await engine.cachedCall(method, text);
    if (cache.hit) process.stderr.write(`nestegg: answered from the cache (stored ${cache.created_at})\n`);
    response = result;
    await engine.flush();
  } else {
    response = engine.call(method, text);
  }
  process.stdout.write(JSON.stringify(response) + '\n');
} catch (e) {
  if (e.name === 'NesteggError') fail(e);
  throw e;
}
