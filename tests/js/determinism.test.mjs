// SPDX-License-Identifier: MIT
// The determinism corpus (issue 15): one list of requests answered by the native CLI and by the
// wasm package on Node, Deno, workerd (miniflare) and headless Chromium, each answer compared as
// the package's canonical JSON text (sorted keys, shortest round-trip numbers), made inside the
// runtime that answered (tests/runtimes/answer_corpus.mjs, one process or page per runtime).
//   - The four wasm runtimes run the same .wasm, whose arithmetic is IEEE-754 with one defined
//     result per operation (wasm has no fused multiply-add, the build no fast-math, and libm is
//     compiled into the module): their answers must be byte-identical, every one. Node answers
//     twice, the second time with a fresh engine, so state left by one run would show too.
//   - Native vs wasm: byte-identical too, except for the methods in NATIVE_DIFFERS, each with
//     its reason; those are compared field by field at parity.test.mjs' documented tolerance
//     (its `agree`), and each must still differ on at least one request, so the list stays true
//     (a method that becomes identical must leave it). libm (glibc natively, Emscripten's musl in
//     wasm) is not on the list: every forecast (exp, log in ETS likelihoods and ARIMA), simulation
//     and cash-flow projection here came out identical.
// The corpus: parity.test.mjs' (parity_corpus.mjs: goals, savings, forecasting, debts, budgets,
// health scores, tests/bench/corpus.json, every bad request), tests/bench/budget_corpus.json and
// planning_corpus.json, and README's worked example of each newest method, read from README.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { loadPackage, nativeCli, pkgDir, workerdModules } from './helpers.mjs';
import { agree, parityCorpus } from './parity_corpus.mjs';
import { answerCorpus } from '../runtimes/answer_corpus.mjs';
import { launch, missing } from '../browser/engines.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const runtimes = path.join(here, '../runtimes');
const denoBin = path.join(here, '../node_modules/.bin/deno');
const config = { today: '2026-01-15' };

// Native vs wasm: where the answers cannot be byte-identical, and why. Everything else must be.
// Empty since the least-squares kernels became the core's own scalar loops (numeric/cholesky,
// householder_qr, symmetric_eigenvalues): with Eigen, 2 in 5 savings.train answers differed in
// the last bits, its reductions running in SSE2 lanes natively and in one lane in wasm.
const NATIVE_DIFFERS = new Map();

// README's worked examples of the newest methods: the JSON the ```sh block pipes into the CLI.
const README_METHODS = ['insights.trends', 'insights.habits', 'insights.nudges', 'recommendations.generate', 'benchmarks.compare'];
function readmeExample(method) {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const [, block] of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    if (!block.includes(`nestegg.mjs ${method} -`)) continue;
    const body = /<<'JSON'\n([\s\S]*?)\nJSON/.exec(block)?.[1] ?? /echo '([\s\S]*?)'/.exec(block)?.[1];
    assert.ok(body, `README's ${method} example: no request found`);
    return JSON.stringify(JSON.parse(body));
  }
  assert.fail(`README has no example of ${method}`);
}

const { createEngine, canonicalJson, NesteggError } = await loadPackage();
const readCorpus = (name) => JSON.parse(readFileSync(path.join(here, '../bench', name), 'utf8')).map((c) => [c.method, c.request]);
// Every request as text, made once here: every runtime is given the same bytes.
const corpus = [
  ...parityCorpus(await createEngine({ config })),
  ...readCorpus('budget_corpus.json'),
  ...readCorpus('planning_corpus.json'),
  ...README_METHODS.map((m) => [m, readmeExample(m)]),
].map(([method, request]) => [method, typeof request === 'string' ? request : JSON.stringify(request)]);
const work = mkdtempSync(path.join(tmpdir(), 'nestegg-determinism-'));
const corpusFile = path.join(work, 'corpus.json');
writeFileSync(corpusFile, JSON.stringify({ config, corpus }));
after(() => rmSync(work, { recursive: true, force: true }));

const nodeAnswers = await answerCorpus({ createEngine, canonicalJson, NesteggError }, corpus, config);

/** Runs a command to its end; resolves to { status, stdout, stderr }. */
function run(command, args, { input, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [], err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(input ?? '');
  });
}

/** Where two answers first differ: the path and both values (a native's, b wasm's). */
function firstDifference(a, b, where) {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], Array.isArray(a) ? `${where}[${k}]` : `${where}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${where}: native ${JSON.stringify(a)} vs wasm ${JSON.stringify(b)}`;
}

/** Asserts that a runtime's answers are byte-identical to Node's; logs how many are. */
function assertIdentical(name, answers) {
  assert.equal(answers.length, corpus.length, `${name}: one answer per request`);
  const differing = corpus.map((_, i) => i).filter((i) => answers[i] !== nodeAnswers[i]);
  console.log(`determinism: ${name} ${corpus.length - differing.length}/${corpus.length} answers byte-identical to Node`);
  if (differing.length === 0) return;
  const i = differing[0];
  assert.fail(`${name} differs from Node on ${differing.length} requests, the first ${i} (${corpus[i][0]}): ` +
    `${firstDifference(JSON.parse(answers[i]), JSON.parse(nodeAnswers[i]), corpus[i][0]).replace('native', name).replace('wasm', 'node')}\n` +
    `request: ${corpus[i][1].slice(0, 2000)}`);
}

