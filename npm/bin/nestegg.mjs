#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// `nestegg <method> [file|-] [--config file] [--store dir] [--log]`: the same contract as the
// native CLI, on the wasm build. Reads the request from the file, from stdin for "-" or with no
// file when stdin is not a terminal (on a terminal the request is {}, so `info` answers at once);
// prints the JSON response on one line; exit 0 on success, 2 on a structured error, 1 on a wrong
// command line, 3 when a change to the stored models could not be written (the answer carries a
// not_saved warning, and the change is lost with the process). Quiet by default: call logs go to
// stderr with --log or NESTEGG_LOG_LEVEL. With --store (or NESTEGG_STORE) trained models and the
// prediction cache are kept in that folder between runs; cache hits are noted on stderr.
import { existsSync, readFileSync } from 'node:fs';

// The package's Node entry (node/index.js, what `import 'nestegg'` gets in Node). In the published
// package it sits next to bin/; in a source checkout the package is staged by the build
// (build/wasm/npm), so look there too.
const here = new URL('../', import.meta.url);
const candidates = [new URL('node/index.js', here), new URL('../build/wasm/npm/node/index.js', here)];
const entry = candidates.find((u) => existsSync(u) && existsSync(new URL('../dist/nestegg.wasm', u)));
if (!entry) {
  process.stderr.write('nestegg: the wasm build is missing; run `bash tests/run.sh` (or build wasm/) first\n');
  process.exit(1);
}
const { createEngine, FileStorage, NesteggError, openStore } = await import(entry.href);

const args = process.argv.slice(2);
const usage = 'usage: nestegg <method> [request.json | -] [--config config.json] [--store dir] [--log]\n' +
  'Reads a JSON request (stdin when the file is \'-\', or missing and stdin is not a terminal; otherwise {})\n' +
  'and prints the JSON response. Exit 0 on success, 2 on a structured error, 1 on a wrong command line,\n' +
  '3 when a change could not be written to --store (the answer says not_saved).\n' +
  'Call logs on stderr with --log or NESTEGG_LOG_LEVEL=debug|info|warn|error|off; --store (or NESTEGG_STORE)\n' +
  'keeps trained models and the prediction cache in that folder between runs.\n';
const LEVELS = ['debug', 'info', 'warn', 'error', 'off'];
let configPath = null;
let logLevel = process.env.NESTEGG_LOG_LEVEL || null;
if (logLevel && !LEVELS.includes(logLevel)) {
  process.stderr.write('nestegg: NESTEGG_LOG_LEVEL must be debug, info, warn, error or off\n');
  process.exit(1);
}
let log = Boolean(logLevel);
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
    // An empty folder name ("--store \"$UNSET\"") would store nothing and say nothing.
    if (storeDir === '') {
      process.stderr.write(`nestegg: --store needs a folder, got an empty name\n${usage}`);
      process.exit(1);
    }
  } else if (args[i] === '--log') {
    log = true;
  } else if (args[i].length > 1 && args[i].startsWith('-')) {  // an unknown option, or one without its value
    const needs = args[i] === '--config' || args[i] === '--store';
    process.stderr.write(`nestegg: ${args[i]} ${needs ? 'needs a value' : 'is not an option'}\n${usage}`);
    process.exit(1);
  } else {
    positional.push(args[i]);
  }
}
if (positional.length < 1 || positional.length > 2) {
  process.stderr.write(usage);
  process.exit(1);
}
const [method, file = process.stdin.isTTY ? null : '-'] = positional;

function readBytes(path) {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    process.stderr.write(`nestegg: cannot read ${path}: ${e.message}\n`);
    process.exit(1);
  }
}

// The offset of the first byte that breaks UTF-8 (-1 when there is none): where a byte-level JSON
// reader such as the native CLI's stops.
function firstInvalidUtf8(bytes) {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i + k;
    }
    i += need + 1;
  }
  return -1;
}

// Request text as the native CLI sees it: bytes that are not UTF-8 are refused, not replaced.
function readText(path) {
  const bytes = readBytes(path);
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    fail({ code: 'invalid_json', message: `request is not valid JSON (syntax error near byte ${bad + 1})`, field: '' });
  }
  return bytes.toString('utf8');
}

function fail(error) {
  const { code, field, message } = new NesteggError(error);  // keys in the native CLI's (sorted) order
  process.stdout.write(JSON.stringify({ error: { code, field, message } }) + '\n');
  process.exit(2);
}

let engine;
try {
  let config = {};
  if (configPath) {
    try {
      config = JSON.parse(readText(configPath));
    } catch {
      fail({ code: 'invalid_json', message: 'config is not valid JSON', field: 'config' });
    }
  }
  const store = storeDir ? await openStore(new FileStorage(storeDir)) : null;
  if (store?.status().degraded) process.stderr.write(`nestegg: store ${storeDir}: ${store.status().lastError.message}\n`);
  if (logLevel) config = { ...config, log_level: logLevel };
  const logSink = log ? (line) => process.stderr.write(JSON.stringify(line) + '\n') : undefined;
  engine = await createEngine({ config, store, logSink });
} catch (e) {
  if (e.code) fail(e);
  throw e;
}
try {
  // Raw text goes straight to the engine, so the native and wasm CLIs validate the same bytes.
  // No file named and nothing piped (or an empty pipe): the request is {}, as for info or health.
  const piped = file === null ? '' : readText(file);
  const text = positional.length < 2 && piped.trim() === '' ? '{}' : piped;
  let response;
  let notSaved = null;
  if (storeDir) {  // the engine has cachedCall exactly when it has a store
    const { result, cache } = await engine.cachedCall(method, text);
    if (cache.hit) process.stderr.write(`nestegg: answered from the cache (stored ${cache.created_at})\n`);
    response = result;
    await engine.flush();
    // As the edge handler and the Web Worker say it: a change that did not reach the folder.
    notSaved = await engine[Symbol.for('nestegg.saveOutcome')](method);
    if (notSaved) response.warnings = [...(response.warnings ?? []), notSaved];
  } else {
    response = engine.call(method, text);
  }
  process.stdout.write(JSON.stringify(response) + '\n');
  if (notSaved) {
    process.stderr.write(`nestegg: not saved to ${storeDir}: ${notSaved.message}\n`);
    process.exitCode = 3;
  }
} catch (e) {
  if (e.name === 'NesteggError') fail(e);
  throw e;
}
