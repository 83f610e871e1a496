// SPDX-License-Identifier: MIT
// Deno (local files, `npm:` imports and Deno Deploy): the package's own .wasm is read with
// Deno.readFile; the rest is loader.js.
import createNesteggModule from '../dist/nestegg.js';
import defineRuntime from './loader.js';

export * from './loader.js';

export const { createEngine, createHandler } = defineRuntime({
  loadFactory: async () => createNesteggModule,
  readWasm: (url) => Deno.readFile(url),
});
