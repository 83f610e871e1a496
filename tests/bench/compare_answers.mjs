// SPDX-License-Identifier: MIT
// Two builds of the package, the same requests, the same answer texts? For changes that must not
// change an answer (a new response writer, a compiler flag): every request the repository holds as
// data (the bad-request table, tests/fixtures/answer_corpus.json — valid requests reaching each
// handler's branches, stateful sequences included —, the benchmark corpora, the fuzz seeds), and mutations of each (a
// field dropped, a number changed, a value of another type), sent in one order to one engine of
// each build, answers compared byte for byte. Stateful methods see the same history on both.
//   node tests/bench/compare_answers.mjs <package dir A> <package dir B> [mutations per request]
// Prints the first differences and exits 1 if any.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const tests = join(dirname(fileURLToPath(import.meta.url)), '..');
const [dirA, dirB, perRequest = '20'] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error('usage: compare_answers.mjs <package A> <package B> [mutations per request]');

const sources = [join(tests, 'fixtures/bad_requests.json'), join(tests, 'fixtures/answer_corpus.json'),
  ...readdirSync(join(tests, 'bench')).filter((f) => f.endsWith('corpus.json')).map((f) => join(tests, 'bench', f)),
  ...readdirSync(join(tests, 'fuzz')).filter((f) => f.endsWith('.seeds.json')).map((f) => join(tests, 'fuzz', f))];
const requests = [];
for (const file of sources) {
  for (const entry of JSON.parse(readFileSync(file, 'utf8'))) {
    if (typeof entry?.method !== 'string') continue;
    requests.push({ method: entry.method, text: typeof entry.body === 'string' ? entry.body : JSON.stringify(entry.request ?? {}) });
  }
}

let seed = 0x9e3779b9;
const random = () => {  // xorshift32: the same mutations on every run
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed / 2 ** 32;
};
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const replacements = [null, true, -1, 0, 0.5, 1e13, 'x', '2026-02-30', '2025-06-15', [], {}, [1, 2, 3], 'é\u0001"'];

// One change somewhere in the document: a member dropped or replaced, an array item replaced.
function mutate(value) {
  const copy = structuredClone(value);
  const holders = [];
  const walk = (v) => {
    if (Array.isArray(v)) { if (v.length) holders.push(v); v.forEach(walk); } else if (v && typeof v === 'object') {
      if (Object.keys(v).length) holders.push(v);
      Object.values(v).forEach(walk);
    }
  };
  walk(copy);
  if (!holders.length) return copy;
  const holder = pick(holders);
  const keys = Array.isArray(holder) ? holder.map((_, i) => i) : Object.keys(holder);
  const key = pick(keys);
  if (!Array.isArray(holder) && random() < 0.3) delete holder[key];
  else if (typeof holder[key] === 'number' && random() < 0.5) holder[key] = holder[key] * pick([-1, 0.5, 2, 10, 1.0000001]);
  else holder[key] = pick(replacements);
  return copy;
}

const calls = [];
for (const r of requests) {
  calls.push(r);
  let doc;
  try { doc = JSON.parse(r.text); } catch { continue; }
  for (let i = 0; i < Number(perRequest); ++i) calls.push({ method: r.method, text: JSON.stringify(mutate(doc)) });
}

async function engineOf(dir) {
  const { createEngine } = await import(pathToFileURL(resolve(dir, 'src/node.js')).href);
  const { callText } = await import(pathToFileURL(resolve(dir, 'src/engine.js')).href);
  const engine = await createEngine({ config: { log_level: 'off', today: '2026-01-15' } });
  return (method, text) => {  // an error answer is thrown by the package: its three fields compared
    try { return engine[callText](method, text); } catch (e) { return `error ${e.code} ${e.field} ${e.message}`; }
  };
}
const [a, b] = [await engineOf(dirA), await engineOf(dirB)];
// Uptime, latencies and memory are never the same twice: those answers are compared with each
// number replaced by its kind (I for an integer, F for a double: "20" and "20.0" still differ).
const clocked = new Set(['health', 'metrics']);
const masked = (text) => text.replace(/-?\d+(\.\d+)?([eE][+-]?\d+)?/g, (n) => (/[.eE]/.test(n) ? 'F' : 'I'));
let differ = 0;
const byMethod = {};
for (const { method, text } of calls) {
  let [x, y] = [a(method, text), b(method, text)];
  if (clocked.has(method)) [x, y] = [masked(x), masked(y)];
  if (x === y) continue;
  differ += 1;
  byMethod[method] = (byMethod[method] ?? 0) + 1;
  if (differ <= Number(process.env.SHOW_DIFFERENCES ?? 5)) {
    let at = 0;
    while (x[at] === y[at]) ++at;
    console.log(`${method} ${text.slice(0, 200)}\n  A: …${x.slice(Math.max(0, at - 80), at + 120)}\n  B: …${y.slice(Math.max(0, at - 80), at + 120)}`);
  }
}
console.log(`${calls.length} calls (${requests.length} requests and their mutations): ${differ} answers differ${differ ? ` (${JSON.stringify(byMethod)})` : ''}`);
process.exit(differ ? 1 : 0);
