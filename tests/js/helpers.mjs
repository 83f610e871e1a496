// SPDX-License-Identifier: MIT
// Where the tests find the builds: the staged npm package (what users get) and the native CLI.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const pkgDir = process.env.NESTEGG_PKG ?? path.join(root, 'build/wasm/npm');
export const nativeCli = process.env.NESTEGG_NATIVE_CLI ?? path.join(root, 'build/native/nestegg');
export const fixture = (name) => JSON.parse(readFileSync(path.join(root, 'tests/fixtures', name), 'utf8'));

export async function loadPackage() {
  return import(new URL('src/node.js', `file://${pkgDir}/`).href);
}

/** Relative difference, with an absolute floor for values near zero. */
export function relDiff(a, b) {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
}
