// SPDX-License-Identifier: MIT
// The edge HTTP API: `{ fetch(Request) -> Response }`, a Worker's (and `deno serve`'s) default
// export as it is, and `Deno.serve(handler.fetch)`. It serves the original backend's endpoints and POST
// /api/v1/<method> for every engine method, both generated from the engine's method table: a
// method that lands in the core is served with no edit here.
//
// Per request: request id -> CORS -> route -> auth + rate limit -> body limit -> cache -> engine.

import { describeError } from './errors.js';
import { LEGACY_ROUTES, readHttpConfig } from './http_config.js';
import { docsPage, openApiDocument } from './openapi.js';
import { MemoryRateLimiter } from './rate_limit.js';
import { hex, requestKey, sha256 } from './request_key.js';
import { CacheApiResponseCache, MemoryResponseCache, readEntry, writeEntry } from './response_cache.js';

const STATUS_OF_CODE = {
  unknown_method: 404, not_found: 404, disabled: 403, too_large: 413, unauthorized: 401,
  rate_limited: 429, invalid_config: 500, internal: 500,
};

class HttpError extends Error {
  constructor(status, code, message, field = '', headers = {}) {
    super(message);
    Object.assign(this, { status, code, field, headers });
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const LEVELS = ['debug', 'info', 'warn', 'error', 'off'];  // a line is logged at or above the configured level

function requestIdOf(request) {
  const given = request.headers.get('x-request-id');
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

function clientAddress(request, info) {
  return request.headers.get('cf-connecting-ip') ?? info?.remoteAddr?.hostname ?? 'unknown';
}

// Workers hand their bindings as the second argument; Deno.serve hands connection info there.
function resolveEnv(options, arg) {
  if (options.env) return options.env;
  if (globalThis.Deno?.env) {
    try {
      return globalThis.Deno.env.toObject();
    } catch {
      return {};  // no --allow-env: the config check then says which variable is missing
    }
  }
  if (arg && typeof arg === 'object' && !('remoteAddr' in arg)) return arg;
  return globalThis.process?.env ?? {};
}

// Constant time: every configured key's digest is compared in full, whatever matched before.
function keyMatches(digest, keyDigests) {
  let matched = 0;
  for (const k of keyDigests) {
    let diff = 0;
    for (let i = 0; i < k.length; i++) diff |= k[i] ^ digest[i];
    matched |= diff === 0 ? 1 : 0;
  }
  return matched === 1;
}

async function readBody(request, maxBytes) {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  const tooLarge = () => new HttpError(413, 'too_large', `the body is over ${maxBytes} bytes`);
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return '';
  const chunks = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) bytes.set(c, (at += c.byteLength) - c.byteLength);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body is not valid UTF-8');
  }
}

function corsHeaders(config, request) {
  const origin = request.headers.get('origin');
  if (!origin || config.corsOrigins.length === 0) return {};
  const any = config.corsOrigins.includes('*');
  if (!any && !config.corsOrigins.includes(origin)) return {};
  return {
    'access-control-allow-origin': any ? '*' : origin,
    'access-control-allow-headers': 'content-type, x-api-key, x-request-id',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-expose-headers': 'x-request-id, retry-after, x-nestegg-cache',
    'access-control-max-age': '600',
    ...(any ? {} : { vary: 'origin' }),
  };
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * @param createEngine the runtime's createEngine (the entry points bind it)
 * @param options { env, engineOptions, rateLimiter, responseCache, logSink }
 */
export function createHandlerWith(createEngine, options = {}) {
  let setupPromise = null;
  const counters = new Map();  // HTTP status -> count, for /metrics
  const log = options.logSink ?? ((line) => console.log(JSON.stringify(line)));

  async function setup(env) {
    const config = readHttpConfig(env);
    const features = Object.fromEntries(config.disabledMethods.map((m) => [m, false]));
    const engineConfig = { ...options.engineOptions?.config, log_level: config.logLevel, features };
    const engine = await createEngine({
      ...options.engineOptions,
      config: engineConfig,
      logSink: config.logLevel === 'off' ? undefined : (line) => log({ ...line, source: 'engine' }),
    });
    const info = engine.info();
    const routes = [
      ...Object.entries(LEGACY_ROUTES).map(([path, method]) => ({ path, method })),
      ...info.methods.map((m) => ({ path: `/api/v1/${m.name}`, method: m.name })),
    ];
    const deterministic = new Set(info.methods.filter((m) => m.deterministic).map((m) => m.name));
    const keyDigests = await Promise.all(config.apiKeys.map(sha256));
    return {
      config, engine, engineConfig, info, deterministic, keyDigests,
      post: new Map(routes.map((r) => [r.path, r.method])),
      openapi: JSON.stringify(openApiDocument(info, routes)),
      rateLimiter: options.rateLimiter ?? new MemoryRateLimiter(),
      // Workers' edge cache when there is one (shared by the isolates of a location), else per isolate.
      cache: options.responseCache ?? (globalThis.caches?.default ? new CacheApiResponseCache(globalThis.caches.default) : new MemoryResponseCache()),
    };
  }

  function json(status, body, headers = {}) {
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    });
  }

  async function authorize(s, request, info) {
    const given = request.headers.get('x-api-key');
    const digest = given === null ? null : await sha256(given);
    const ok = s.config.authDisabled || (digest !== null && keyMatches(digest, s.keyDigests));
    if (s.config.ratePerMinute > 0) {
      // Keys are limited by key (hashed: raw keys never reach a store), anything else by address.
      const identity = ok && digest ? `key:${hex(digest).slice(0, 24)}` : `ip:${clientAddress(request, info)}`;
      const verdict = await s.rateLimiter.take(identity, { ratePerMinute: s.config.ratePerMinute, burst: s.config.rateBurst, now: Date.now() });
      if (!verdict.allowed) {
        throw new HttpError(429, 'rate_limited', `rate limit of ${s.config.ratePerMinute} requests a minute reached`, '',
          { 'retry-after': String(verdict.retryAfterSeconds) });
      }
    }
    if (!ok) {
      throw new HttpError(401, 'unauthorized', given === null ? 'X-API-Key header is required' : 'X-API-Key is not valid', 'X-API-Key');
    }
  }

