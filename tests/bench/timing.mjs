// SPDX-License-Identifier: MIT
/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs fn `reps` times; returns [median milliseconds, the last result]. */
export function medianTime(fn, reps) {
  const ms = [];
  let out;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    out = fn();
    ms.push(performance.now() - t);
  }
  return [median(ms), out];
}

/**
 * Times every request of a corpus ([{name, method, request}]) through engine.call with its raw JSON
 * text (the bytes bench_native sends), each for `budgetMs` (at least 5 calls, at most 100 000), and
 * prints bench_native's JSON line per case; `extra(answer)` adds fields from the last answer.
 */
export function timeCorpus(engine, corpus, budgetMs, extra = () => ({})) {
  for (const c of corpus) {
    const body = JSON.stringify(c.request);
    const ms = [];
    let out;
    const start = performance.now();
    while (ms.length < 5 || (performance.now() - start < budgetMs && ms.length < 100000)) {
      const s = performance.now();
      out = engine.call(c.method, body);
      ms.push(performance.now() - s);
    }
    ms.sort((a, b) => a - b);
    console.log(JSON.stringify({ name: c.name, runtime: 'wasm-node', calls: ms.length,
      median_ms: +ms[ms.length >> 1].toFixed(4), p90_ms: +ms[Math.floor(ms.length * 0.9)].toFixed(4),
      max_ms: +ms[ms.length - 1].toFixed(4), ...extra(out) }));
  }
}
