// SPDX-License-Identifier: MIT
// A bounded abuse run against a handler on loopback: bad keys, rotating client-address headers,
// a flood with a valid key, oversized bodies (declared and streamed) and slow bodies (streamed, and
// of a declared length, which the handler reads another way). Returns the
// statuses per phase and the server process's resident memory after a warm-up and at the end.
// Every phase is capped in count and time; nothing leaves 127.0.0.1.
import { readFileSync } from 'node:fs';
import net from 'node:net';

const rssOf = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

// Statuses counted into `into` (every round adds to the same tally).
function tally(statuses, into = {}) {
  for (const s of statuses) into[s] = (into[s] ?? 0) + 1;
  return into;
}

async function many(n, concurrency, one) {
  const statuses = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      const res = await one(i);
      statuses.push(res.status);
      await res.arrayBuffer().catch(() => {});
    }
  }));
  return statuses;
}

const timeline = (i) => JSON.stringify({ target_amount: 10000 + i, current_amount: 1000, monthly_contribution: 450, start_date: '2024-01-15' });

/** A body of `n` chunks streamed without a length (no content-length to refuse it by). */
function chunked(n, size) {
  let sent = 0;
  return new ReadableStream({ pull(c) { if (sent++ < n) c.enqueue(new Uint8Array(size).fill(32)); else c.close(); } });
}

/** A body that sends a little, then nothing: the server must cut it off. */
function slowBody() {
  let timer;
  return new ReadableStream({
    start(c) { c.enqueue(new TextEncoder().encode('{"target_amount":')); timer = setTimeout(() => c.close(), 20000); },
    cancel() { clearTimeout(timer); },
  });
}

/**
 * A body that declares 1000 bytes, sends 17 and then nothing, over raw HTTP/1.1 (fetch cannot
 * declare a length it does not send). Resolves to the answer's status, or 'none' within 20 s.
 */
function slowDeclared(url, key) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    const done = (status) => { clearTimeout(timer); socket.destroy(); resolve(status); };
    const timer = setTimeout(() => done('none'), 20000);
    socket.on('connect', () => socket.write(`POST /api/v1/goals.timeline HTTP/1.1\r\nhost: ${hostname}\r\nx-api-key: ${key}\r\n`
      + 'content-length: 1000\r\n\r\n{"target_amount":'));
    socket.once('data', (d) => done(/^HTTP\/1\.1 (\d{3})/.exec(String(d))?.[1] ?? 'garbled'));
    socket.on('error', () => done('reset'));
  });
}

/**
 * @param url the handler's base URL; `key` a valid key; `pid` the server process; `headers` the
 *   client-address headers to rotate (on workerd, cf-connecting-ip is Cloudflare's to set)
 */
export async function abuse(url, { key, otherKey, pid, rounds = 3, headers }) {
  const post = (path, init = {}) => fetch(`${url}${path}`, { method: 'POST', ...init });
  const phases = {};
  const rss = [];
  const wasmBefore = (await (await fetch(`${url}/health`)).json()).wasm_memory_bytes;
  for (let round = 0; round < rounds; round++) {
    phases.bad_keys = tally(await many(150, 10, (i) => post('/api/v1/goals.timeline', { headers: { 'x-api-key': `wrong-key-${round}-${i}-0123456789` }, body: timeline(i) })), phases.bad_keys);
    phases.rotating_headers = tally(await many(150, 10, (i) => post('/api/v1/goals.timeline', {
      headers: Object.fromEntries(headers.map((h) => [h, `203.0.${round}.${i % 250}`])), body: timeline(i) })), phases.rotating_headers);
    phases.flood = tally(await many(300, 16, (i) => post('/api/v1/goals.timeline', { headers: { 'x-api-key': key }, body: timeline(i + round * 1000) })), phases.flood);
    // Refused before the body is read: a server may close while the client still sends ('reset').
    phases.oversized_declared = tally(await many(20, 4, () => post('/api/v1/goals.timeline', { headers: { 'x-api-key': otherKey }, body: 'x'.repeat(70000) })
      .catch(() => ({ status: 'reset', arrayBuffer: async () => {} }))), phases.oversized_declared);
    phases.oversized_streamed = tally(await many(20, 4, () => post('/api/v1/goals.timeline', {
      headers: { 'x-api-key': otherKey }, duplex: 'half', body: chunked(13, 16384) })
      .catch(() => ({ status: 'reset', arrayBuffer: async () => {} }))), phases.oversized_streamed);
    const started = performance.now();
    phases.slow_bodies = tally(await many(8, 8, () => post('/api/v1/goals.timeline', { headers: { 'x-api-key': otherKey }, duplex: 'half', body: slowBody() })
      .catch(() => ({ status: 'reset', arrayBuffer: async () => {} }))), phases.slow_bodies);
    phases.slow_bodies_seconds = Math.max(phases.slow_bodies_seconds ?? 0, +((performance.now() - started) / 1000).toFixed(2));
    const declaredStarted = performance.now();
    phases.slow_declared = tally(await Promise.all(Array.from({ length: 8 }, () => slowDeclared(url, otherKey))), phases.slow_declared);
    phases.slow_declared_seconds = Math.max(phases.slow_declared_seconds ?? 0, +((performance.now() - declaredStarted) / 1000).toFixed(2));
    rss.push(rssOf(pid));
  }
  const health = await (await fetch(`${url}/health`)).json();
  return { phases, rss_mb: rss.map((b) => +(b / 1048576).toFixed(1)), wasm_memory_before: wasmBefore, wasm_memory_after: health.wasm_memory_bytes };
}