  async function callEngine(s, method, body, requestId, ctx) {
    const cacheable = s.config.cacheTtlSeconds > 0 && s.deterministic.has(method);
    const key = cacheable
      ? await requestKey({ method, request: body, version: s.info.version, config: s.engineConfig, today: s.engineConfig.today ?? today() })
      : null;
    if (key) {
      const hit = await readEntry(s.cache, key).catch(() => undefined);
      if (hit !== undefined) return json(200, hit, { 'x-nestegg-cache': 'hit' });
    }
    let text;
    try {
      text = JSON.stringify(s.engine.call(method, body, { requestId }));
    } catch (e) {
      if (e?.name !== 'NesteggError') throw e;
      throw new HttpError(STATUS_OF_CODE[e.code] ?? 400, e.code, e.message, e.field);
    }
    if (key) {
      const write = writeEntry(s.cache, key, text, s.config.cacheTtlSeconds).catch(() => {});
      if (ctx?.waitUntil) ctx.waitUntil(write);
      else await write;
    }
    return json(200, text, cacheable ? { 'x-nestegg-cache': key ? 'miss' : 'bypass' } : {});
  }

  async function route(s, request, url, requestId, info, ctx) {
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    if (request.method === 'GET' || request.method === 'HEAD') {
      if (path === '/') {
        return json(200, { name: 'nestegg', version: s.info.version, environment: s.config.environment,
          docs: '/docs', openapi: '/openapi.json', endpoints: [...s.post.keys()].map((p) => `POST ${p}`) });
      }
      if (path === '/health') return json(200, s.engine.health());
      if (path === '/openapi.json') return json(200, s.openapi);
      if (path === '/docs') return new Response(docsPage, { headers: { 'content-type': 'text/html; charset=utf-8' } });
      if (path === '/metrics') {
        await authorize(s, request, info);
        return new Response(s.engine.metrics({ format: 'prometheus' }) + httpMetrics(), {
          headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } });
      }
    }
    const method = s.post.get(path);
    if (!method) throw new HttpError(404, 'not_found', `no route ${path}`, 'path');
    if (request.method !== 'POST') throw new HttpError(405, 'method_not_allowed', `${path} takes POST`, 'method', { allow: 'POST' });
    await authorize(s, request, info);
    const body = await readBody(request, s.config.maxBodyBytes);
    return callEngine(s, method, body || '{}', requestId, ctx);
  }

  function httpMetrics() {
    let text = '# HELP nestegg_http_responses_total HTTP responses by status.\n# TYPE nestegg_http_responses_total counter\n';
    for (const [status, n] of [...counters].sort()) text += `nestegg_http_responses_total{status="${status}"} ${n}\n`;
    return text;
  }

  async function handler(request, arg, ctx) {
    const started = Date.now();
    const requestId = requestIdOf(request);
    const url = new URL(request.url);
    let s = null;
    let response;
    const env = resolveEnv(options, arg);
    try {
      setupPromise ??= setup(env).catch((e) => {
        setupPromise = null;  // a failed start is retried by the next request
        throw e;
      });
      s = await setupPromise;
      response = request.method === 'OPTIONS'
        ? new Response(null, { status: 204 })
        : await route(s, request, url, requestId, arg, ctx);
    } catch (e) {
      // Detail (a bad setting, an exception's message) reaches the client only in development.
      const production = (s ? s.config.environment : env.NESTEGG_ENV) !== 'development';
      if (e instanceof HttpError) {
        const { code, message, field } = describeError(e);
        response = json(e.status, { error: { code, message, field } }, e.headers);
      } else if (e?.name === 'NesteggError' && e.code === 'invalid_config') {
        // Misconfiguration is the operator's to see in the logs, not the client's.
        log({ ts: new Date().toISOString(), level: 'error', event: 'config', request_id: requestId, error: e.toJSON().error });
        response = json(500, { error: { code: 'invalid_config', message: production ? 'the server is misconfigured' : e.message, field: production ? '' : e.field } });
      } else {
        log({ ts: new Date().toISOString(), level: 'error', event: 'internal', request_id: requestId, message: String(e?.stack ?? e) });
        response = json(500, { error: { code: 'internal', message: production ? 'internal error' : describeError(e).message, field: '' } });
      }
    }
    const headers = new Headers(response.headers);
    headers.set('x-request-id', requestId);
    if (s) for (const [k, v] of Object.entries(corsHeaders(s.config, request))) headers.set(k, v);
    counters.set(response.status, (counters.get(response.status) ?? 0) + 1);
    const level = response.status >= 500 ? 'error' : response.status >= 400 ? 'warn' : 'info';
    if (LEVELS.indexOf(level) >= LEVELS.indexOf(s?.config.logLevel ?? 'info')) {
      log({ ts: new Date().toISOString(), level, event: 'http', method: request.method, path: url.pathname,
        status: response.status, ms: Date.now() - started, request_id: requestId });
    }
    return new Response(request.method === 'HEAD' ? null : response.body, { status: response.status, headers });
  }
  // A plain object, not a function: workerd takes a function default export for a Durable Object
  // class. `{ fetch }` is what Workers and `deno serve` expect; Deno.serve takes `.fetch`.
  return { fetch: handler };
}
