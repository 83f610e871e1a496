// SPDX-License-Identifier: MIT
// nestegg's edge API on Deno (and Deno Deploy). Settings come from the environment:
//   NESTEGG_API_KEYS=... deno run --allow-env --allow-read --allow-net main.js
// nestegg is not on the npm registry: this imports the package this repository's build stages;
// elsewhere, the src/deno.js of your unpacked copy ('npm:nestegg' once published).
import { createHandler } from '../../../build/wasm/npm/src/deno.js';

Deno.serve({ port: Number(Deno.env.get('PORT') ?? 8000) }, createHandler().fetch);
