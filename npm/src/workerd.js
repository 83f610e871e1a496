// SPDX-License-Identifier: MIT
// Cloudflare Workers (workerd). Workers refuse to compile wasm from bytes, so the .wasm arrives as
// a WebAssembly.Module through a module import (wrangler's CompiledWasm rule, the default for
// *.wasm) and is instantiated through instantiateWasm. The glue reads self.location.href, which
// Workers lack: a stand-in is set only while the factory runs. The rest is loader.js.
import bundledModule from '../dist/nestegg.wasm';
import createNesteggModule from '../dist/nestegg.js';
import defineRuntime from './loader.js';

export * from './loader.js';

export const { createEngine, createHandler } = defineRuntime({
  loadFactory: async () => createNesteggModule,
  wasmModule: bundledModule,
  // Keeps the glue from building new URL('nestegg.wasm', import.meta.url): module URLs in workerd
  // are not absolute, and nothing is fetched here anyway.
  locateFile: (name) => name,
  async around(run) {
    const hadLocation = 'location' in globalThis;
    if (!hadLocation) globalThis.location = { href: 'https://nestegg.invalid/' };
    try {
      return await run();
    } finally {
      if (!hadLocation) delete globalThis.location;
    }
  },
});
