// SPDX-License-Identifier: MIT
// The hand-written declarations compile under --strict, and the README's usage type-checks
// against them (types_usage.ts imports 'nestegg', mapped to the staged package's browser entry,
// the shared base in index.d.ts plus createWorkerEngine and indexedDBStorage; each condition's
// declarations against its entry: types_conditions.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pkgDir } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsc = path.join(here, '../node_modules/typescript/bin/tsc');

test('index.d.ts compiles and the documented usage type-checks', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nestegg-types-'));
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'es2022', target: 'es2022', moduleResolution: 'bundler',
      lib: ['es2022', 'dom'], types: [], paths: { nestegg: [path.join(pkgDir, 'types/browser.d.ts')] } },
    files: [path.join(here, 'types_usage.ts')],
  }));
  const run = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
