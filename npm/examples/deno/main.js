// SPDX-License-Identifier: MIT
// nestegg's edge API on Deno (and Deno Deploy). Settings come from the environment:
//   NESTEGG_API_KEYS=... deno run --allow-env --allow-read --allow-net main.js
import { createHandler } from 'npm:nestegg';

Deno.serve({ port: Number(Deno.env.get('PORT') ?? 8000) }, createHandler().fetch);
