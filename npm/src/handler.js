// SPDX-License-Identifier: MIT
// The edge HTTP API: `{ fetch(Request) -> Response }`, a Worker's (and `deno serve`'s) default
// export as it is, and `Deno.serve(handler.fetch)`. It serves the original backend's endpoints and POST
// /api/v1/<method> for every engine method, both generated from the engine's method table: a
// method that lands in the core is served with no edit here.
//
// Per request: request id -> CORS -> route -> auth + rate limit -> body limit and deadline ->
// feature flags -> cache (namespaced per API key) -> the key's engine.
//
// Tenants: every API key is a tenant. Methods that touch stored models (savings.*, except the
// deterministic ones) run on an engine of the key's own, whose registry is stored under
// `nestegg/tenant/<id>/` of the storage (id: the first 16 hex digits of the key's SHA-256): one
// key's user_ids, models and experiments are invisible to every other key. Everything else runs
// on one shared, stateless engine. savings.export / savings.import are served only to the keys in
// NESTEGG_ADMIN_KEYS, and only on their own namespace.

import { readKeyring } from './api_keys.js';
import { bodyDeadlines } from './body_deadlines.js';
import { timeoutOrDefault } from './deadline.js';
import { callText, saveOutcome } from './engine.js';
import { describeError } from './errors.js';
import { LEGACY_ROUTES, LOG_LEVELS, readHttpConfig } from './http_config.js';
import { docsPage, openApiDocument } from './openapi.js';
import { MemoryRateLimiter } from './rate_limit.js';
import { PrefixedStorage } from './storage.js';
import { canonicalJson } from './request_key.js';
import { responseCacheView } from './response_cache.js';

const STATUS_OF_CODE = {
  unknown_method: 404, not_found: 404, disabled: 403, forbidden: 403, too_large: 413, unauthorized: 401,
  rate_limited: 429, timeout: 408, invalid_config: 500, internal: 500, storage_unavailable: 503,
};
// A tenant's engine that could not read its stored models refuses changes to them until it is
// created again; the handler creates it again on a request this long after it was made.
const TENANT_RETRY_MS = 30_000;
const ADMIN_METHODS = new Set(['savings.export', 'savings.import']);

