// SPDX-License-Identifier: MIT
// The "node" condition (node/index.js, bundled from src/node.js): the shared base, indexedDBStorage and FileStorage.
import type { ListingStorage } from '../index.js';

export * from '../index.js';
export { indexedDBStorage } from './indexeddb.js';

/**
 * Node only: one file per key in `dir`, written to a temporary file, flushed and renamed, so a
 * failed or interrupted write leaves the previous value whole.
 */
export interface FileStorage extends ListingStorage {}
export class FileStorage {
  constructor(dir: string);
  readonly dir: string;
}
