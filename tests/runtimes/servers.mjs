// SPDX-License-Identifier: MIT
// Starts the edge handler on loopback in real runtimes, running the package's examples as shipped
// (npm/examples/*; only the `nestegg` import is pointed at the built package):
//   workerd — through miniflare, listening on an HTTP port, the .wasm as a CompiledWasm module;
//   Deno    — `deno run` of the Deno example with the given environment.
// Each returns { url, pid, close() } (pid: the server process, for its memory and CPU time).
// `source` runs another file the same way (the benchmark's trivial server,
// tests/runtimes/trivial_server.mjs).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Miniflare } from 'miniflare';
import { workerdModules } from '../js/helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const examples = path.join(here, '../../npm/examples');
const denoBin = path.join(here, '../node_modules/.bin/deno');

const NESTEGG_IMPORT = /from '(?:npm:nestegg|nestegg|(?:\.\.\/)+build\/wasm\/npm\/src\/deno\.js)'/;

// The workerd processes miniflare has spawned as children of this process.
function workerdPids() {
  const pids = new Set();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const [, comm, rest] = /^\d+ \((.*)\) (.*)$/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8').trim());
      if (comm.includes('workerd') && Number(rest.split(' ')[1]) === process.pid) pids.add(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export async function startWorkerd(pkgDir, env, { source: file = path.join(examples, 'cloudflare-worker/src/index.js') } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'nestegg-worker-'));
  const source = readFileSync(file, 'utf8').replace(NESTEGG_IMPORT, "from './npm/src/workerd.js'");
  writeFileSync(path.join(dir, 'worker.mjs'), source);
  const before = workerdPids();
  const mf = new Miniflare({
    modules: workerdModules(pkgDir, path.join(dir, 'worker.mjs')),
    modulesRoot: '/w',
    compatibilityDate: '2025-01-01',
    bindings: env,
    host: '127.0.0.1',
    port: 0,
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  const pid = [...workerdPids()].find((p) => !before.has(p)) ?? null;
  return { url, pid, close: () => mf.dispose() };
}

export async function startDeno(pkgDir, env, { source: file = path.join(examples, 'deno/main.js') } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'nestegg-deno-'));
  const source = readFileSync(file, 'utf8')
    .replace(NESTEGG_IMPORT, `from '${pathToFileURL(path.join(pkgDir, 'src/deno.js')).href}'`)
    .replace('Deno.serve({ port:', "Deno.serve({ hostname: '127.0.0.1', onListen: ({ port }) => console.log(`listening ${port}`), port:");
  writeFileSync(path.join(dir, 'main.js'), source);
  const child = spawn(denoBin, ['run', '--quiet', '--allow-env', '--allow-read', '--allow-net', path.join(dir, 'main.js')], {
    env: { ...process.env, ...env, PORT: '0', NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise((resolve, reject) => {
    let out = '', err = '';
    const timer = setTimeout(() => reject(new Error(`deno did not start: ${err}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`deno exited ${code}: ${err}`)); });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    close: () => new Promise((resolve) => { child.once('exit', resolve); child.kill(); }),
  };
}