class HttpError extends Error {
  constructor(status, code, message, field = '', headers = {}) {
    super(message);
    Object.assign(this, { status, code, field, headers });
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// Whether a line at `level` is logged: every line, errors included, follows NESTEGG_LOG_LEVEL
// ("info" until the setup has read it; "off" is silent).
const logs = (s, level) => LOG_LEVELS.indexOf(level) >= (s ? s.logThreshold : LOG_LEVELS.indexOf('info'));

// The path of a request's URL, as URL's pathname says it, without a parse where none is needed
// (under Deno, a URL is parsed by a call into the runtime, a few µs a request). workerd and Node
// hand request.url serialised from a parsed URL, where the path is what lies between the authority
// and any query or fragment. Deno.serve hands the scheme, the Host header and the request target
// as they came: "/a/../b", "/a/%2e%2e/b" and "/a\b" unresolved, a Host with "?" or "#" in it. Such
// a URL is parsed, so that a path routes as it does on workerd (and did here before).
const UNRESOLVED = /\/\.|%2e|\\|^[^/]*\/\/[^/]*[?#]/i;
function pathOf(url) {
  if (UNRESOLVED.test(url)) {
    try {
      return new URL(url).pathname;
    } catch {
      // a Host no URL takes ("a:b:c"): the path as sent
    }
  }
  const from = url.indexOf('/', url.indexOf('//') + 2);
  if (from < 0) return '/';
  let to = url.length;
  for (const mark of ['?', '#']) {
    const at = url.indexOf(mark, from);
    if (at >= 0 && at < to) to = at;
  }
  return url.slice(from, to);
}

// workerd says who it is in navigator.userAgent; nothing else does.
const onWorkerd = () => globalThis.navigator?.userAgent === 'Cloudflare-Workers';

// The peer's address, as the runtime knows it; a header only where the platform sets it and no
// client can: Cloudflare's edge overwrites cf-connecting-ip, but anywhere else anyone can send it.
// Without a way to know (Node's fetch-shaped adapters), every anonymous caller shares one bucket,
// unless the host passes `clientAddress(request, arg)`.
function clientAddress(options, request, arg) {
  if (options.clientAddress) return String(options.clientAddress(request, arg) ?? 'unknown');
  if (onWorkerd()) return request.headers.get('cf-connecting-ip') ?? 'unknown';
  if (arg?.remoteAddr?.hostname) return arg.remoteAddr.hostname;  // Deno.serve / deno serve: ServeHandlerInfo
  if (typeof arg?.requestIP === 'function') return arg.requestIP(request)?.address ?? 'unknown';  // Bun: the server
  return 'unknown';
}

// Only workerd hands the bindings (env) as the second argument. Deno.serve hands connection info
// there, Bun and Node adapters a server object: never settings.
function resolveEnv(options, arg) {
  if (options.env) return options.env;
  if (onWorkerd()) return arg ?? {};
  if (globalThis.Deno?.env) {
    try {
      return globalThis.Deno.env.toObject();
    } catch {
      return {};  // no --allow-env: the config check then says which variable is missing
    }
  }
  return globalThis.process?.env ?? {};
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const isPromise = (value) => typeof value?.then === 'function';
const UNLIMITED = { allowed: true };  // the verdict when NESTEGG_RATE_LIMIT is 0
const tooLarge = (maxBytes) => new HttpError(413, 'too_large', `the body is over ${maxBytes} bytes`);

// A body of a declared length (at most maxBytes, checked before): read by the runtime in one go,
// its native path. Reading it through the stream's reader cost Deno about a sixth of its requests
// per second (bench_edge_overhead), and so does merely touching request.body first (Deno then
// makes a stream of it and reads through that). At the deadline the answer is 408 all the same;
// the read left behind holds at most the declared length, and ends when the client leaves
// (workerd closes the connection at once; Deno keeps a connection whose body never finished
// either way).
async function readDeclared(request, expired) {
  const read = request.arrayBuffer();
  read.catch(() => {});  // after a 408, its failure is no one's
  return new Uint8Array(await Promise.race([read, expired]));
}

// A body of no declared length, counted while it streams (413 past maxBytes) and cancelled when
// it is refused or late.
async function readStreamed(body, maxBytes, expired) {
  const chunks = [];
  let size = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), expired]);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(value);
    }
  } catch (e) {
    reader.cancel().catch(() => {});
    throw e;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) bytes.set(c, (at += c.byteLength) - c.byteLength);
  return bytes;
}

// The body as text: 413 past maxBytes, 408 when it has not all arrived within the deadline
// (body_deadlines.js: a client trickling bytes holds no request open longer), 400 when it is not
// UTF-8.
async function readBody(request, maxBytes, deadlines) {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!Number.isFinite(declared) && !request.body) return '';
  const deadline = deadlines.start();
  let bytes;
  try {
    bytes = Number.isFinite(declared) ? await readDeclared(request, deadline.expired) : await readStreamed(request.body, maxBytes, deadline.expired);
  } catch (e) {
    if (e instanceof HttpError) throw e;
    // The stream failed: the client left mid-body (a network error, an abort). The client's
    // doing, not the server's: a 400, not a 500 counted and logged as an internal error.
    throw new HttpError(400, 'invalid_json', 'the body ended before it was complete (the client closed the connection)');
  } finally {
    deadline.done();
  }
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body is not valid UTF-8');
  }
}

