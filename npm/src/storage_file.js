// SPDX-License-Identifier: MIT
// File-backed adapter for Node: one file per key in a folder, so a CLI user keeps goals, models
// and the cache between runs. A write goes to a temporary file that is flushed and renamed over
// the old one, so a failed or interrupted write (disk full, killed process) leaves the previous
// value whole: nothing stored is lost to it.
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
// Temporary files are unique to the write: per process, per module (every FileStorage on a folder
// shares the counter) and a random part, and created exclusively ('wx'), so two writes, of two
// instances on one folder included, never share one.
let temporaries = 0;
const temporaryName = () => `.tmp-${process.pid}-${++temporaries}-${Math.random().toString(36).slice(2, 10)}`;

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
      return await (await fs()).readFile(path.join(this.#dir, fileName(key)), 'utf8');
    } catch (e) {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async set(key, value) {
    const { mkdir, open, rename, rm } = await fs();
    this.#ready ??= mkdir(this.#dir, { recursive: true }).catch((e) => {
      this.#ready = null;
      throw e;
    });
    await this.#ready;
    const target = path.join(this.#dir, fileName(key));
    const temp = path.join(this.#dir, temporaryName());
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(String(value), 'utf8');
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
    await (await fs()).rm(path.join(this.#dir, fileName(key)), { force: true });
  }

  async keys(prefix = '') {
    let names;
    try {
      names = await (await fs()).readdir(this.#dir);
    } catch (e) {
      if (e.code === 'ENOENT') return [];
      throw e;
    }
    return names.map(keyOf).filter((k) => k !== null && k.startsWith(prefix)).sort();
  }
}
