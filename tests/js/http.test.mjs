// SPDX-License-Identifier: MIT
// The edge HTTP API, driven over HTTP on loopback in real workerd (miniflare) and real Deno running
// the package's examples, and in-process under Node: every route, auth, rate limit, body limit,
// CORS, request ids, the response cache, the original backend's example requests, a bounded load.
// Answers are compared with the engine called directly (the HTTP layer must not change them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPackage, pkgDir } from './helpers.mjs';
import { startDeno, startWorkerd } from '../runtimes/servers.mjs';
import { loadTimeline } from '../runtimes/load.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = await loadPackage();
const engine = await pkg.createEngine();
const KEY = 'test-key-0123456789abcdef';
const ENV = { NESTEGG_API_KEYS: `other-key-0123456789,${KEY}`, NESTEGG_ENV: 'staging', NESTEGG_MAX_BODY_BYTES: '4096',
  NESTEGG_CORS_ORIGINS: 'https://app.example', NESTEGG_RATE_LIMIT: '100000', NESTEGG_LOG_LEVEL: 'off' };
const STRICT = { ...ENV, NESTEGG_RATE_LIMIT: '2' };
const timelineRequest = { target_amount: 10000, current_amount: 1000, monthly_contribution: 450, start_date: '2024-01-15' };
const savings = JSON.parse(readFileSync(path.join(here, '../../web-demo/sample-savings.json'), 'utf8'));

const post = (base, route, body, headers = {}) =>
  fetch(`${base}${route}`, { method: 'POST', headers: { 'x-api-key': KEY, ...headers }, body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body) });
const errorOf = async (res) => (await res.json()).error;

