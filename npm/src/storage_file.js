// SPDX-License-Identifier: MIT
// File-backed adapter for Node: one file per key in a folder, so a CLI user keeps goals, models
// and the cache between runs. A write goes to a temporary file that is flushed and renamed over
// the old one, so a failed or interrupted write (disk full, killed process) leaves the previous
// value whole: nothing stored is lost to it.
// A static import, though Node spends about 0.5 ms of the package's import on it: the constructor
// resolves the folder synchronously, process.getBuiltinModule is missing before Node 20.16, and a
// top-level await instead would stop CommonJS code from require()-ing the package.
import path from 'node:path';

// fs/promises is loaded by the first read or write, not with the package (the package is
// imported by programs that never touch a file; Node loads that module on first use).
let fsModule = null;
const fs = () => (fsModule ??= import('node:fs/promises'));

// Keys hold "/" and any character; file names must not. encodeURIComponent is reversible and
// keeps names readable; "." and "*" are escaped too so no name can be "." or "..".
const fileName = (key) => `${encodeURIComponent(key).replace(/\./g, '%2E').replace(/\*/g, '%2A')}.json`;
// The key a file holds, or null for a file this adapter did not write (a stray "budget 100%.json"
// someone left in the folder): it is no key of the store, and must not break the listing.
const keyOf = (name) => {
  if (!name.endsWith('.json') || name.startsWith('.tmp-')) return null;
  let key;
  try {
    key = decodeURIComponent(name.slice(0, -'.json'.length));
  } catch {
    return null;
  }
  return fileName(key) === name ? key : null;
};
// A key whose name would pass what file systems allow (255 bytes; a key of 20 CJK characters the
// store already percent-encoded is over it) is kept under "%~<SHA-256 of the key>.json", a name
// encodeURIComponent never makes, with the key itself beside it in "%~<hash>.key" (written
// first, removed last), so the listing still gives it.
const MAX_NAME = 240;
const LONG = /^%~[0-9a-f]{64}\.json$/;
let cryptoModule = null;
async function nameOf(key) {
  const plain = fileName(key);
  if (plain.length <= MAX_NAME) return { name: plain, long: false };
  const { createHash } = await (cryptoModule ??= import('node:crypto'));
  return { name: `%~${createHash('sha256').update(key).digest('hex')}.json`, long: true };
}
const keyFileOf = (name) => `${name.slice(0, -'.json'.length)}.key`;

// Temporary files are unique to the write: per process, per module (every FileStorage on a folder
// shares the counter) and a random part, and created exclusively ('wx'), so two writes, of two
// instances on one folder included, never share one.
let temporaries = 0;
const temporaryName = () => `.tmp-${process.pid}-${++temporaries}-${Math.random().toString(36).slice(2, 10)}`;

// The folder and any missing parents, one level at a time: Node's mkdir({ recursive: true }) loops
// for ever on a path it cannot make under a virtual file system (/proc/x on Linux, Node 20).
async function makeFolder(dir) {
  const { mkdir, stat } = await fs();
  const make = () => mkdir(dir).catch(async (e) => {
    if (e.code === 'EEXIST' && (await stat(dir)).isDirectory()) return;
    throw e;
  });
  try {
    await make();
  } catch (e) {
    const parent = path.dirname(dir);
    if (e.code !== 'ENOENT' || parent === dir) throw e;
    await makeFolder(parent);
    await make();  // once more, now that its parent is there; a second ENOENT is the answer
  }
}

export class FileStorage {
  #dir;
  #ready = null;

  /** @param {string} dir the folder; created on the first write */
  constructor(dir) {
    if (typeof dir !== 'string' || dir === '') {
      const e = new Error('FileStorage needs a folder path');
      e.name = 'NotSupportedError';
      throw e;
    }
    this.#dir = path.resolve(dir);
  }

  get dir() { return this.#dir; }

  async get(key) {
    try {
      return await (await fs()).readFile(path.join(this.#dir, (await nameOf(key)).name), 'utf8');
    } catch (e) {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async set(key, value) {
    const { name, long } = await nameOf(key);
    for (let attempt = 0; ; ++attempt) {
      this.#ready ??= makeFolder(this.#dir).catch((e) => {
        this.#ready = null;
        throw e;
      });
      await this.#ready;
      try {
        if (long) await this.#write(keyFileOf(name), key);
        await this.#write(name, String(value));
        return;
      } catch (e) {
        // The folder removed while in use (a cleanup, a user): made again once, not taken as made
        // for the adapter's life.
        if (e.code !== 'ENOENT' || attempt > 0) throw e;
        this.#ready = null;
      }
    }
  }

  // Atomically: a temporary file, flushed, renamed over `name`.
  async #write(name, text) {
    const { open, rename, rm } = await fs();
    const target = path.join(this.#dir, name);
    const temp = path.join(this.#dir, temporaryName());
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (e) {
      await rm(temp, { force: true }).catch(() => {});
      throw e;
    }
  }

  async delete(key) {
    const { name, long } = await nameOf(key);
    await (await fs()).rm(path.join(this.#dir, name), { force: true });
    if (long) await (await fs()).rm(path.join(this.#dir, keyFileOf(name)), { force: true });
  }

  async keys(prefix = '') {
    let names;
    try {
      names = (await (await fs()).readdir(this.#dir, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name);
    } catch (e) {
      if (e.code === 'ENOENT') return [];
      throw e;
    }
    const keys = names.map(keyOf);
    for (const [i, name] of names.entries()) {
      if (!LONG.test(name)) continue;
      try {
        const key = await (await fs()).readFile(path.join(this.#dir, keyFileOf(name)), 'utf8');
        if ((await nameOf(key)).name === name) keys[i] = key;  // else not ours: left out
      } catch (e) {
        if (e.code !== 'ENOENT') throw e;  // a listing that could not read a key is no listing
      }
    }
    return keys.filter((k) => k !== null && k.startsWith(prefix)).sort();
  }
}
