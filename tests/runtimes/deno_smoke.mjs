// SPDX-License-Identifier: MIT
// Run by Deno: `deno run --allow-read tests/runtimes/deno_smoke.mjs <package dir>`. Loads the
// package through its "deno" entry, answers the smoke cases and prints the responses as JSON,
// which smoke.test.mjs compares with the Node answers.
const pkg = Deno.args[0];
const { createEngine, NesteggError, MemoryStorage, openStore } = await import(new URL('src/deno.js', `file://${pkg}/`).href);
const cases = JSON.parse(await Deno.readTextFile(new URL('./smoke_cases.json', import.meta.url)));
const t0 = performance.now();
const engine = await createEngine();
const out = cases.map(({ method, request }) => {
  try {
    return engine.call(method, request);
  } catch (e) {
    if (!(e instanceof NesteggError)) throw e;
    return e.toJSON();
  }
});
const cold_ms = performance.now() - t0;
// The prediction cache on Deno (crypto.subtle, the store in memory): a miss, then a hit.
const cachedEngine = await createEngine({ store: await openStore(new MemoryStorage()) });
const first = await cachedEngine.cachedCall(cases[0].method, cases[0].request);
const second = await cachedEngine.cachedCall(cases[0].method, cases[0].request);
const cached = { hits: [first.cache.hit, second.cache.hit], result: second.result };
console.log(JSON.stringify({ runtime: 'deno', version: Deno.version.deno, cold_ms, responses: out, cached }));
