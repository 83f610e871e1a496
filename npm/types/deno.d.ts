// SPDX-License-Identifier: MIT
// The "deno" condition (src/deno.js): exactly the shared base.
export * from '../index.js';
