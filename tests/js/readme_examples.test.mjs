// SPDX-License-Identifier: MIT
// README's examples run as written (issue 19). Every ```sh block that calls a CLI and every ```js
// block that imports the package is run against the built package, from a scratch folder that
// sees the repository's npm/, build/ and web-demo/ as README's commands expect; the outputs the
// comments show must be what comes out:
//   - sh: each `"key": value` fragment in a `#` comment (or in a ```json block right after) must
//     be found as that key with that value somewhere in the command's JSON output;
//   - js: each `console.log(...)  // expected` line prints the expected text, as console.log
//     writes it (`...` stands for anything).
// Blocks that cannot run here are listed in SKIPPED with the reason; a new block that is neither
// runnable nor listed fails the test, so an example cannot quietly drift out of coverage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pkgDir } from './helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8').split('\n');

// First line of a block (trimmed) -> why it is not run here.
const SKIPPED = new Map([
  ['bash web-demo/run.sh    # installs what it needs, builds, prints the sample household\'s plan, then serves the demo on http://127.0.0.1:8080/',
    'the set-up commands: CI runs tests/run.sh itself, and web-demo/run.sh serves until stopped (tests/js/demo.test.mjs runs its plan)'],
  ['npm pack build/wasm/npm               # nestegg-0.1.0.tgz (refused without the built .wasm)',
    'packing and installing: tests/js/package.test.mjs does it from a scratch folder'],
  ['import { createEngine, indexedDBStorage, openStore } from \'nestegg\';', 'IndexedDB: the browser tests run the store there; storage.test.mjs runs it on fake-indexeddb'],
  ['import { createWorkerEngine } from \'nestegg\';', 'a Web Worker: the browser tests and worker_runner.test.mjs'],
  ['const { model } = engine.savings.trainMatrix({ columns, X /* Float64Array, row-major */, y /* Float64Array */ });',
    'a fragment (columns, X, y are the reader\'s own): savings.test.mjs runs the typed-array path'],
  ['// Cloudflare Worker (npm/examples/cloudflare-worker: wrangler.toml with the CompiledWasm rule)', 'a Worker module: runtimes.test.mjs runs the handler in workerd'],
  ['// Deno (npm/examples/deno): NESTEGG_API_KEYS=... deno run --allow-env --allow-read --allow-net main.js', 'Deno.serve: runtimes.test.mjs runs it in Deno'],
  ['curl -s -H "X-API-Key: $KEY" -d \'{"target_amount":10000,"current_amount":1000,"monthly_contribution":450,"start_date":"2024-01-15"}\' \\',
    'a deployed Worker\'s address: http.test.mjs sends the same request to the handler'],
  ['cmake -S . -B build/native && cmake --build build/native && ctest --test-dir build/native', 'the build itself, which tests/run.sh runs'],
]);

function blocks() {
  const out = [];
  for (let i = 0; i < readme.length; i += 1) {
    const open = /^```(\w+)\s*$/.exec(readme[i]);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < readme.length && !readme[end].startsWith('```')) end += 1;
    out.push({ lang: open[1], line: start, text: readme.slice(start, end).join('\n') });
    i = end;
  }
  return out;
}

function scratch() {
  const dir = mkdtempSync(path.join(tmpdir(), 'nestegg-readme-'));
  for (const name of ['npm', 'build', 'web-demo']) symlinkSync(path.join(root, name), path.join(dir, name));
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(pkgDir, path.join(dir, 'node_modules', 'nestegg'));
  return dir;
}

// `"key": value` fragments of a comment: value a number, string, literal or flat array.
const FRAGMENT = /"([A-Za-z_0-9]+)"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\d.])|\[[^\][{}]*\]|true|false|null)/g;
function fragments(text) {
  const out = [];
  for (const m of text.matchAll(FRAGMENT)) {
    try { out.push({ key: m[1], value: JSON.parse(m[2]), text: m[0] }); } catch { /* "[...]": elided, nothing to compare */ }
  }
  return out;
}

