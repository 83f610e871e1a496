// SPDX-License-Identifier: MIT
// Browsers and Web Workers (and the default condition). The glue fetches the package's own .wasm
// next to it (new URL('nestegg.wasm', import.meta.url)), streaming-compiled; bundlers see that URL.
// locateFile, wasmBinary or wasmModule override it; nothing else is ever fetched. The rest is
// loader.js.
import createNesteggModule from '../dist/nestegg.js';
import defineRuntime from './loader.js';

export * from './loader.js';
export { createWorkerEngine } from './worker_runner.js';

export const { createEngine, createHandler, indexedDBStorage } = defineRuntime({ loadFactory: async () => createNesteggModule });