test('the corpus covers every method group it claims, and its answers are canonical', () => {
  const methods = new Set(corpus.map(([m]) => m));
  for (const m of ['goals.timeline', 'goals.reverse_plan', 'goals.adjust', 'goals.simulate', 'savings.train', 'savings.predict',
    'forecast.expenses', 'forecast.cashflow', 'debt.plan', 'investment.readiness', 'budget.optimize', 'health.score', ...README_METHODS]) {
    assert.ok(methods.has(m), `the corpus has no ${m} request`);
  }
  assert.ok(corpus.length >= 800, `${corpus.length} requests`);
  // canonicalJson refuses (null) what JSON cannot say exactly: every answer must be sayable.
  assert.ok(nodeAnswers.every((a) => typeof a === 'string'));
  // The README examples are answered, not refused (an error would compare equal everywhere too).
  for (const m of README_METHODS) assert.ok(!nodeAnswers[corpus.findLastIndex(([x]) => x === m)].startsWith('{"error"'), m);
});

test('the native CLI: byte-identical to wasm except the listed methods, which agree at tolerance', { skip: !existsSync(nativeCli) && 'native CLI not built' }, async () => {
  const configFile = path.join(work, 'config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const byMethod = new Map();  // method -> { identical, differing }
  const unlisted = new Set();
  let identical = 0;
  // The CLI answers one request per process: four at a time (a process mostly waits on its start).
  const outputs = new Array(corpus.length);
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let i = next++; i < corpus.length; i = next++) {
      outputs[i] = await run(nativeCli, [corpus[i][0], '-', '--config', configFile], { input: corpus[i][1] });
    }
  }));
  for (let i = 0; i < corpus.length; i++) {
    const [method] = corpus[i];
    const native = outputs[i];
    assert.ok(native.status === 0 || native.status === 2, `${method}: ${native.stderr}`);
    const text = canonicalJson(JSON.parse(native.stdout));
    const counts = byMethod.get(method) ?? { identical: 0, differing: 0 };
    byMethod.set(method, counts);
    if (text === nodeAnswers[i]) {
      counts.identical++;
      identical++;
      continue;
    }
    counts.differing++;
    const first = firstDifference(JSON.parse(text), JSON.parse(nodeAnswers[i]), method);
    counts.example ??= `request ${i}: ${first}`;
    if (!NATIVE_DIFFERS.has(method)) unlisted.add(method);
    else agree(JSON.parse(text), JSON.parse(nodeAnswers[i]), method, { exact: 0, close: 0 });
  }
  const summary = [...byMethod].map(([m, c]) => `${m || "\"\""} ${c.identical}/${c.identical + c.differing}`).join(', ');
  console.log(`determinism: native ${identical}/${corpus.length} answers byte-identical to wasm (${summary})`);
  assert.deepEqual([...unlisted], [], `native differs from wasm on methods not in NATIVE_DIFFERS:\n${
    [...unlisted].map((m) => `${m}: ${byMethod.get(m).differing} answers, first at ${byMethod.get(m).example}`).join('\n')}`);
  for (const method of NATIVE_DIFFERS.keys()) {
    assert.ok(byMethod.get(method)?.differing > 0, `${method} is listed as differing natively but every answer is identical: take it off the list`);
  }
});

test('Node answers the corpus the same twice (a fresh engine)', async () => {
  assertIdentical('node (second engine)', await answerCorpus({ createEngine, canonicalJson, NesteggError }, corpus, config));
});

const denoMissing = !existsSync(denoBin) && `Deno is not installed at ${denoBin} (tests/package.json's "deno"; tests/setup.sh)`;
test('Deno: byte-identical to Node', { skip: denoMissing }, async () => {
  const out = await run(denoBin, ['run', '--quiet', '--no-prompt', `--allow-read=${pkgDir},${runtimes},${work}`,
    path.join(runtimes, 'deno_answers.mjs'), pkgDir, corpusFile], { env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } });
  assert.equal(out.status, 0, out.stderr);
  const { version, answers } = JSON.parse(out.stdout);
  assertIdentical(`deno ${version}`, answers);
});

test('workerd (miniflare): byte-identical to Node', async () => {
  const mf = new Miniflare({
    modules: [...workerdModules(pkgDir, path.join(runtimes, 'determinism_worker.mjs')),
      { type: 'ESModule', path: '/w/answer_corpus.mjs', contents: readFileSync(path.join(runtimes, 'answer_corpus.mjs')) }],
    modulesRoot: '/w',
    compatibilityDate: '2025-01-01',
  });
  try {
    const res = await mf.dispatchFetch('http://localhost/', { method: 'POST', body: readFileSync(corpusFile) });
    assert.equal(res.status, 200, await res.clone().text());
    assertIdentical('workerd', await res.json());
  } finally {
    await mf.dispose();
  }
});

test('Chromium (headless): byte-identical to Node', { skip: missing('chromium') ?? false }, async () => {
  // A page on a local origin that imports the package's browser entry (its glue fetches the
  // .wasm next to it) and the same answer_corpus.mjs.
  const site = path.join(work, 'site');
  mkdirSync(site);
  symlinkSync(pkgDir, path.join(site, 'npm'));
  symlinkSync(path.join(runtimes, 'answer_corpus.mjs'), path.join(site, 'answer_corpus.mjs'));
  symlinkSync(corpusFile, path.join(site, 'corpus.json'));
  writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>determinism</title>');
  const { serve } = await import(path.join(root, 'web-demo/serve.mjs'));
  const { server, url } = await serve(site, 0);
  const browser = await launch('chromium');
  try {
    const page = await browser.newPage();
    await page.goto(url);
    const answers = await page.evaluate(async () => {
      const pkg = await import('/npm/src/browser.js');
      const { answerCorpus } = await import('/answer_corpus.mjs');
      const { config, corpus } = await (await fetch('/corpus.json')).json();
      return answerCorpus(pkg, corpus, config);
    });
    assert.deepEqual(page.errors, []);
    assertIdentical(`chromium (${browser.version})`, answers);
  } finally {
    await browser.close();
    server.close();
  }
});
