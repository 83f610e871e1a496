// SPDX-License-Identifier: MIT
// The runtime-independent part of the package: wraps the embind module into the public Engine.
import { timeoutOrDefault, within } from './deadline.js';
import { REGISTRY_KEY } from './storage.js';
import { NesteggError, describeError } from './errors.js';

// The shared loader (loader.js) instantiates the module and calls createEngineWith().

// JSON.stringify turns NaN and Infinity into null, which would reach the engine as "wrong type".
// Catch them here with the path the caller used, so the error says what really happened. The path
// (`keys`) and the objects above (`above`, for cycles) are stacks, and the field's name is written
// only for an error: building a path string and a set entry per value took a tenth of a small
// call's time in wasm.
function checkSerialisable(value, keys, above, sentByToJSON = false) {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw unsendable('not_finite', keys, 'must be a finite number');
  } else if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') {
    throw unsendable('wrong_type', keys, `cannot be sent as JSON (${typeof value})`);
  } else if (value && typeof value === 'object') {
    // What JSON.stringify sends: toJSON's value (called once, as it does), a boxed primitive's
    // value. Tags, not instanceof, so that a Date or Number from another realm counts too.
    const tag = Object.prototype.toString.call(value);
    if (!sentByToJSON && typeof value.toJSON === 'function') {
      const sent = value.toJSON(String(keys.at(-1)));
      if (tag === '[object Date]' && sent === null) throw unsendable('invalid_date', keys, 'is an invalid Date');
      return checkSerialisable(sent, keys, above, true);
    }
    if (tag === '[object Number]' || tag === '[object BigInt]') return checkSerialisable(value.valueOf(), keys, above, true);
    if (above.includes(value)) throw unsendable('wrong_type', keys, 'refers to itself');
    above.push(value);
    const typed = isTypedArray(value);
    if (typed) above.typed = true;  // toRequestText sends it as the array it holds
    if (Array.isArray(value) || typed) {
      for (let i = 0; i < value.length; i++) checkSerialisable(value[i], pushed(keys, i), above), keys.pop();
    } else {
      for (const k of Object.keys(value)) {
        if (k === 'toJSON' && sentByToJSON) continue;  // `toJSON() { return this }`: the method is not sent
        checkSerialisable(value[k], pushed(keys, k), above), keys.pop();
      }
    }
    above.pop();
  }
}

const pushed = (keys, key) => (keys.push(key), keys);
// A Float64Array or any typed array (tags, as above: another realm's too), not a DataView.
const isTypedArray = (v) => ArrayBuffer.isView(v) && Object.prototype.toString.call(v) !== '[object DataView]';

// keys [root, 'goals', 0, 'amount'] name the field root.goals[0].amount (root '' for a request).
function unsendable(code, keys, rule) {
  const field = keys.reduce((path, k) => (typeof k === 'number' ? `${path}[${k}]` : path ? `${path}.${k}` : k), '');
  return new NesteggError({ code, message: `${field || 'request'} ${rule}`, field });
}

function toRequestText(request) {
  if (typeof request === 'string') return request;  // raw JSON: the engine validates it
  if (request === undefined) return '{}';
  const above = [];
  let text;
  try {
    checkSerialisable(request, [''], above);
    // A typed array goes as the array it holds: JSON.stringify alone sends {"0": 1, "1": 2}.
    text = above.typed ? JSON.stringify(request, (k, v) => (isTypedArray(v) ? Array.from(v) : v)) : JSON.stringify(request);
  } catch (e) {
    // Nesting past the JavaScript stack (20 000 levels), as the engine refuses it sent as text
    // (V8 and JavaScriptCore throw a RangeError, SpiderMonkey an InternalError); a caller's own
    // RangeError (a toJSON's toFixed(200)) is the caller's.
    const overflow = (e instanceof RangeError && /call stack/i.test(e.message)) || e?.name === 'InternalError';
    if (overflow) throw new NesteggError({ code: 'too_large', message: 'request nests too deep to be sent', field: '' });
    throw e;
  }
  // A toJSON that returns undefined sends nothing at all.
  if (text === undefined) throw new NesteggError({ code: 'wrong_type', message: 'request must be a JSON value (its toJSON returned undefined)', field: '' });
  return text;
}

// An options argument: absent or null is {}, anything else but an object is refused.
export function optionsObject(value, field) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw new NesteggError({ code: 'wrong_type', message: `${field} must be an object`, field });
  return value;
}

