// SPDX-License-Identifier: MIT
// The runtime-independent part of the package: wraps the embind module into the public Engine.
// Each runtime's loader (node.js, deno.js, workerd.js, browser.js) only decides how the .wasm
// bytes or module reach Emscripten's factory, then calls createEngineWith().

/** An error returned by the engine: `code` is stable, `field` names the offending input. */
export class NesteggError extends Error {
  constructor({ code, message, field = '' }) {
    super(message);
    this.name = 'NesteggError';
    this.code = code;
    this.field = field;
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, field: this.field } };
  }
}

// JSON.stringify turns NaN and Infinity into null, which would reach the engine as "wrong type".
// Catch them here with the path the caller used, so the error says what really happened.
function checkSerialisable(value, path, seen) {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new NesteggError({ code: 'not_finite', message: `${path || 'request'} must be a finite number`, field: path });
    }
  } else if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') {
    throw new NesteggError({ code: 'wrong_type', message: `${path || 'request'} cannot be sent as JSON (${typeof value})`, field: path });
  } else if (value && typeof value === 'object') {
    if (seen.has(value)) {
      throw new NesteggError({ code: 'wrong_type', message: `${path || 'request'} refers to itself`, field: path });
    }
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((v, i) => checkSerialisable(v, `${path}[${i}]`, seen));
    } else if (typeof value.toJSON !== 'function') {
      for (const [k, v] of Object.entries(value)) checkSerialisable(v, path ? `${path}.${k}` : k, seen);
    }
    seen.delete(value);
  }
}

function toRequestText(request) {
  if (typeof request === 'string') return request;  // raw JSON: the engine validates it
  if (request === undefined) return '{}';
  checkSerialisable(request, '', new Set());
  return JSON.stringify(request);
}

function parseResponse(text) {
  const response = JSON.parse(text);
  if (response && typeof response === 'object' && 'error' in response && Object.keys(response).length === 1) {
    throw new NesteggError(response.error);
  }
  return response;
}

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

/**
 * Creates an Engine on an instantiated Emscripten module.
 * @param {Promise<object>} modulePromise memoised by the loader: one wasm instance per realm
 * @param {object} options see index.d.ts CreateEngineOptions
 */
export async function createEngineWith(modulePromise, options = {}) {
  const module = await modulePromise;
  const native = new module.Engine();
  const configError = native.configure(JSON.stringify(options.config ?? {}));
  if (configError) {
    native.delete();
    throw new NesteggError(JSON.parse(configError).error);
  }
  let disposed = false;
  const engine = {
    call(method, request, { requestId = '' } = {}) {
      if (disposed) throw new NesteggError({ code: 'disposed', message: 'this engine was disposed', field: '' });
      if (typeof method !== 'string') {
        throw new NesteggError({ code: 'unknown_method', message: 'method must be a string', field: 'method' });
      }
      return parseResponse(native.call(method, toRequestText(request), String(requestId)));
    },
    info() { return engine.call('info', {}); },
    health() { return engine.call('health', {}); },
    metrics(options = {}) {
      const response = engine.call('metrics', { format: options.format ?? 'json' });
      return options.format === 'prometheus' ? response.text : response;
    },
    dispose() {
      if (!disposed) native.delete();
      disposed = true;
    },
  };
  attachTypedMethods(engine, engine.info().methods);
  // The sink is attached last so the caller sees only its own calls, not the start-up info().
  if (typeof options.logSink === 'function') {
    const sink = options.logSink;
    native.setLogSink((line) => sink(JSON.parse(line)));
  }
  return engine;
}

/** Memoises one module promise per loader; a failed load is not cached, so a retry can succeed. */
export function memoise(load) {
  let pending = null;
  return (options) => {
    pending ??= load(options).catch((e) => {
      pending = null;
      throw e;
    });
    return pending;
  };
}

/** instantiateWasm hook for a precompiled WebAssembly.Module (Workers, or a module the caller cached). */
export function instantiateFrom(wasmModule) {
  return (imports, done) => {
    WebAssembly.instantiate(wasmModule, imports).then((instance) => done(instance));
    return {};
  };
}