async function scenario(base) {
  const index = await (await fetch(`${base}/`)).json();
  const methods = engine.info().methods.map((m) => m.name);
  for (const m of methods) assert.ok(index.endpoints.includes(`POST /api/v1/${m}`), m);
  for (const r of Object.keys(pkg.LEGACY_ROUTES)) assert.ok(index.endpoints.includes(`POST ${r}`), r);
  assert.equal((await (await fetch(`${base}/health`)).json()).status, 'ok');

  const doc = await (await fetch(`${base}/openapi.json`)).json();
  assert.equal(doc.openapi, '3.0.3');
  assert.ok(doc.paths['/api/v1/goals/calculate-timeline'].post.responses['429']);
  for (const m of methods) assert.ok(doc.paths[`/api/v1/${m}`], `openapi ${m}`);
  const docs = await fetch(`${base}/docs`);
  assert.match(docs.headers.get('content-type'), /text\/html/);
  assert.match(await docs.text(), /openapi\.json/);

  // Auth.
  let res = await fetch(`${base}/api/v1/goals/calculate-timeline`, { method: 'POST', body: JSON.stringify(timelineRequest) });
  assert.equal(res.status, 401);
  assert.deepEqual(await errorOf(res), { code: 'unauthorized', message: 'X-API-Key header is required', field: 'X-API-Key' });
  res = await post(base, '/api/v1/goals/calculate-timeline', timelineRequest, { 'x-api-key': `${KEY}x` });
  assert.equal(res.status, 401);
  assert.equal((await fetch(`${base}/metrics`)).status, 401);
  const metrics = await fetch(`${base}/metrics`, { headers: { 'x-api-key': KEY } });
  assert.match(await metrics.text(), /nestegg_http_responses_total\{status="401"\} \d+/);

  // The original backend's examples: a 20-month goal, and 40 000 in 12 months.
  res = await post(base, '/api/v1/goals/calculate-timeline', timelineRequest, { 'x-request-id': 'req-20-months' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-request-id'), 'req-20-months');
  const timeline = await res.json();
  assert.equal(timeline.months_needed, 20);
  assert.equal(timeline.target_date, '2025-09-15');
  assert.deepEqual(timeline, engine.goals.timeline(timelineRequest));
  const reverse = await (await post(base, '/api/v1/goals/reverse-plan', { target_amount: 40000, start_date: '2024-01-01', target_date: '2025-01-01' })).json();
  assert.ok(Math.abs(reverse.required_monthly_savings_exact - 3333.3333333333) < 1e-6);
  assert.equal(reverse.required_monthly_savings, 3333.34);  // 3333.33 x 12 falls 4 cents short: rounded up
  const viaMethodRoute = await (await post(base, '/api/v1/goals.reverse_plan', { target_amount: 40000, start_date: '2024-01-01', target_date: '2025-01-01' })).json();
  assert.deepEqual(viaMethodRoute, reverse);

  // Savings through the original /ml routes.
  const user = `http-${Math.random().toString(36).slice(2)}`;
  const trained = await post(base, '/ml/train', { ...savings, user_id: user });
  assert.equal(trained.status, 200);
  assert.deepEqual((await trained.json()).coefficients, engine.savings.train({ ...savings, user_id: user, store: false }).coefficients);
  const predicted = await (await post(base, '/ml/predict', { user_id: user, horizon: 2 })).json();
  assert.equal(predicted.predictions.length, 2);

  // Bad input: structured errors with the field.
  res = await post(base, '/api/v1/goals.timeline', '{"target_amount": 5,');
  assert.equal(res.status, 400);
  assert.equal((await errorOf(res)).code, 'invalid_json');
  res = await post(base, '/api/v1/goals/calculate-timeline', { ...timelineRequest, monthly_contribution: 'lots' });
  assert.equal(res.status, 400);
  assert.deepEqual(await errorOf(res), (() => { try { engine.goals.timeline({ ...timelineRequest, monthly_contribution: 'lots' }); } catch (e) { return e.toJSON().error; } })());
  res = await post(base, '/api/v1/goals.timeline', new Uint8Array([0x7b, 0xff, 0x7d]));
  assert.equal(res.status, 400);
  res = await post(base, '/api/v1/savings.predict', { user_id: 'nobody-here', horizon: 1 });
  assert.equal(res.status, 404);
  assert.equal((await errorOf(res)).code, 'not_found');
  res = await post(base, '/api/v1/goals.timeline', JSON.stringify({ target_amount: 1, monthly_contribution: 1, pad: 'x'.repeat(5000) }));
  assert.equal(res.status, 413);
  assert.equal((await errorOf(res)).code, 'too_large');
  res = await fetch(`${base}/api/v1/nothing.here`, { method: 'POST', headers: { 'x-api-key': KEY }, body: '{}' });
  assert.equal(res.status, 404);
  res = await fetch(`${base}/api/v1/goals.timeline`);
  assert.equal(res.status, 405);
  await res.arrayBuffer();
  res = await fetch(`${base}/health`, { method: 'POST', headers: { 'x-api-key': KEY }, body: '{}' });
  assert.equal(res.status, 405);  // a GET route posted to: the wrong verb, not "no route"
  assert.equal(res.headers.get('allow'), 'GET, HEAD');
  await res.arrayBuffer();

  // CORS for the configured origin only.
  res = await fetch(`${base}/api/v1/goals.timeline`, { method: 'OPTIONS', headers: { origin: 'https://app.example' } });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example');
  assert.match(res.headers.get('access-control-allow-headers'), /x-api-key/);
  res = await fetch(`${base}/health`, { headers: { origin: 'https://evil.example' } });
  assert.equal(res.headers.get('access-control-allow-origin'), null);
  await res.arrayBuffer();

  // Cache (the handler's own): a request is kept from its second sighting, under its exact text,
  // and the third is a hit with the same body. Its keys in another order make another entry.
  const body = { start_date: '2024-02-01', monthly_contribution: 321.5, target_amount: 7777 + Math.random() };
  const sightings = [];
  for (let i = 0; i < 3; i++) {
    const res = await post(base, '/api/v1/goals.timeline', body);
    sightings.push([res.headers.get('x-nestegg-cache'), await res.text()]);
  }
  assert.deepEqual(sightings.map(([cache]) => cache), ['miss', 'miss', 'hit']);
  assert.equal(sightings[2][1], sightings[0][1]);
  const reordered = await post(base, '/api/v1/goals.timeline', Object.fromEntries(Object.entries(body).reverse()));
  assert.equal(reordered.headers.get('x-nestegg-cache'), 'miss');
  assert.equal(await reordered.text(), sightings[0][1]);
}

async function rateLimited(base) {
  const statuses = [];
  for (let i = 0; i < 3; i++) {
    const res = await post(base, '/api/v1/goals.timeline', timelineRequest);
    statuses.push(res.status);
    if (res.status === 429) {
      assert.ok(Number(res.headers.get('retry-after')) >= 1);
      assert.equal((await errorOf(res)).code, 'rate_limited');
    } else await res.arrayBuffer();
  }
  assert.deepEqual(statuses, [200, 200, 429]);
}

// One HTTP/1.1 request written as is, so the request target reaches the runtime unresolved (fetch
// would resolve "/a/../b" first): its status and body.
function rawPost(base, target, body) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(`POST ${target} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n`
      + `X-Api-Key: ${KEY}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`));
    let out = '';
    socket.on('data', (d) => { out += d; });
    socket.on('error', reject);
    socket.on('end', () => {
      const [head, ...rest] = out.split('\r\n\r\n');
      const text = rest.join('\r\n\r\n');
      // A chunked body (Deno's) is one chunk here: its size line, the chunk, the last chunk.
      const chunked = /transfer-encoding: chunked/i.test(head) ? text.replace(/^[0-9a-f]+\r\n/i, '').replace(/\r\n0\r\n\r\n$/, '') : text;
      resolve({ status: Number(head.split(' ')[1]), body: chunked });
    });
  });
}