// Requests of this many characters and more cross into wasm through TextEncoder.encodeInto
// (native.callLong); shorter ones through embind's own string conversion (native.call), which
// costs less per call than the encoder's set-up below about this size. The two break even between
// 132 and 252 characters (tests/bench/bench_request_crossing.mjs); at 2 000 the encoder saves a
// fifth of a naive forecast's call. Both give the same UTF-8 except around UTF-16 surrogates:
// embind's loop pairs a lone one with whatever follows ("a\ud800x" became "a\u{10078}"), where
// the encoder writes U+FFFD. A text holding any surrogate takes the encoder, so that a request's
// bytes, and its answer, never depend on its length.
const LONG_REQUEST = 200;
const SURROGATE = /[\ud800-\udfff]/;
const callNative = (native, method, text, requestId) =>
  (text.length < LONG_REQUEST && !SURROGATE.test(text)
    ? native.call(method, text, requestId)
    : native.callLong(method, text, requestId));

function parseResponse(text) {
  const response = JSON.parse(text);
  if (response && typeof response === 'object' && 'error' in response && Object.keys(response).length === 1) {
    throw new NesteggError(response.error);
  }
  return response;
}

// The engine's answer as its JSON text, thrown as parseResponse throws it when it is an error.
// The engine writes an error as {"error":{...}} and nothing else, so only a text that starts so is
// parsed: an answer passed on as text (the edge handler's body) skips a parse and a stringify.
function checkResponseText(text) {
  if (text.startsWith('{"error":')) parseResponse(text);
  return text;
}

/**
 * The engine's answer as JSON text, for a host that only passes it on (the edge handler): the
 * engine's call with none of the JS objects built. Not part of the public Engine.
 */
export const callText = Symbol('nestegg.callText');
// Throws `disposed` on an engine that was disposed (the typed-array and cached calls check first).
// Registered, as saveOutcome is, so that a second copy of this file (the Node bundle's, and a
// src/ import beside it) reaches the same method.
export const ensureLive = Symbol.for('nestegg.ensureLive');

/**
 * For a host that answers only once a change is stored (the edge handler, the Web Worker, the
 * CLI): `await engine[saveOutcome](method, { timeoutMs })` after a call of `method` waits for the
 * saves of the calls made so far and resolves to a `not_saved` warning when that call changed the
 * stored models and their write failed (the change lives in this engine and the next save
 * retries it), or when the storage has not answered within `timeoutMs` (default 10 s: a write
 * that never settles held every later answer of the handler), else null.
 * Not part of the public Engine; registered (Symbol.for) so that the CLI, which imports the
 * package's public entry, reaches the same check.
 */
export const saveOutcome = Symbol.for('nestegg.saveOutcome');
const SAVE_LATE = Symbol('late');

function attachTypedMethods(engine, methods) {
  // engine.goals.timeline(req) and friends, generated from the engine's own method table.
  for (const { name } of methods) {
    const parts = name.split('.');
    if (parts.length !== 2) continue;
    const [group, method] = parts;
    engine[group] ??= {};
    engine[group][method] = (request) => engine.call(name, request);
  }
}

