// SPDX-License-Identifier: MIT
// Builds the demo as a static site: the app, the npm package staged by the wasm build, uPlot, PapaParse,
// the sample household and its bank statement, and a service worker that precaches all of it under a content hash.
// Usage: node web-demo/build.mjs [outDir] [--package dir]   (default build/web-demo)
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const pkgIndex = args.indexOf('--package');
const pkgDir = pkgIndex >= 0 ? path.resolve(args.splice(pkgIndex, 2)[1]) : path.join(here, '../build/wasm/npm');
const out = path.resolve(args[0] ?? path.join(here, '../build/web-demo'));

export function build() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(path.join(here, 'app'))) if (f !== 'sw.js') cpSync(path.join(here, 'app', f), path.join(out, f));
  cpSync(path.join(pkgDir, 'src'), path.join(out, 'pkg/src'), { recursive: true });
  for (const f of ['nestegg.js', 'nestegg.wasm']) cpSync(path.join(pkgDir, 'dist', f), path.join(out, 'pkg/dist', f));
  for (const f of ['uPlot.esm.js', 'uPlot.min.css']) cpSync(path.join(here, 'node_modules/uplot/dist', f), path.join(out, 'vendor', f));
  cpSync(path.join(here, 'node_modules/papaparse/papaparse.min.js'), path.join(out, 'vendor/papaparse.min.js'));  // CSV import (a classic script: window.Papa)
  for (const f of ['sample-household.json', 'sample-transactions.json']) cpSync(path.join(here, f), path.join(out, f));

  const files = [];
  const walk = (dir) => {
    for (const f of readdirSync(dir).sort()) {
      const p = path.join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(path.relative(out, p).split(path.sep).join('/'));
    }
  };
  walk(out);
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(readFileSync(path.join(out, f)));
  const version = hash.digest('hex').slice(0, 16);
  const precache = ['./', ...files.map((f) => `./${f}`)];
  const sw = readFileSync(path.join(here, 'app/sw.js'), 'utf8')
    .replace("'__VERSION__'", JSON.stringify(version)).replace('__PRECACHE__', JSON.stringify(precache, null, 1));
  writeFileSync(path.join(out, 'sw.js'), sw);
  return { out, version, files: files.length + 1 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { version, files } = build();
  console.log(`demo built in ${out} (${files} files, version ${version})`);
}