// A path with dot segments or backslashes routes as URL resolves it on every runtime: workerd
// hands request.url resolved, Deno.serve as sent.
async function unresolvedTargets(base) {
  const body = JSON.stringify(timelineRequest);
  const plain = await rawPost(base, '/api/v1/goals.timeline', body);
  assert.equal(plain.status, 200);
  assert.deepEqual(JSON.parse(plain.body), engine.goals.timeline(timelineRequest));
  for (const target of ['/api/v1/x/../goals.timeline', '/api/v1/./goals.timeline', '/api/v1/%2e%2e/v1/goals.timeline', '/api\\v1\\goals.timeline']) {
    const res = await rawPost(base, target, body);
    assert.equal(res.status, 200, `${target}: ${res.body}`);
    assert.deepEqual(JSON.parse(res.body), JSON.parse(plain.body), target);
  }
}

async function bounded(base, label) {
  const figures = await loadTimeline(base, KEY, { total: 400, concurrency: 8 });
  assert.equal(figures.errors, 0);
  assert.equal(figures.wasm_memory_after, figures.wasm_memory_before, 'wasm memory stays flat');
  console.log(`${label}: ${JSON.stringify(figures)}`);
}

for (const [name, start] of [['workerd (miniflare)', startWorkerd], ['Deno', startDeno]]) {
  test(`HTTP API on ${name}, over loopback`, { timeout: 120000 }, async () => {
    const server = await start(pkgDir, ENV);
    const strict = await start(pkgDir, STRICT);
    try {
      await scenario(server.url);
      await unresolvedTargets(server.url);
      await rateLimited(strict.url);
      await bounded(server.url, name);
    } finally {
      await server.close();
      await strict.close();
    }
  });
}

// In-process under Node: a fetch-shaped adapter so the same scenario runs without a server.
function inProcess(handler) {
  return async (url, init) => handler.fetch(new Request(url, init));
}

test('HTTP API in-process under Node gives the same answers', async () => {
  const handler = pkg.createHandler({ env: ENV });
  const realFetch = globalThis.fetch;
  globalThis.fetch = inProcess(handler);
  try {
    await scenario('http://nestegg.local');
    globalThis.fetch = inProcess(pkg.createHandler({ env: STRICT }));
    await rateLimited('http://nestegg.local');
  } finally {
    globalThis.fetch = realFetch;
  }
});

test('settings are validated at start and name the variable', () => {
  const bad = [
    [{ NESTEGG_ENV: 'prod' }, 'NESTEGG_ENV'],
    [{}, 'NESTEGG_API_KEYS'],
    [{ NESTEGG_API_KEYS: 'short' }, 'NESTEGG_API_KEYS'],
    [{ NESTEGG_AUTH_DISABLED: 'true' }, 'NESTEGG_AUTH_DISABLED'],
    [{ NESTEGG_AUTH_DISABLED: 'true', NESTEGG_ENV: 'staging' }, 'NESTEGG_AUTH_DISABLED'],
    [{ NESTEGG_API_KEYS: KEY, NESTEGG_RATE_LIMIT: '-1' }, 'NESTEGG_RATE_LIMIT'],
    [{ NESTEGG_API_KEYS: KEY, NESTEGG_MAX_BODY_BYTES: '1e9' }, 'NESTEGG_MAX_BODY_BYTES'],
    [{ NESTEGG_API_KEYS: KEY, NESTEGG_LOG_LEVEL: 'loud' }, 'NESTEGG_LOG_LEVEL'],
  ];
  for (const [env, field] of bad) {
    assert.throws(() => pkg.readHttpConfig(env), (e) => e.code === 'invalid_config' && e.field === field, JSON.stringify(env));
  }
  const dev = pkg.readHttpConfig({ NESTEGG_ENV: 'development', NESTEGG_AUTH_DISABLED: 'true' });
  assert.equal(dev.authDisabled, true);
});