// Loads the stored registry (registry_records.js: one record per model). A read that throws is
// never taken for "nothing stored": it is retried once, and if it fails again the engine answers
// from memory and writes nothing (status.readOnly), so no save can replace models it never saw.
// A record that cannot be read is kept aside under another key before anything can replace it.
async function loadRegistry(native, records, storage, status, openTimeoutMs) {
  const { RegistryRecords } = await import('./registry_records.js');
  let read;
  for (let attempt = 1; ; attempt++) {
    try {
      // A read that never answers is a fault too (the engine's start would wait for ever).
      read = await within(records.read(), openTimeoutMs, null);
      if (read === null) {
        status.lastError = { name: 'TimeoutError', message: `the stored models have not been read within ${openTimeoutMs} ms; nothing is saved until this engine is created again` };
        status.readOnly = true;
        return;
      }
      break;
    } catch (e) {
      const { name, message } = describeError(e);
      status.lastError = { name, message: `the stored models could not be read (${message}); nothing is saved until they can be` };
      if (attempt === 2) {
        status.readOnly = true;
        return;
      }
    }
  }
  // Merged in parts: a registry over the engine's request limit (max_request_bytes) is read in
  // halves until each part fits, and a part that fails for a bad record is halved until that
  // record stands alone; only it is rejected (before: one import of the whole, which a large
  // registry failed, and the engine went on with no models as if none were stored).
  const importSnapshot = (entries) => {
    try {
      return JSON.parse(callNative(native, 'savings.import', RegistryRecords.importRequest(entries), ''));
    } catch {
      return { error: { message: 'stored registry is not JSON' } };
    }
  };
  const rejected = [];
  const oversized = new Map();  // records sound but over this engine's request limits: the refusal by record
  const importParts = (entries) => {
    const error = entries.length === 0 ? null : importSnapshot(entries).error;
    if (!error) return;
    if (entries.length === 1) {
      if (error.code !== 'too_large') return void rejected.push(entries[0]);
      return void oversized.set(entries[0], error.message);
    }
    importParts(entries.slice(0, entries.length >> 1));
    importParts(entries.slice(entries.length >> 1));
  };
  importParts(read.entries);
  if (oversized.size) {
    // Not corrupt, only larger than one request may be here (a user trained often under a low
    // limit: its bytes, or its values and keys): loaded by an engine with a higher limit. This
    // one saves nothing, so no training writes over them.
    status.readOnly = true;
    const which = [...oversized].map(([e, refusal]) => `${e.key} (${refusal})`).join(', ');
    status.lastError = { name: 'NesteggError', message: `stored models larger than this engine's request limits: ${which}; raise limits.max_request_bytes, max_json_values or max_json_depth to load them; nothing is saved until then` };
    return;
  }
  const good = read.entries.filter((e) => !rejected.includes(e));
  const aside = [...read.unreadable, ...rejected.map((e) => [e.key, e.text])];
  const notKept = [], kept = [];
  for (const [key, text] of aside) {
    if (await keptAside(storage, key, text)) kept.push([key, text]);
    else notKept.push(key);  // not kept: never risk writing over it
  }
  if (notKept.length) status.readOnly = true;
  if (aside.length) {
    const how = notKept.length ? `; a copy of ${notKept.join(', ')} could not be kept aside, so nothing is saved until this engine is created again` : ' (kept aside)';
    status.lastError = { name: 'NesteggError', message: `stored registry rejected: ${aside.map(([k]) => k).join(', ')}${how}` };
  }
  records.loaded(good, kept);
  status.loaded = !status.readOnly && aside.length === 0;
}

// Keeps a record that cannot be loaded under a side key of its own, once: the same text found at
// the next start is already kept (before: a new copy at every start, until storage was full). A
// write a store only holds in memory (it answers false) is not kept. Reads are strict here: a
// slot that cannot be read is not taken for free. Resolves whether the text is kept.
async function keptAside(storage, key, text) {
  const base = `${REGISTRY_KEY}.unreadable-${key.slice(REGISTRY_KEY.length).replace(/\//g, '~')}`;
  try {
    for (let n = 0; n < 100; n++) {
      const slot = n === 0 ? base : `${base}-${n}`;
      const there = await storage.get(slot);
      if (there === text) return true;
      if (there === undefined || there === null) return (await storage.set(slot, text)) !== false;
    }
  } catch {
    // unreadable or refused: not kept
  }
  return false;
}

const storageUnavailable = (method) => new NesteggError({ code: 'storage_unavailable', field: '',
  message: `${method} depends on the stored models, which this engine could not read or keep aside at its start (storageStatus says why); create the engine again once storage reads` });

// Whether a call of a registry method depends on the stored models: every one does, except a
// savings.train that stores nothing (no user_id, or store: false) and a savings.predict given its
// model inline. Only asked while read-only.
function needsStoredModels(method, request) {
  if (method !== 'savings.train' && method !== 'savings.predict') return true;
  let r = request;
  try {
    if (typeof r === 'string') r = JSON.parse(r);
  } catch {
    return false;  // not JSON: the engine refuses it with invalid_json, touching nothing
  }
  if (!r || typeof r !== 'object') return false;
  if (method === 'savings.predict') return r.model === undefined;
  return r.user_id !== undefined && r.store !== false;
}

