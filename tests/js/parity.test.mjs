// SPDX-License-Identifier: MIT
// The same request gives the same answer on the native build and on wasm. A seeded generator
// makes a few hundred requests across every goals method (plus the benchmark corpus, every bad
// request, and budget.optimize / health.score); each goes through the native CLI and through the wasm package. Numbers must agree to
// 1e-12 relative (libm may differ in the last bit between glibc and Emscripten's musl), everything
// else exactly. Least squares (savings.*) agrees to 1e-9 relative or 1e-11 absolute: Eigen sums in
// SIMD lanes natively and one lane in wasm, so entries that cancel to ~0 (an off-diagonal
// covariance, a p-value of 1e-8) differ at rounding level; money fields still agree to the cent.
// The corpus and the comparison: parity_corpus.mjs (determinism.test.mjs answers the same list).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPackage, nativeCli } from './helpers.mjs';
import { agree, parityCorpus } from './parity_corpus.mjs';

const { createEngine } = await loadPackage();
const config = { today: '2026-01-15' };
const engine = await createEngine({ config });
// The native CLI gets the same config (a fixed today also fixes savings' trained_at).
const configFile = path.join(mkdtempSync(path.join(tmpdir(), 'nestegg-parity-')), 'config.json');
writeFileSync(configFile, JSON.stringify(config));

test('native CLI and wasm package agree on every request', { skip: !existsSync(nativeCli) && 'native CLI not built' }, async () => {
  const stats = { exact: 0, close: 0 };
  const requests = parityCorpus(engine);
  assert.ok(requests.length >= 250);
  for (const [method, request] of requests) {
    const body = typeof request === 'string' ? request : JSON.stringify(request);
    const native = spawnSync(nativeCli, [method, '-', '--config', configFile], { input: body, encoding: 'utf8' });
    assert.ok(native.status === 0 || native.status === 2, native.stderr);
    const nativeOut = JSON.parse(native.stdout);
    let wasmOut;
    try {
      wasmOut = engine.call(method, body);
    } catch (e) {
      wasmOut = e.toJSON();
    }
    try {
      agree(nativeOut, wasmOut, `${method}`, stats);
    } catch (e) {
      e.message += `\nrequest: ${body.slice(0, 4000)}`;
      throw e;
    }
  }
  console.log(`parity: ${requests.length} requests, ${stats.exact} numbers identical, ${stats.close} within tolerance`);
});