test('a misconfigured server answers 500 without detail in production, with it in development', async () => {
  const lines = [];
  const prod = pkg.createHandler({ env: { NESTEGG_API_KEYS: 'short' }, logSink: (l) => lines.push(l) });
  const res = await prod.fetch(new Request('http://x/health'));
  assert.equal(res.status, 500);
  assert.deepEqual(await errorOf(res), { code: 'invalid_config', message: 'the server is misconfigured', field: '' });
  assert.equal(lines[0].error.field, 'NESTEGG_API_KEYS');  // the operator sees it in the log
  const dev = pkg.createHandler({ env: { NESTEGG_ENV: 'development', NESTEGG_AUTH_DISABLED: 'true', NESTEGG_RATE_LIMIT: 'x' }, logSink: () => {} });
  assert.equal((await errorOf(await dev.fetch(new Request('http://x/health')))).field, 'NESTEGG_RATE_LIMIT');
});

test('an internal failure is hidden in production and logged with the request id', async () => {
  const lines = [];
  const broken = { take: async () => { throw new Error('secret stack detail'); } };
  const handler = pkg.createHandler({ env: { NESTEGG_API_KEYS: KEY }, rateLimiter: broken, logSink: (l) => lines.push(l) });
  const res = await handler.fetch(new Request('http://x/api/v1/goals.timeline', { method: 'POST', headers: { 'x-api-key': KEY, 'x-request-id': 'r-1' }, body: '{}' }));
  assert.equal(res.status, 500);
  const text = await res.text();
  assert.doesNotMatch(text, /secret/);
  assert.ok(lines.some((l) => l.event === 'internal' && l.request_id === 'r-1' && /secret/.test(l.message)));
  // The handler still works for the next request.
  const ok = pkg.createHandler({ env: { NESTEGG_API_KEYS: KEY, NESTEGG_LOG_LEVEL: 'off' } });
  assert.equal((await ok.fetch(new Request('http://x/health'))).status, 200);
});

test('a corrupt cache entry is dropped and recomputed, never served', async () => {
  class RecordingCache extends pkg.MemoryResponseCache {
    keys = new Set();
    async set(k, text, ttl) { this.keys.add(k); return super.set(k, text, ttl); }
  }
  const store = new RecordingCache();
  const handler = pkg.createHandler({ env: { NESTEGG_API_KEYS: KEY, NESTEGG_LOG_LEVEL: 'off' }, responseCache: store });
  const call = () => handler.fetch(new Request('http://x/api/v1/goals.timeline', { method: 'POST', headers: { 'x-api-key': KEY }, body: JSON.stringify(timelineRequest) }));
  const good = await (await call()).text();
  assert.equal(store.keys.size, 1);
  const [key] = store.keys;
  const entry = JSON.parse(await store.get(key));
  for (const corrupt of [JSON.stringify({ ...entry, body: entry.body.replace('"months_needed":20', '"months_needed":2') }),
    JSON.stringify(entry).slice(0, 50), JSON.stringify({ ...entry, key: 'another' })]) {
    await store.set(key, corrupt, 60);
    const res = await call();
    assert.equal(res.headers.get('x-nestegg-cache'), 'miss');
    assert.equal(await res.text(), good);
    assert.equal((await call()).headers.get('x-nestegg-cache'), 'hit');  // rewritten whole
  }
});

test('API keys: only a configured key, whole, is a caller; its tenant and bucket come from its SHA-256', async () => {
  const { readKeyring } = await import(new URL('src/api_keys.js', `file://${pkgDir}/`).href);
  const admin = 'admin-key-0123456789';
  const callerOf = await readKeyring([KEY, admin], [admin]);
  const digest = (k) => createHash('sha256').update(k).digest('hex');  // node:crypto, not the package's own
  assert.deepEqual(callerOf(KEY), { tenant: digest(KEY).slice(0, 16), identity: `key:${digest(KEY).slice(0, 24)}`, admin: false });
  assert.equal(callerOf(admin).admin, true);
  // A prefix, an extension, one character changed, a repetition (the comparison reads the given
  // key round, by its length), empty: none is a caller.
  for (const near of [KEY.slice(0, -1), `${KEY}x`, `${KEY.slice(0, -1)}g`, KEY + KEY, KEY.slice(0, 8).repeat(3), '']) {
    assert.equal(callerOf(near), null, JSON.stringify(near));
  }
});

