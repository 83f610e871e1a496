// SPDX-License-Identifier: MIT
// The two CLIs (native build/native/nestegg, npm/bin/nestegg.mjs over the wasm build) keep one
// contract: quiet unless asked for logs, no waiting on a terminal when no request is needed, and
// the same refusal of bytes that are not UTF-8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nativeCli, pkgDir } from './helpers.mjs';

const npmCli = path.join(pkgDir, 'bin/nestegg.mjs');
const clis = [['native', [nativeCli]], ['npm', [process.execPath, npmCli]]].filter(([, cmd]) => existsSync(cmd.at(-1)));
const run = ([bin, ...pre], args, { input = '', env = {} } = {}) =>
  spawnSync(bin, [...pre, ...args], { input, encoding: 'utf8', timeout: 20000, env: { ...process.env, NESTEGG_LOG_LEVEL: '', ...env } });
const dir = mkdtempSync(path.join(tmpdir(), 'nestegg-cli-'));
const request = '{"target_amount":1200,"monthly_contribution":100,"start_date":"2026-01-01"}';

test('both CLIs are built', () => assert.equal(clis.length, 2, 'native CLI and staged npm package'));

for (const [name, cmd] of clis) {
  test(`${name}: quiet by default, call logs with --log or NESTEGG_LOG_LEVEL`, () => {
    const quiet = run(cmd, ['goals.timeline', '-'], { input: request });
    assert.equal(quiet.status, 0);
    assert.equal(JSON.parse(quiet.stdout).months_needed, 12);
    assert.equal(quiet.stderr, '');
    const failed = run(cmd, ['goals.timeline', '-'], { input: '{}' });
    assert.equal(failed.status, 2);
    assert.equal(failed.stderr, '', 'an error answer is not logged either');
    const logged = run(cmd, ['goals.timeline', '-', '--log'], { input: request });
    assert.equal(JSON.parse(logged.stderr.trim()).method, 'goals.timeline');
    const warned = run(cmd, ['goals.timeline', '-'], { input: '{}', env: { NESTEGG_LOG_LEVEL: 'warn' } });
    assert.equal(JSON.parse(warned.stderr.trim()).level, 'warn');
    const infoOnly = run(cmd, ['goals.timeline', '-'], { input: request, env: { NESTEGG_LOG_LEVEL: 'error' } });
    assert.equal(infoOnly.stderr, '', 'a success is below the error level');
    assert.equal(run(cmd, ['info'], { env: { NESTEGG_LOG_LEVEL: 'loud' } }).status, 1);
  });

  test(`${name}: an unknown option, or --config without its file, is a wrong command line, not a request file`, () => {
    for (const [args, said] of [[['info', '--bogus'], '--bogus is not an option'], [['info', '--config'], '--config needs a value']]) {
      const r = run(cmd, args);
      assert.equal(r.status, 1, r.stdout);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.startsWith(`nestegg: ${said}\n`), r.stderr);
      assert.match(r.stderr, /usage: nestegg <method>/);
    }
    assert.equal(run(cmd, ['goals.timeline', '-'], { input: request }).status, 0, "'-' is still stdin");
  });

  test(`${name}: info answers without a request, piped, empty or on a terminal`, () => {
    const piped = run(cmd, ['info']);  // stdin is an empty pipe here
    assert.equal(piped.status, 0, piped.stdout);
    assert.equal(JSON.parse(piped.stdout).name, 'nestegg');
    // On a terminal (util-linux `script` gives the CLI one): answers at once instead of waiting.
    const shell = [...cmd, 'health'].map((a) => `'${a}'`).join(' ');
    const tty = spawnSync('script', ['-qec', shell, '/dev/null'], { encoding: 'utf8', timeout: 20000 });
    assert.equal(tty.error, undefined, 'finished before the timeout');
    assert.equal(tty.status, 0, tty.stdout);
    assert.match(tty.stdout, /"status"\s*:\s*"ok"/);
  });
}

test('bytes that are not UTF-8 are refused alike by both CLIs, at the same byte', () => {
  const cases = [Buffer.from('{"note\xff": 1}', 'latin1'), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe0, 0x80, 0x80, 0x22, 0x7d]),
    Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]), Buffer.from([0x7b, 0x22, 0xc3])];
  for (const [i, bytes] of cases.entries()) {
    const file = path.join(dir, `bad${i}.json`);
    writeFileSync(file, bytes);
    const [native, npm] = clis.map(([, cmd]) => run(cmd, ['goals.timeline', file]));
    assert.equal(native.status, 2);
    assert.equal(JSON.parse(native.stdout).error.code, 'invalid_json');
    assert.equal(npm.stdout, native.stdout, `case ${i}`);
    assert.equal(npm.status, native.status);
  }
  const ok = path.join(dir, 'ok.json');
  writeFileSync(ok, '{"target_amount":1200,"monthly_contribution":100,"start_date":"2026-01-01","note":"caf\u00e9 \u{1f600}"}');
  const [native, npm] = clis.map(([, cmd]) => run(cmd, ['goals.timeline', ok]));
  assert.deepEqual(JSON.parse(npm.stdout), JSON.parse(native.stdout), 'valid multi-byte text passes both');
  assert.equal(native.status, 0);
});