// engine.savings.trainMatrix / predictMatrix: the typed-array path. The arrays are copied into
// wasm memory once and named in an ordinary savings.train / savings.predict request, so the same
// handler, validation, metrics and logs apply; they are released after the call.
function attachMatrixMethods(engine, native, inside) {
  const matrix = (X, rows, cols, field) => {
    if (!(X instanceof Float64Array)) {
      throw new NesteggError({ code: 'wrong_type', message: `${field} must be a Float64Array (row-major)`, field });
    }
    if (!Number.isInteger(rows) || X.length !== rows * cols) {
      throw new NesteggError({ code: 'invalid_value', message: `${field} must hold rows x columns = ${rows * cols} numbers`, field });
    }
    const refused = native.attach(field, X, rows, cols);
    if (refused) parseResponse(refused);  // throws the structured error (too_large: out of memory)
  };
  const withAttachments = (fn) => {
    try {
      return fn();
    } finally {
      native.clearAttachments();
    }
  };
  engine.savings ??= {};
  const request = (value) => {
    engine[ensureLive]();
    if (value === null || typeof value !== 'object') throw new NesteggError({ code: 'wrong_type', message: 'the request must be an object', field: '' });
    return value;
  };
  engine.savings.trainMatrix = (req) => {
    const { columns, X, y, ...options } = request(req);
    return inside(() => withAttachments(() => {
      if (!Array.isArray(columns)) throw new NesteggError({ code: 'wrong_type', message: 'columns must be an array of names', field: 'columns' });
      if (!(y instanceof Float64Array)) throw new NesteggError({ code: 'wrong_type', message: 'y must be a Float64Array', field: 'y' });
      matrix(X, y.length, columns.length, 'X');
      matrix(y, y.length, 1, 'y');
      return engine.call('savings.train', { ...options, design: { columns, rows: 'attachment:X', y: 'attachment:y' } });
    }));
  };
  engine.savings.predictMatrix = (req) => {
    const { X, ...rest } = request(req);
    // The log lines after the outputs are copied out: a sink's call would clear them.
    return inside(() => withAttachments(() => {
      const model = rest.model;
      const cols = model?.columns?.length;
      if (!cols) throw new NesteggError({ code: 'missing_field', message: 'predictMatrix needs the model object', field: 'model' });
      matrix(X, X.length / cols, cols, 'X');
      const response = engine.call('savings.predict', { ...rest, rows: 'attachment:X', output: 'attachments' });
      // Each "attachment:NAME" (prediction, lower.80, ...) copied out of wasm memory where it stands.
      const copyOut = (value) => (typeof value === 'string'
        ? native.output(value.slice('attachment:'.length)).slice()
        : Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, copyOut(inner)])));
      response.predictions = copyOut(response.predictions);
      return response;
    }));
  };
}

// The method table (info()'s methods and version) belongs to the module, not to an engine: it is
// read once per module, on a private engine, so no caller's metrics or logs see that call.
const tables = new WeakMap();
function methodTable(module) {
  let table = tables.get(module);
  if (!table) {
    const native = new module.Engine();
    try {
      native.configure('{}');
      const { methods, version, limits } = parseResponse(native.call('info', '{}', ''));
      table = { methods, version, maxRequestBytes: limits.max_request_bytes };
    } finally {
      native.delete();
    }
    tables.set(module, table);
  }
  return table;
}

// Until the engine is asked for a property it lacks (engine.goals, engine.savings), the method
// table is not read and the typed methods are not made: an answer through call() never waits for
// them. `attach` runs once, on that first ask; `then` is not one (await asks every result for it).
const OWN_METHODS_THAT_ARE_GROUPS = new Set(['info', 'health', 'metrics']);

function attachOnFirstUse(engine, attach) {
  let attached = false;
  const attachNow = () => {
    if (!attached) {
      attached = true;
      attach();
    }
  };
  // The engine's own info / health / metrics can also be a method group (engine.health.score):
  // asking for one of them attaches the typed methods as well.
  const ensure = (prop) => {
    if (typeof prop !== 'string' || prop === 'then') return;
    if (!Object.hasOwn(engine, prop) || OWN_METHODS_THAT_ARE_GROUPS.has(prop)) attachNow();
  };
  return new Proxy(engine, {
    get(target, prop) {
      ensure(prop);
      return target[prop];
    },
    has(target, prop) {
      ensure(prop);
      return prop in target;
    },
    getOwnPropertyDescriptor(target, prop) {
      ensure(prop);
      return Reflect.getOwnPropertyDescriptor(target, prop);
    },
    ownKeys(target) {
      attachNow();
      return Reflect.ownKeys(target);
    },
  });
}

