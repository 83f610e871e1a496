// SPDX-License-Identifier: MIT
// Run by Deno: `deno run --allow-read tests/runtimes/deno_smoke.mjs <package dir>`. Loads the
// package through its "deno" entry, answers the smoke cases and prints the responses as JSON,
// which smoke.test.mjs compares with the Node answers.
const pkg = Deno.args[0];
const { createEngine, NesteggError } = await import(new URL('src/deno.js', `file://${pkg}/`).href);
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
console.log(JSON.stringify({ runtime: 'deno', version: Deno.version.deno, cold_ms: performance.now() - t0, responses: out }));
