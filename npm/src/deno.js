// SPDX-License-Identifier: MIT
// Deno (local files, `npm:` imports and Deno Deploy): the package's own .wasm is read with
// Deno.readFile; the rest is loader.js.
import defineRuntime from './loader.js';

export * from './loader.js';

export const { createEngine, createHandler } = defineRuntime({ readWasm: (url) => Deno.readFile(url) });
