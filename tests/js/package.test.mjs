// SPDX-License-Identifier: MIT
// What users get: the staged package packed with `npm pack`, installed into an empty project and
// imported by name (resolving through the "exports" map), plus the size budget of the .wasm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { installPackedPackage, pkgDir } from './helpers.mjs';

test('the packed tarball installs into an empty project and answers through `import "nestegg"`', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'nestegg-pack-'));
  try {
    const { tgz, app } = installPackedPackage(work);
    const listing = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' });
    for (const f of ['package/dist/nestegg.wasm', 'package/dist/nestegg.js', 'package/index.d.ts', 'package/src/workerd.js', 'package/bin/nestegg.mjs',
      'package/README.md', 'package/LICENSE', 'package/types/node.d.ts', 'package/types/browser.d.ts', 'package/types/indexeddb.d.ts',
      'package/node/index.js', 'package/node/nestegg.js']) {
      assert.ok(listing.includes(f), `${f} is in the tarball`);
    }
    writeFileSync(path.join(app, 'main.mjs'), `
      import { createEngine, NesteggError } from 'nestegg';
      const engine = await createEngine();
      const t = engine.goals.timeline({ target_amount: 10000, current_amount: 1000, monthly_contribution: 450, start_date: '2024-01-15' });
      let code; try { engine.goals.timeline({}); } catch (e) { code = e instanceof NesteggError && e.code; }
      console.log(JSON.stringify({ months: t.months_needed, code }));`);
    const out = JSON.parse(execFileSync('node', ['main.mjs'], { cwd: app, encoding: 'utf8' }));
    assert.deepEqual(out, { months: 20, code: 'missing_field' });
    // The bin works from the installed package too.
    const cli = execFileSync(path.join(app, 'node_modules/.bin/nestegg'), ['goals.timeline', '-'], {
      cwd: app, encoding: 'utf8', input: '{"target_amount":900,"monthly_contribution":100,"start_date":"2024-01-01"}' });
    assert.equal(JSON.parse(cli).months_needed, 9);
    // An uncaught error: Node prints the bundle's source line at the throw. Its lines are cut
    // short when staged; one line of 37 KB was printed before.
    writeFileSync(path.join(app, 'throws.mjs'), `
      import { createEngine } from 'nestegg';
      (await createEngine()).goals.timeline({ target_amount: -5 });`);
    const uncaught = spawnSync('node', ['throws.mjs'], { cwd: app, encoding: 'utf8' });
    assert.equal(uncaught.status, 1);
    assert.match(uncaught.stderr, /NesteggError: target_amount must be between 0 and 1e\+12, got -5/);
    assert.ok(uncaught.stderr.length < 2000, `${uncaught.stderr.length} characters on stderr`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('packing refuses a package without its built module (npm/ in the source tree)', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'nestegg-nodist-'));
  try {
    // A copy of the staged package without dist/, as npm/ in the source tree is.
    execFileSync('cp', ['-r', pkgDir, path.join(work, 'pkg')]);
    rmSync(path.join(work, 'pkg/dist'), { recursive: true });
    let refused;
    try {
      execFileSync('npm', ['pack', '--pack-destination', work, path.join(work, 'pkg')], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      refused = e.stderr;
    }
    assert.match(refused ?? '', /missing dist\/nestegg\.wasm, dist\/nestegg\.js/);
    assert.ok(!execFileSync('ls', [work], { encoding: 'utf8' }).includes('.tgz'), 'no tarball written');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

// The budget is 240 KiB gzipped (200 KiB until the planning analytics; issues 14 and 16 allow 240
// once the analytics land). With analytics II (issue 17) the engine went over it — 282 379 bytes
// when they landed, 267 623 at its last recorded size over — and came back under it with 244 283
// once no throw site or text built its strings in place (core/base/format_text: each temporary
// string's cleanup code for the exception path was about a tenth of the .wasm), binaryen repeated
// its passes to convergence, and the ledger and the flags left std::unordered_map and
// std::vector<bool>. README "Where the bytes go" has the table by part; this test holds the budget.
const SIZE_BUDGET = 240 * 1024;
test('the .wasm is within its 240 KiB gzipped budget (README "Budgets")', () => {
  const wasm = readFileSync(path.join(pkgDir, 'dist/nestegg.wasm'));
  const gz = gzipSync(wasm, { level: 9 }).length;
  console.log(`nestegg.wasm: ${wasm.length} bytes raw, ${gz} bytes gzipped; ${gz > SIZE_BUDGET ? `${gz - SIZE_BUDGET} bytes OVER` : `${SIZE_BUDGET - gz} bytes under`} the ${SIZE_BUDGET}-byte budget`);
  assert.ok(gz <= SIZE_BUDGET, `${gz} bytes gzipped, over the ${SIZE_BUDGET}-byte budget`);
});

test('the package declares its entry and its types for every runtime', () => {
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  assert.equal(pkg.type, 'module');
  const conditions = pkg.exports['.'];
  assert.deepEqual(Object.keys(conditions), ['workerd', 'deno', 'node', 'browser', 'default']);
  // "types" first inside each condition: TypeScript takes the first key it matches.
  for (const [name, target] of Object.entries(conditions)) {
    const runtime = name === 'default' ? 'browser' : name;
    assert.deepEqual(Object.keys(target), ['types', 'default'], name);
    // Node's entry is src/node.js bundled into one file when the package is staged (stage.mjs).
    const entry = runtime === 'node' ? './node/index.js' : `./src/${runtime}.js`;
    assert.deepEqual(target, { types: `./types/${runtime}.d.ts`, default: entry }, name);
  }
  assert.equal(pkg.main, './node/index.js');
});

test('staging writes the same Node entry from any directory into any directory', () => {
  const stageScript = fileURLToPath(new URL('../../npm/scripts/stage.mjs', import.meta.url));
  const work = mkdtempSync(path.join(tmpdir(), 'nestegg stage #'));
  try {
    const node = (dir) => Object.fromEntries(readdirSync(path.join(dir, 'node')).map((f) => [f, readFileSync(path.join(dir, 'node', f), 'utf8')]));
    for (const [copy, cwd, arg] of [['a', work, 'a'], ['deeper/b', '/', path.join(work, 'deeper/b')]]) {
      cpSync(path.join(pkgDir, 'dist'), path.join(work, copy, 'dist'), { recursive: true });
      execFileSync(process.execPath, [stageScript, arg], { cwd });
      assert.deepEqual(node(path.join(work, copy)), node(pkgDir), copy);
    }
    assert.ok(!JSON.stringify(node(pkgDir)).includes(path.dirname(pkgDir)), 'no path of the build machine in the files or maps');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