test('the handler\'s own cache: a repeat is kept from its second sighting, also when the request is too long to key by its text', async () => {
  const handler = pkg.createHandler({ env: { NESTEGG_API_KEYS: KEY, NESTEGG_LOG_LEVEL: 'off' } });
  for (const body of [timelineRequest, { ...timelineRequest, note: 'x'.repeat(5000) }]) {
    const call = () => handler.fetch(new Request('http://x/api/v1/goals.timeline', { method: 'POST', headers: { 'x-api-key': KEY }, body: JSON.stringify(body) }));
    const answers = [];
    for (let i = 0; i < 4; i++) {
      const res = await call();
      answers.push([res.headers.get('x-nestegg-cache'), await res.text()]);
    }
    assert.deepEqual(answers.map(([cache]) => cache), ['miss', 'miss', 'hit', 'hit']);
    for (const [, text] of answers) assert.deepEqual(JSON.parse(text), engine.call('goals.timeline', body));
  }
});

test('the handler\'s own cache keeps no first sighting: a stream of distinct requests leaves it empty', async () => {
  const handler = pkg.createHandler({ env: { NESTEGG_API_KEYS: KEY, NESTEGG_LOG_LEVEL: 'off', NESTEGG_RATE_LIMIT: '0' } });
  const call = (i) => handler.fetch(new Request('http://x/api/v1/goals.timeline', { method: 'POST', headers: { 'x-api-key': KEY }, body: JSON.stringify({ ...timelineRequest, target_amount: 10000 + i }) }));
  for (let i = 0; i < 3000; i++) assert.equal((await call(i)).headers.get('x-nestegg-cache'), 'miss');
  // Had the 3 000 answers been kept, the last would be one of the 1 000 the cache holds; sighted
  // once before, it is kept now, and a hit the time after.
  assert.equal((await call(2999)).headers.get('x-nestegg-cache'), 'miss');
  assert.equal((await call(2999)).headers.get('x-nestegg-cache'), 'hit');
  // The table (16 384 slots) still remembers most of the older sightings: 2 999 marks since
  // overwrite a given slot with probability 1 - (1 - 1/16384)^2999, about 17 %. So of the first
  // 100 requests about 83 are kept on their second sighting; under 50 is 9 standard deviations off.
  let kept = 0;
  for (let i = 0; i < 100; i++) {
    if ((await call(i)).headers.get('x-nestegg-cache') === 'miss' && (await call(i)).headers.get('x-nestegg-cache') === 'hit') kept++;
  }
  assert.ok(kept >= 50 && kept < 100, `${kept} of 100 kept`);
});

test('a host\'s cache keys the canonical request: keys in another order are a hit, from the first sighting', async () => {
  const handler = pkg.createHandler({ env: { NESTEGG_API_KEYS: KEY, NESTEGG_LOG_LEVEL: 'off' }, responseCache: new pkg.MemoryResponseCache() });
  const send = (body) => handler.fetch(new Request('http://x/api/v1/goals.timeline', { method: 'POST', headers: { 'x-api-key': KEY }, body: JSON.stringify(body) }));
  const first = await send(timelineRequest);
  assert.equal(first.headers.get('x-nestegg-cache'), 'miss');
  const reordered = await send(Object.fromEntries(Object.entries(timelineRequest).reverse()));
  assert.equal(reordered.headers.get('x-nestegg-cache'), 'hit');
  assert.equal(await reordered.text(), await first.text());
  // A number JSON cannot say exactly is not keyed: answered, uncached.
  const inexact = await handler.fetch(new Request('http://x/api/v1/goals.timeline', { method: 'POST', headers: { 'x-api-key': KEY }, body: '{"target_amount": 1e400, "monthly_contribution": 5}' }));
  assert.notEqual(inexact.headers.get('x-nestegg-cache'), 'hit');
});

