// SPDX-License-Identifier: MIT
// indexedDBStorage: exported by the Node and browser entries only (types/node.d.ts, browser.d.ts).
import type { CreateEngineOptions, IndexedDBStorage } from '../index.js';

/** Loads the module if needed and returns its IndexedDB adapter (browser and Node entries). */
export function indexedDBStorage(name?: string, options?: CreateEngineOptions & { openTimeoutMs?: number }): Promise<IndexedDBStorage>;
