// SPDX-License-Identifier: MIT
// nestegg on Cloudflare Workers: the package's handler is the Worker. Settings come from the
// Worker's environment (wrangler.toml [vars] and secrets): see README "Edge HTTP API".
import { createHandler } from 'nestegg';

export default createHandler();
