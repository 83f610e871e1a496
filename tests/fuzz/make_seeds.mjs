// SPDX-License-Identifier: MIT
// Writes the fuzzer's starting corpus and dictionary from requests the repository already holds:
// every `{method, request}` or `{method, body}` entry of the JSON files named below (the bad-request
// table, the benchmark corpora, the examples each method family's tests send). One file per
// request, `method\ntext` as fuzz_engine.cpp reads it; the dictionary is every method name and
// object key seen, so mutations can spell fields the handlers read.
//   node tests/fuzz/make_seeds.mjs <seed dir> <dictionary file>
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tests = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = [join(tests, 'fixtures/bad_requests.json'),
  ...readdirSync(join(tests, 'bench')).filter((f) => f.endsWith('corpus.json')).map((f) => join(tests, 'bench', f)),
  ...readdirSync(join(tests, 'fuzz')).filter((f) => f.endsWith('.seeds.json')).map((f) => join(tests, 'fuzz', f))];

const [seedDir, dictFile] = process.argv.slice(2);
if (!seedDir || !dictFile) throw new Error('usage: make_seeds.mjs <seed dir> <dictionary file>');
mkdirSync(seedDir, { recursive: true });

const words = new Set();  // method names and object keys
const collectKeys = (v) => {
  if (Array.isArray(v)) v.forEach(collectKeys);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { if (k) words.add(k); collectKeys(x); }
};
let count = 0;
for (const file of sources) {
  for (const entry of JSON.parse(readFileSync(file, 'utf8'))) {
    if (typeof entry?.method !== 'string') continue;
    const text = typeof entry.body === 'string' ? entry.body : JSON.stringify(entry.request ?? {});
    words.add(entry.method);
    try { collectKeys(JSON.parse(text)); } catch { /* a deliberately broken body */ }
    const input = `${entry.method}\n${text}`;
    writeFileSync(join(seedDir, createHash('sha1').update(input).digest('hex')), input);
    count += 1;
  }
}
const quoted = (w) => `"${w.replace(/["\\]/g, (c) => `\\${c}`)}"`;
writeFileSync(dictFile, [...words].filter(Boolean).sort().map((w) => `${quoted(w)}\n${quoted(`"${w}":`)}`).join('\n') + '\n');
console.log(`${count} seeds from ${sources.length} files, ${words.size} dictionary words`);