/**
 * Creates an Engine on an instantiated Emscripten module.
 * @param {object} module the instantiated module (the loader keeps one per realm)
 * @param {object} options see index.d.ts CreateEngineOptions
 */
export async function createEngineWith(module, options = {}) {
  checkSerialisable(options.config ?? {}, ['config'], []);  // NaN would reach the engine as null
  const native = new module.Engine();
  const configError = native.configure(JSON.stringify(options.config ?? {}));
  if (configError) {
    native.delete();
    throw new NesteggError(JSON.parse(configError).error);
  }
  let disposed = false;
  const lines = [];        // log lines of the call under way (attachSink)
  let deliver = () => {};
  let depth = 0;  // inside() calls under way: lines wait for the outermost (predictMatrix reads outputs after its call)
  const inside = (run) => {
    ++depth;
    try {
      return run();
    } finally {
      if (--depth === 0) deliver();
    }
  };
  let persisting = new Set();
  let registryMethods = new Set();
  // A store (openStore) keeps the registry through its fault-tolerant adapter view.
  const storage = options.store ? options.store.adapter : options.storage;
  const adapterName = options.store ? options.store.status().adapter : storage?.constructor?.name ?? (storage ? 'custom' : null);
  const storageStatus = { adapter: adapterName, loaded: false, readOnly: false, lastError: null, savedAt: null };
  // registry_records.js is loaded by the first engine with storage, not with the package.
  const records = storage ? new (await import('./registry_records.js')).RegistryRecords(storage) : null;
  let pendingSave = Promise.resolve();
  // A save the store kept in memory (quota, a failing write) lands when the store can write again:
  // the status says so once the store has nothing left to write.
  let keptInStore = false;
  const landed = () => {
    if (keptInStore && storage?.status?.().pendingWrites === 0) {
      keptInStore = false;
      storageStatus.lastError = null;
      storageStatus.savedAt = new Date().toISOString();
    }
  };
  let modelsChanged = () => {};
  let saveQueued = false;
  const save = () => {
    // Chained, so saves land in call order; a failed save is reported, never thrown from call().
    // One queued save at a time: it exports the registry when it runs, so the calls made before
    // then (training a batch of users, say) cost one export, not one each.
    if (saveQueued) return;
    saveQueued = true;
    pendingSave = pendingSave.then(async () => {
      saveQueued = false;
      if (storageStatus.readOnly) return;  // the stored models could not be read: never write over them
      try {
        await records.save(inside(() => native.call('savings.export', '{}', '')));
        storageStatus.savedAt = new Date().toISOString();
        storageStatus.lastError = null;
        keptInStore = false;
      } catch (e) {
        const { name, message } = describeError(e);
        storageStatus.lastError = { name, message };
        keptInStore = e?.kept === true;
      }
    });
  };
  // A request over limits.max_request_bytes is refused before it is copied into wasm memory, which
  // never shrinks: a 100 MB request refused there had grown it to 105 MB for every engine of the
  // module. Every UTF-16 unit is one UTF-8 byte or more, so a text longer than the limit is over it;
  // the limit is read (the default from the module's table) only for a text that long.
  let tooLongFrom = options.config?.limits?.max_request_bytes ?? 1 << 20;
  const refuseTooLong = (body) => {
    const limit = options.config?.limits?.max_request_bytes ?? methodTable(module).maxRequestBytes;
    tooLongFrom = limit;
    if (body.length > limit) {
      throw new NesteggError({ code: 'too_large', field: '', message: `request is at least ${body.length} bytes; the limit is ${limit}` });
    }
  };
  const live = () => {
    if (disposed) throw new NesteggError({ code: 'disposed', message: 'this engine was disposed', field: '' });
  };
  const engine = {
    call(method, request, options) {
      return JSON.parse(engine[callText](method, request, options));
    },
    [callText](method, request, options) {
      live();
      const { requestId = '' } = optionsObject(options, 'options');
      if (typeof method !== 'string') {
        throw new NesteggError({ code: 'unknown_method', message: 'method must be a string', field: 'method' });
      }
      // The stored models could not all be read: a change to them would be saved over them, or
      // kept only in memory while the answer says "stored"; an export would be a partial copy.
      // Refused until the engine is created again. A read answers from what did load, but where
      // it finds nothing the model may be one that could not be read: refused too, never "no
      // models". Calls that need nothing stored answer as ever.
      const blind = storageStatus.readOnly && registryMethods.has(method) && needsStoredModels(method, request);
      if (blind && (persisting.has(method) || method === 'savings.export')) throw storageUnavailable(method);
      let text;
      try {
        const body = toRequestText(request);
        if (body.length > tooLongFrom) refuseTooLong(body);
        text = checkResponseText(inside(() => callNative(native, method, body, String(requestId))));
      } catch (e) {
        throw blind && e.code === 'not_found' ? storageUnavailable(method) : e;
      }
      if (blind && JSON.parse(text).models?.length === 0) throw storageUnavailable(method);
      if (persisting.has(method)) {
        if (storage) save();
        modelsChanged();
      }
      return text;
    },
    /** Resolves when every save caused by earlier calls has reached the storage adapter. */
    flush() { return pendingSave; },
    async [saveOutcome](method, { timeoutMs } = {}) {
      if (!storage || !persisting.has(method)) return null;
      const ms = timeoutOrDefault(timeoutMs);
      const outcome = await within(pendingSave.then(() => null, () => null), ms, SAVE_LATE);
      if (outcome === SAVE_LATE) {
        // Saves are chained, in call order: every later one waits for this write. Said in the
        // status too, which would otherwise read as healthy while nothing is being written.
        storageStatus.lastError = { name: 'TimeoutError', message: `a save has not settled after ${ms} ms; later saves wait for it` };
        return { code: 'not_saved', field: '', message: `the storage has not answered the save within ${ms} ms: the change is in this engine's memory, written when that save settles` };
      }
      landed();
      // Read-only: the call changed nothing stored (or was refused), so nothing was to be saved.
      if (!storageStatus.lastError || storageStatus.readOnly) return null;
      return { code: 'not_saved', field: '', message: `the change is in this engine's memory but could not be written to storage (${storageStatus.lastError.message}); the next change's save retries it` };
    },
    get storageStatus() {
      landed();
      return { ...storageStatus };
    },
    info() { return engine.call('info', {}); },
    health() { return engine.call('health', {}); },
    metrics(options) {
      const { format } = optionsObject(options, 'options');
      const response = engine.call('metrics', { format: format ?? 'json' });
      return format === 'prometheus' ? response.text : response;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      // A queued save exports the models when it runs: the engine is freed after it (freed at
      // once, the save found no engine and the trained model was lost). After this turn's code
      // too: a sink that disposes runs before its call queues that call's save.
      queueMicrotask(() => pendingSave.then(() => native.delete()));
    },
    [ensureLive]: live,
  };
  const attachMethods = () => {
    const { methods } = methodTable(module);
    attachTypedMethods(engine, methods);
    attachMatrixMethods(engine, native, inside);
    persisting = new Set(methods.filter((m) => m.persists).map((m) => m.name));
    registryMethods = new Set(methods.filter((m) => m.registry).map((m) => m.name));
  };
  // The sink is attached last so the caller sees only its own calls, not the start-up ones.
  // Its lines are handed over once the engine's call has returned, never from inside it: a sink
  // that called an engine from there hung the call or corrupted the module's memory, one that
  // disposed it freed the engine under its own call, and one that threw turned a good answer into
  // its error. A sink's own error is ignored, as the engine ignores a failing sink.
  const attachSink = () => {
    if (typeof options.logSink === 'function') {
      const sink = options.logSink;
      native.setLogSink((line) => lines.push(line));
      deliver = () => {
        while (lines.length) {
          try {
            sink(JSON.parse(lines.shift()));
          } catch {
            // logging must never turn a good answer into an error
          }
        }
      };
    }
  };
  // Without storage, the table matters only for the typed methods (saving the models after a
  // call that changes them needs somewhere to save them): it is read on their first use.
  if (!storage) {
    attachSink();
    return attachOnFirstUse(engine, attachMethods);
  }
  attachMethods();
  await loadRegistry(native, records, storage, storageStatus, timeoutOrDefault(options.openTimeoutMs));
  if (options.store) {
    const { attachCachedCall } = await import('./cached_call.js');
    const today = () => options.config?.today ?? new Date().toISOString().slice(0, 10);
    const { methods, version } = methodTable(module);
    modelsChanged = attachCachedCall(engine, options.store, { methods, version, today, config: options.config ?? {} });
  }
  attachSink();
  return engine;
}
