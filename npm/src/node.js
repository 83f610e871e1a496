// SPDX-License-Identifier: MIT
// Node >= 20. Emscripten 3.1.6's ESM glue cannot locate files under Node, so the package's own
// .wasm is read here (or a WebAssembly.Module is taken via wasmModule); the rest is loader.js.
import defineRuntime from './loader.js';

export * from './loader.js';
export { FileStorage } from './storage_file.js';

// Read synchronously (482 KB, once per process: no thread-pool round trip before compiling);
// fs comes from getBuiltinModule (Node >= 20.16), which costs no module import.
const nodeFs = async () => globalThis.process.getBuiltinModule?.('node:fs') ?? import('node:fs');

export const { createEngine, createHandler, indexedDBStorage } = defineRuntime({
  readWasm: async (url) => (await nodeFs()).readFileSync(url),
});
