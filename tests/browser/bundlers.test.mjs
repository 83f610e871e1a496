// SPDX-License-Identifier: MIT
// The package through the bundlers people use: a tiny app (tests/bundlers/app: imports
// createEngine from 'nestegg', calls goals.timeline, writes the answer into the page) in an empty
// project with the packed tarball installed, built with esbuild and with Vite (production build,
// and the dev server), each loaded in headless Chromium. The answer is worked by hand: 9000 to save
// at 450 a month, no interest, is exactly 20 months, ending 20 months after 2024-01-15.
// What each bundler needs is in README "Bundlers"; the test's configuration is exactly that.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installPackedPackage } from '../js/helpers.mjs';
import { launch, missing } from './engines.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const EXPECTED = { months: 20, target_date: '2025-09-15' };
const skip = missing('chromium') ?? false;  // (node:test skips on null too)

let work, app, browser, serve;
before(async () => {
  if (skip) return;
  work = mkdtempSync(path.join(tmpdir(), 'nestegg-bundlers-'));
  ({ app } = installPackedPackage(work));
  cpSync(path.join(here, '../bundlers/app'), app, { recursive: true });
  ({ serve } = await import(path.join(root, 'web-demo/serve.mjs')));
  browser = await launch('chromium');
});
after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

// Loads `url` in a fresh page; resolves to what the app wrote, the page's uncaught errors and the
// .wasm URLs the browser asked for.
async function answerAt(url) {
  const page = await browser.newPage();
  const seen = browser.requests.length;
  try {
    await page.goto(url);
    await page.waitFor(() => document.getElementById('result')?.textContent !== 'loading');
    const wasm = browser.requests.slice(seen).filter((u) => /\.wasm(\?|$)/.test(u)).map((u) => u.slice(new URL(url).origin.length));
    console.log(`${url}: .wasm fetched from ${wasm.join(', ')}`);
    return { answer: JSON.parse(await page.evaluate(() => document.getElementById('result').textContent)), errors: page.errors, wasm };
  } finally {
    await page.close();
  }
}

async function servedAnswer(dir) {
  const { server, url } = await serve(dir, 0);
  try {
    return await answerAt(url);
  } finally {
    server.close();
    server.closeAllConnections();
  }
}

test('esbuild: an ESM bundle, with the .wasm copied next to it', { skip }, async () => {
  const esbuild = await import('esbuild');
  const out = path.join(app, 'dist-esbuild');
  await esbuild.build({ entryPoints: [path.join(app, 'main.js')], bundle: true, format: 'esm', platform: 'browser',
    outdir: out, absWorkingDir: app, logLevel: 'silent' });
  // The glue fetches new URL('nestegg.wasm', import.meta.url), which esbuild leaves as it is: the
  // file must sit next to the bundle.
  copyFileSync(path.join(app, 'node_modules/nestegg/dist/nestegg.wasm'), path.join(out, 'nestegg.wasm'));
  copyFileSync(path.join(app, 'index.html'), path.join(out, 'index.html'));
  const { answer, errors, wasm } = await servedAnswer(out);
  assert.deepEqual(answer, EXPECTED);
  assert.deepEqual(errors, []);
  assert.deepEqual(wasm, ['/nestegg.wasm']);
});

test('Vite: production build (the .wasm emitted as an asset), served statically', { skip }, async () => {
  const { build } = await import('vite');
  const out = path.join(app, 'dist-vite');
  await build({ root: app, configFile: false, logLevel: 'silent', build: { outDir: out } });  // no configuration: none is needed
  const { answer, errors, wasm } = await servedAnswer(out);
  assert.deepEqual(answer, EXPECTED);
  assert.deepEqual(errors, []);
  assert.equal(wasm.length, 1);
  assert.match(wasm[0], /^\/assets\/nestegg-[\w-]+\.wasm$/, 'emitted as a hashed asset');
});

test('Vite: dev server', { skip }, async () => {
  const { createServer } = await import('vite');
  const server = await createServer({ root: app, configFile: false, logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  try {
    const { answer, errors, wasm } = await answerAt(server.resolvedUrls.local[0]);
    assert.deepEqual(answer, EXPECTED);
    assert.deepEqual(errors, []);
    assert.deepEqual(wasm, ['/node_modules/nestegg/dist/nestegg.wasm'], "the pre-bundled glue's URL points back at the package's file");
  } finally {
    await server.close();
  }
});