test('shared rate limits through a KV store; a corrupt bucket starts full', async () => {
  const kv = new Map();
  const fakeKv = { get: async (k) => kv.get(k) ?? null, put: async (k, v) => { kv.set(k, v); } };
  const limiter = new pkg.KvRateLimiter(fakeKv);
  const limits = { ratePerMinute: 60, burst: 2, now: 1_000_000 };
  assert.equal((await limiter.take('a', limits)).allowed, true);
  assert.equal((await limiter.take('a', limits)).allowed, true);
  const refused = await limiter.take('a', limits);
  assert.equal(refused.allowed, false);
  assert.equal(refused.retryAfterSeconds, 1);  // one token a second at 60 a minute
  assert.equal((await limiter.take('a', { ...limits, now: limits.now + 1000 })).allowed, true);
  kv.set('nestegg/rate/a', '{"tokens":');
  assert.equal((await limiter.take('a', limits)).allowed, true);
  // Two handlers (two isolates) sharing the store share the bucket.
  const env = { NESTEGG_API_KEYS: KEY, NESTEGG_RATE_LIMIT: '2', NESTEGG_LOG_LEVEL: 'off' };
  const shared = new pkg.KvRateLimiter(fakeKv, { prefix: 'shared/' });
  const [h1, h2] = [pkg.createHandler({ env, rateLimiter: shared }), pkg.createHandler({ env, rateLimiter: shared })];
  const req = () => new Request('http://x/api/v1/goals.timeline', { method: 'POST', headers: { 'x-api-key': KEY }, body: JSON.stringify(timelineRequest) });
  const statuses = [(await h1.fetch(req())).status, (await h2.fetch(req())).status, (await h1.fetch(req())).status];
  assert.deepEqual(statuses, [200, 200, 429]);
});

test('request ids: the client\'s safe one is kept; else 128 random bits, never the same twice, nor across handlers', async () => {
  const env = { NESTEGG_API_KEYS: KEY, NESTEGG_LOG_LEVEL: 'off', NESTEGG_RATE_LIMIT: '0' };
  const ids = new Set();
  for (const handler of [pkg.createHandler({ env }), pkg.createHandler({ env })]) {
    for (let i = 0; i < 500; i++) {
      const given = i % 3 === 0 ? undefined : i % 3 === 1 ? 'bad id with spaces' : 'x'.repeat(129);
      const res = await handler.fetch(new Request('http://x/health', given ? { headers: { 'x-request-id': given } } : {}));
      const id = res.headers.get('x-request-id');
      assert.match(id, /^[0-9a-f]{32}$/);
      assert.ok(!ids.has(id), `${id} twice`);
      ids.add(id);
    }
    const kept = await handler.fetch(new Request('http://x/health', { headers: { 'x-request-id': 'trace:1.2_3-4' } }));
    assert.equal(kept.headers.get('x-request-id'), 'trace:1.2_3-4');
  }
  // 128 random bits each: no count a caller could read traffic from. Over 1 000 ids every hex
  // digit position takes many values (a fixed prefix or a counter would not).
  for (let at = 0; at < 32; at++) assert.ok(new Set([...ids].map((id) => id[at])).size >= 12, `digit ${at} varies`);
});

test('log lines follow NESTEGG_LOG_LEVEL and carry the request id', async () => {
  const lines = [];
  const handler = pkg.createHandler({ env: { NESTEGG_API_KEYS: KEY, NESTEGG_LOG_LEVEL: 'warn' }, logSink: (l) => lines.push(l) });
  const send = (body, id) => handler.fetch(new Request('http://x/api/v1/goals.timeline',
    { method: 'POST', headers: { 'x-api-key': KEY, 'x-request-id': id }, body: JSON.stringify(body) }));
  assert.equal((await send(timelineRequest, 'fine-1')).status, 200);
  assert.deepEqual(lines, [], 'a success is below warn');
  assert.equal((await send({ target_amount: -1 }, 'bad-1')).status, 400);
  const http = lines.find((l) => l.event === 'http');
  assert.equal(http.level, 'warn');
  assert.equal(http.request_id, 'bad-1');
  assert.equal(http.status, 400);
  const call = lines.find((l) => l.source === 'engine');
  assert.equal(call.request_id, 'bad-1');
  assert.equal(call.error.field, 'target_amount');
  const quiet = [];
  const off = pkg.createHandler({ env: { NESTEGG_API_KEYS: KEY, NESTEGG_LOG_LEVEL: 'error' }, logSink: (l) => quiet.push(l) });
  await off.fetch(new Request('http://x/nope'));
  assert.deepEqual(quiet, [], 'a 404 is below error');
});
