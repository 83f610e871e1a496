// SPDX-License-Identifier: MIT
// Node >= 20. Emscripten 3.1.6's ESM glue cannot locate files under Node, so the package's own
// .wasm is read here (or a WebAssembly.Module is taken via wasmModule); the rest is loader.js.
// The glue is imported by the first createEngine, while the .wasm is read and compiled: a Node
// program that imports the package and never calls it does not parse it, and one that does
// spends less in all (README "Budgets"). The package's "node" entry is this file bundled into
// one module, node/index.js (npm/scripts/stage.mjs).
import defineRuntime from './loader.js';

export * from './loader.js';
export { FileStorage } from './storage_file.js';

// Read synchronously (482 KB, once per process: no thread-pool round trip before compiling);
// fs comes from getBuiltinModule (Node >= 20.16), which costs no module import.
const nodeFs = async () => globalThis.process.getBuiltinModule?.('node:fs') ?? import('node:fs');

export const { createEngine, createHandler, indexedDBStorage } = defineRuntime({
  loadFactory: async () => (await import('../dist/nestegg.js')).default,
  readWasm: async (url) => (await nodeFs()).readFileSync(url),
});