function corsHeaders(config, request) {
  if (config.corsOrigins.length === 0) return {};
  const origin = request.headers.get('origin');
  if (!origin) return {};
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

// Today's UTC date, formatted once a day rather than once a request; again when the clock is set
// back before the day began, since the engine reads the clock itself: a day kept past it would file
// the engine's answers for the day before under this one.
let day = { date: '', ends: 0 };
function today() {
  const now = Date.now();
  if (now >= day.ends || now < day.ends - 86400000) day = { date: new Date(now).toISOString().slice(0, 10), ends: (Math.floor(now / 86400000) + 1) * 86400000 };
  return day.date;
}

// Prometheus text of several engines as one: samples of the same series are summed (counters,
// histogram buckets, sums, counts), each family keeps one HELP/TYPE header, in first-seen order.
function mergePrometheus(texts) {
  const families = new Map();  // name -> { header: [], samples: Map(series -> value) }
  for (const text of texts) {
    let family = null;
    for (const line of text.split('\n')) {
      if (!line) continue;
      const typed = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (typed) {
        if (!families.has(typed[2])) families.set(typed[2], { header: [], samples: new Map() });
        family = families.get(typed[2]);
        if (family.header.length < 2 && !family.header.includes(line)) family.header.push(line);
        continue;
      }
      const at = line.lastIndexOf(' ');
      const series = line.slice(0, at);
      if (!family) continue;
      family.samples.set(series, (family.samples.get(series) ?? 0) + Number(line.slice(at + 1)));
    }
  }
  let out = '';
  for (const { header, samples } of families.values()) {
    out += header.map((l) => `${l}\n`).join('');
    for (const [series, value] of samples) out += `${series} ${value}\n`;
  }
  return out;
}

/**
 * @param createEngine the runtime's createEngine (the entry points bind it)
 * @param options { env, engineOptions, rateLimiter (a limiter, or env => limiter), responseCache (a cache, or env => cache),
 *   logSink, clientAddress(request, arg) }
 */
export function createHandlerWith(createEngine, options = {}) {
  let setupPromise = null;
  let ready = null;  // the setup, once done: read without an await
  let ids = null;  // { words, next }: random words drawn in batches for the request ids this handler makes

  // The client's X-Request-Id if it sent a safe one, else 128 random bits as 32 hex digits. The
  // bits are drawn 256 ids at a time: a UUID per request is an op into the runtime under Deno,
  // and a count (tried) tells any caller how much traffic passed between two of its requests.
  // Drawn on a request, where workerd allows randomness.
  function requestIdOf(request) {
    const given = request.headers.get('x-request-id');
    if (given && REQUEST_ID.test(given)) return given;
    if (!ids || ids.next === ids.words.length) ids = { words: crypto.getRandomValues(new Uint32Array(1024)), next: 0 };
    const w = ids.words;
    let id = '';
    for (const end = ids.next + 4; ids.next < end; ids.next++) id += w[ids.next].toString(16).padStart(8, '0');
    return id;
  }
  const counters = new Map();  // HTTP status -> count, for /metrics
  const log = options.logSink ?? ((line) => console.log(JSON.stringify(line)));

  async function setup(env) {
    const config = readHttpConfig(env);
    const features = { ...options.engineOptions?.config?.features, ...Object.fromEntries(config.disabledMethods.map((m) => [m, false])) };
    const engineConfig = { ...options.engineOptions?.config, log_level: config.logLevel, features };
    // Stored state lives only in the tenants' engines, each in its own namespace of this storage.
    const { storage: givenStorage, store, ...engineOptions } = options.engineOptions ?? {};
    const storage = store ? store.adapter : givenStorage;
    const make = (extra = {}) => createEngine({
      ...engineOptions,
      ...extra,
      config: engineConfig,
      logSink: config.logLevel === 'off' ? undefined : (line) => log({ ...line, source: 'engine' }),
    });
    const engine = await make();
    const info = engine.info();
    const routes = [
      ...Object.entries(LEGACY_ROUTES).map(([path, method]) => ({ path, method })),
      ...info.methods.map((m) => ({ path: `/api/v1/${m.name}`, method: m.name })),
    ];
    const deterministic = new Set(info.methods.filter((m) => m.deterministic).map((m) => m.name));
    const keyring = await readKeyring(config.apiKeys, config.adminKeys);
    const tenants = new Map();  // tenant id -> { promise: Promise<engine>, engine once made, at }
    // A key's engine reads its models within startTimeoutMs (the engine's openTimeoutMs): past it
    // the engine answers read-only (storage_unavailable for the models, 503) and, like one whose
    // read failed, is made again on a request TENANT_RETRY_MS on. A start never stays pending, so
    // a storage that never answers holds neither the key nor /health (a lost KV response once
    // held both for the isolate's life).
    const startTimeoutMs = timeoutOrDefault(options.startTimeoutMs);
    const start = (tenant) => {
      const entry = { at: Date.now(), engine: null };
      entry.promise = make({ storage: storage ? new PrefixedStorage(storage, `nestegg/tenant/${tenant}/`) : undefined,
        openTimeoutMs: startTimeoutMs })
        .then((made) => (entry.engine = made));
      // A failed start is retried by the next request.
      entry.promise.catch(() => { if (tenants.get(tenant) === entry) tenants.delete(tenant); });
      tenants.set(tenant, entry);
      return entry;
    };
    const tenantEngine = (tenant) => {
      const entry = tenants.get(tenant);
      if (entry?.engine?.storageStatus.readOnly && Date.now() - entry.at >= TENANT_RETRY_MS) {
        entry.engine.dispose();  // never saves (read-only); every call on it has returned
        return start(tenant).promise;
      }
      return (entry ?? start(tenant)).promise;
    };
    const limiter = typeof options.rateLimiter === 'function' ? options.rateLimiter(env) : options.rateLimiter;
    return {
      config, engine, engineConfig, info, deterministic, keyring, tenantEngine, tenants,
      engineLogs: config.logLevel !== 'off',
      logThreshold: LOG_LEVELS.indexOf(config.logLevel),
      bodyDeadlines: bodyDeadlines(config.bodyTimeoutMs,
        () => new HttpError(408, 'timeout', `the body did not arrive within ${config.bodyTimeoutMs} ms`), { perRead: onWorkerd() }),
      disabled: new Set(Object.entries(features).filter(([, on]) => on === false).map(([m]) => m)),
      // Methods that read or change the model registry run on the key's own engine (info marks them).
      stateful: new Set(info.methods.filter((m) => m.registry).map((m) => m.name)),
      post: new Map(routes.map((r) => [r.path, r.method])),
      openapi: JSON.stringify(openApiDocument(info, routes)),
      rateLimiter: limiter ?? new MemoryRateLimiter(),
      // Per isolate by default, on Workers too: a Cache API lookup and write cost more than
      // computing most answers (README "Edge HTTP API", Response cache). A shared cache is the
      // host's choice: options.responseCache (CacheApiResponseCache(caches.default), KV...).
      cache: responseCacheView(typeof options.responseCache === 'function' ? options.responseCache(env) : options.responseCache,
        { version: info.version, configText: canonicalJson(engineConfig) }),
    };
  }

  // A route's answer, made into the one Response of the request by the handler (with the request
  // id and CORS headers): building a Response and copying it into another cost as much again.
  // application/json has no charset parameter (RFC 8259 11: JSON is UTF-8): under Deno every
  // header byte is checked per response, so the type is said in the fewest.
  function json(status, body, headers = {}) {
    return { status, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } };
  }

  // The caller: { tenant, identity, admin } (api_keys.js), or the open tenant when auth is off;
  // or a promise of it when the rate limiter answers with one. Throws (or rejects with) 401 / 429.
  function authorize(s, request, arg) {
    const given = request.headers.get('x-api-key');
    const caller = given === null ? null : s.keyring(given);
    // A limiter that answers no verdict fails closed (a 500, logged), as before take() could
    // answer at once: a missing one is not taken as "allowed".
    const decide = (verdict) => {
      if (typeof verdict?.allowed !== 'boolean') throw new Error('the rate limiter answered no verdict ({ allowed: boolean })');
      if (!verdict.allowed) {
        const wait = Number.isFinite(verdict.retryAfterSeconds) && verdict.retryAfterSeconds >= 0 ? Math.ceil(verdict.retryAfterSeconds) : 60;
        throw new HttpError(429, 'rate_limited', `rate limit of ${s.config.ratePerMinute} requests a minute reached`, '',
          { 'retry-after': String(wait) });
      }
      if (!s.config.authDisabled && caller === null) {
        throw new HttpError(401, 'unauthorized', given === null ? 'X-API-Key header is required' : 'X-API-Key is not valid', 'X-API-Key');
      }
      return caller ?? { tenant: 'open', admin: false };
    };
    if (s.config.ratePerMinute === 0) return decide(UNLIMITED);
    // Keys are limited by key (hashed: raw keys never reach a store), anything else by address.
    const identity = caller ? caller.identity : `ip:${clientAddress(options, request, arg)}`;
    const verdict = s.rateLimiter.take(identity, { ratePerMinute: s.config.ratePerMinute, burst: s.config.rateBurst, now: Date.now() });
    // Promise.resolve: a host's thenable need not return another from then(), as await allows.
    return isPromise(verdict) ? Promise.resolve(verdict).then(decide) : decide(verdict);
  }

  async function callEngine(s, method, body, requestId, ctx, caller) {
    // Flags before anything else: a switched-off method answers from no cache.
    if (s.disabled.has(method)) throw new HttpError(403, 'disabled', `${method} is switched off in this engine's features`, 'method');
    if (ADMIN_METHODS.has(method) && !caller.admin) {
      throw new HttpError(403, 'forbidden', `${method} is served only to admin keys (NESTEGG_ADMIN_KEYS)`, 'X-API-Key');
    }
    const cacheable = s.config.cacheTtlSeconds > 0 && s.deterministic.has(method);
    // The cache is per tenant: a hit tells a key only about its own requests. The handler's own
    // cache answers at once, a host's through a promise (response_cache.js).
    let cached = cacheable ? s.cache.lookup(caller.tenant, method, s.engineConfig.today ?? today(), body) : null;
    if (isPromise(cached)) cached = await cached;
    if (cached?.hit !== undefined) return json(200, cached.hit, { 'x-nestegg-cache': 'hit' });
    const engine = s.stateful.has(method) ? await s.tenantEngine(caller.tenant) : s.engine;
    let text;
    try {
      // The answer is passed on as the engine wrote it. The request id is for the engine's log
      // lines only: without them it is not handed over (a string into wasm memory every call).
      text = engine[callText](method, body, s.engineLogs ? { requestId } : undefined);
    } catch (e) {
      if (e?.name !== 'NesteggError') throw e;
      throw new HttpError(STATUS_OF_CODE[e.code] ?? 400, e.code, e.message, e.field);
    }
    if (engine !== s.engine) text = await savedBeforeAnswer(engine, method, text);
    if (cached?.key) {
      const write = s.cache.write(cached.key, text, s.config.cacheTtlSeconds);
      if (isPromise(write)) {
        const settled = write.catch(() => {});  // a failed write costs a later miss, never this answer
        if (ctx?.waitUntil) ctx.waitUntil(settled);
        else await settled;
      }
    }
    return json(200, text, cacheable ? { 'x-nestegg-cache': cached ? 'miss' : 'bypass' } : {});
  }

  // A change to the stored models is written before its answer leaves. On Workers a write still
  // pending when the response goes out may never settle, and the engine's saves are chained: one
  // such write held back every later save of the isolate while answers said "stored". A write
  // that failed (Workers KV takes one write a second per key) is said in the answer, as a
  // `not_saved` warning: the model is this isolate's until a later save stores it. Only then is the
  // engine's text re-written (with its warning added by JSON.stringify).
  async function savedBeforeAnswer(engine, method, text) {
    const warning = await engine[saveOutcome](method, { timeoutMs: options.saveTimeoutMs });
    if (!warning) return text;
    const answer = JSON.parse(text);
    answer.warnings = [...(answer.warnings ?? []), warning];
    return JSON.stringify(answer);
  }

  // Every engine's figures: the shared one's and each started tenant's. A start still reading its
  // models is not waited for: one that never answers held /health and /metrics for every caller.
  async function engines(s) {
    return [s.engine, ...[...s.tenants.values()].map((t) => t.engine)].filter(Boolean);
  }

  async function health(s) {
    const all = (await engines(s)).map((e) => e.health());
    return { ...all[0], calls: all.reduce((n, h) => n + h.calls, 0), errors: all.reduce((n, h) => n + h.errors, 0) };
  }

  // The GET routes, each answered from the setup `s`; any other verb on them is a 405.
  const getRoutes = {
    '/': (s) => json(200, { name: 'nestegg', version: s.info.version, environment: s.config.environment,
      docs: '/docs', openapi: '/openapi.json', endpoints: [...s.post.keys()].map((p) => `POST ${p}`) }),
    '/health': async (s) => json(200, await health(s)),
    '/openapi.json': (s) => json(200, s.openapi),
    '/docs': () => ({ status: 200, body: docsPage, headers: { 'content-type': 'text/html; charset=utf-8' } }),
    '/metrics': async (s, request, arg) => {
      await authorize(s, request, arg);
      const text = mergePrometheus((await engines(s)).map((e) => e.metrics({ format: 'prometheus' })));
      return { status: 200, body: text + httpMetrics(), headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } };
    },
  };

  async function route(s, request, pathname, requestId, arg, ctx) {
    const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.replace(/\/+$/, '') : pathname;
    const get = getRoutes[path];
    if (get && (request.method === 'GET' || request.method === 'HEAD')) return get(s, request, arg);
    const method = s.post.get(path);
    if (!method && get) throw new HttpError(405, 'method_not_allowed', `${path} takes GET`, 'method', { allow: 'GET, HEAD' });
    if (!method) throw new HttpError(404, 'not_found', `no route ${path.length > 200 ? `${path.slice(0, 200)}...` : path}`, 'path');
    if (request.method !== 'POST') throw new HttpError(405, 'method_not_allowed', `${path} takes POST`, 'method', { allow: 'POST' });
    let caller = authorize(s, request, arg);
    if (isPromise(caller)) caller = await caller;
    const body = await readBody(request, s.config.maxBodyBytes, s.bodyDeadlines);
    return callEngine(s, method, body || '{}', requestId, ctx, caller);
  }

  function httpMetrics() {
    let text = '# HELP nestegg_http_responses_total HTTP responses by status.\n# TYPE nestegg_http_responses_total counter\n';
    for (const [status, n] of [...counters].sort()) text += `nestegg_http_responses_total{status="${status}"} ${n}\n`;
    return text;
  }

  async function handler(request, arg, ctx) {
    const started = Date.now();
    const requestId = requestIdOf(request);
    const pathname = pathOf(request.url);
    let s = ready;
    let response;
    // Read only for the setup, or for a failed one's error: Deno.env.toObject() copies the whole
    // environment, a cost on every request otherwise.
    const env = () => resolveEnv(options, arg);
    try {
      if (!s) {
        setupPromise ??= setup(env()).then((done) => (ready = done), (e) => {
          setupPromise = null;  // a failed start is retried by the next request
          throw e;
        });
        s = await setupPromise;
      }
      response = request.method === 'OPTIONS'
        ? { status: 204, body: null, headers: {} }
        : await route(s, request, pathname, requestId, arg, ctx);
    } catch (e) {
      // Detail (a bad setting, an exception's message) reaches the client only in development.
      const production = (s ? s.config.environment : env().NESTEGG_ENV) !== 'development';
      if (e instanceof HttpError) {
        const { code, message, field } = describeError(e);
        response = json(e.status, { error: { code, message, field } }, e.headers);
      } else if (e?.name === 'NesteggError' && e.code === 'invalid_config') {
        // Misconfiguration is the operator's to see in the logs, not the client's.
        if (logs(s, 'error')) log({ ts: new Date().toISOString(), level: 'error', event: 'config', request_id: requestId, error: e.toJSON().error });
        response = json(500, { error: { code: 'invalid_config', message: production ? 'the server is misconfigured' : e.message, field: production ? '' : e.field } });
      } else {
        if (logs(s, 'error')) log({ ts: new Date().toISOString(), level: 'error', event: 'internal', request_id: requestId, message: String(e?.stack ?? e) });
        response = json(500, { error: { code: 'internal', message: production ? 'internal error' : describeError(e).message, field: '' } });
      }
    }
    const headers = response.headers;  // made for this response by its route: added to, not copied
    headers['x-request-id'] = requestId;
    if (s) Object.assign(headers, corsHeaders(s.config, request));
    counters.set(response.status, (counters.get(response.status) ?? 0) + 1);
    const level = response.status >= 500 ? 'error' : response.status >= 400 ? 'warn' : 'info';
    if (logs(s, level)) {
      log({ ts: new Date().toISOString(), level, event: 'http', method: request.method, path: pathname,
        status: response.status, ms: Date.now() - started, request_id: requestId });
    }
    return new Response(request.method === 'HEAD' ? null : response.body, { status: response.status, headers });
  }
  // A plain object, not a function: workerd takes a function default export for a Durable Object
  // class. `{ fetch }` is what Workers and `deno serve` expect; Deno.serve takes `.fetch`.
  return { fetch: handler };
}
