// SPDX-License-Identifier: MIT
// A bounded load on loopback: `total` goals.timeline requests, `concurrency` at a time, each body
// different (no cache hits; `first` numbers them, so later rounds differ from earlier ones),
// against a handler URL; with `repeat` n, each body is sent n times in a row (so a cache that keeps a
// request from its second sighting writes on every n-th). Stops by itself.
import { http1Connection } from './http1_client.mjs';

/**
 * The raw figures of one load: every request's latency (ms, sorted), the seconds it took, non-200
 * answers. `client`: 'fetch' (Node's), or 'http1' (http1_client.mjs, a keep-alive socket per
 * concurrent client: light enough that the server sets the pace).
 */
export async function timelineLoad(url, key, { total = 1000, concurrency = 16, first = 0, client = 'fetch', repeat = 1 } = {}) {
  const latencies = [];
  let errors = 0, next = 0;
  const path = '/api/v1/goals/calculate-timeline';
  const started = performance.now();
  async function worker() {
    const connection = client === 'http1' ? http1Connection(url) : null;
    const send = connection
      ? (body) => connection.post(path, { 'x-api-key': key }, body)
      : async (body) => {
        const r = await fetch(`${url}${path}`, { method: 'POST', headers: { 'x-api-key': key }, body });
        await r.arrayBuffer();
        return r.status;
      };
    try {
      while (next < total) {
        const i = first + Math.floor(next++ / repeat);
        const body = JSON.stringify({ target_amount: 10000 + i, current_amount: 1000, monthly_contribution: 450, start_date: '2024-01-15' });
        const t = performance.now();
        const status = await send(body);
        latencies.push(performance.now() - t);
        if (status !== 200) errors++;
      }
    } finally {
      connection?.close();
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { latencies, seconds, errors };
}

/** The q-quantile of sorted latencies, in ms to two decimals. */
export const quantile = (sorted, q) => +sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2);

/** One load's figures, with the handler's wasm memory (GET /health) before and after. */
export async function loadTimeline(url, key, { total = 1000, concurrency = 16 } = {}) {
  const health = async () => (await (await fetch(`${url}/health`)).json()).wasm_memory_bytes;
  const memoryBefore = await health();
  const { latencies, seconds, errors } = await timelineLoad(url, key, { total, concurrency });
  return { requests: total, concurrency, errors, requests_per_second: Math.round(total / seconds), p50_ms: quantile(latencies, 0.5),
    p99_ms: quantile(latencies, 0.99), wasm_memory_before: memoryBefore, wasm_memory_after: await health() };
}