function hasKeyValue(doc, key, value) {
  if (Array.isArray(doc)) return doc.some((x) => hasKeyValue(x, key, value));
  if (!doc || typeof doc !== 'object') return false;
  for (const [k, v] of Object.entries(doc)) {
    if (k === key) {
      // A string shown cut short ("no percentile: ...") matches what it starts with.
      if (typeof value === 'string' && value.endsWith('...') && typeof v === 'string' && v.startsWith(value.slice(0, -3))) return true;
      try { assert.deepStrictEqual(v, value); return true; } catch { /* look further */ }
    }
    if (hasKeyValue(v, key, value)) return true;
  }
  return false;
}

// Each line of output that is JSON (the CLIs print one response per line).
const jsonLines = (stdout) => stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));

const runnableSh = (text) => /nestegg\.mjs|build\/native\/nestegg/.test(text);
const runnableJs = (text) => /from 'nestegg'|createEngine\(/.test(text);

const all = blocks();
const sh = all.filter((b) => (b.lang === 'sh' || b.lang === 'bash') && !SKIPPED.has(b.text.split('\n')[0].trim()));
const js = all.filter((b) => b.lang === 'js' && !SKIPPED.has(b.text.split('\n')[0].trim()));

test('every README example is run here or listed with the reason it is not', () => {
  for (const b of [...sh, ...js]) {
    const ok = b.lang === 'js' ? runnableJs(b.text) : runnableSh(b.text);
    assert.ok(ok, `README line ${b.line}: a ${b.lang} block neither run by this test nor listed in SKIPPED`);
  }
  const firstLines = new Set(all.map((b) => b.text.split('\n')[0].trim()));
  for (const key of SKIPPED.keys()) assert.ok(firstLines.has(key), `SKIPPED lists a block README no longer has: ${key}`);
});

for (const b of sh.filter((x) => runnableSh(x.text))) {
  test(`README line ${b.line}: the shell example runs and prints what its comments show`, () => {
    const dir = scratch();
    try {
      const stdout = execFileSync('bash', ['-euo', 'pipefail', '-c', b.text], { cwd: dir, encoding: 'utf8', timeout: 60000,
        env: { ...process.env, NESTEGG_LOG_LEVEL: '' } });
      const docs = jsonLines(stdout);
      assert.ok(docs.length > 0, 'no JSON printed');
      for (const d of docs) assert.equal(d.error, undefined, `error: ${JSON.stringify(d.error)}`);
      // Expected fragments: the block's comments and a ```json block right after it.
      let expected = b.text.split('\n').filter((l) => l.includes('#')).map((l) => l.slice(l.indexOf('#'))).join('\n');
      const next = all[all.indexOf(b) + 1];
      if (next?.lang === 'json' && next.line - (b.line + b.text.split('\n').length) <= 4) expected += `\n${next.text}`;
      for (const f of fragments(expected)) {
        assert.ok(docs.some((d) => hasKeyValue(d, f.key, f.value)), `README line ${b.line} shows ${f.text}; the output has no such member`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

for (const b of js.filter((x) => runnableJs(x.text))) {
  test(`README line ${b.line}: the JavaScript example runs and logs what its comments show`, () => {
    const dir = scratch();
    try {
      // A fragment that uses createEngine without importing it (the configuration example) gets the import.
      const prelude = /import .*from 'nestegg'/.test(b.text) ? '' : "import { createEngine } from 'nestegg';\n";
      writeFileSync(path.join(dir, 'example.mjs'), prelude + b.text);
      const stdout = execFileSync('node', ['example.mjs'], { cwd: dir, encoding: 'utf8', timeout: 60000 });
      const printed = stdout.split('\n');
      const expected = b.text.split('\n').filter((l) => /console\.log\(.*\);?\s*\/\/ /.test(l)).map((l) => l.slice(l.lastIndexOf('// ') + 3).trim());
      let at = 0;
      for (const want of expected) {
        const pattern = new RegExp(`^${want.split('...').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
        while (at < printed.length && !pattern.test(printed[at].trim())) at += 1;
        assert.ok(at < printed.length, `README line ${b.line}: expected a line "${want}", printed:\n${stdout}`);
        at += 1;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
