// SPDX-License-Identifier: MIT
// The edge handler's API keys: which configured key, if any, a request's X-API-Key is, in a time
// that does not depend on how much of it matches, and what the handler knows a key by: its
// tenant id (the first 16 hex digits of its SHA-256, README "Tenants and state"), its rate-limit
// identity (the first 24, so raw keys never reach a limiter's store) and whether it is an admin
// key. The digests are taken once, at start: no request hashes its key (a SHA-256 through
// crypto.subtle is an asynchronous call, some 20 µs under Deno).
import { sha256Hex } from './request_key.js';

// Every character of the configured key is compared, whatever differed before. The given key is
// read round (i % its length), so a short one takes the same path as a long one: the time depends
// on the configured key's length only, and the lengths' difference counts as a mismatch.
function sameKey(given, key) {
  let diff = given.length ^ key.length;
  for (let i = 0; i < key.length; i++) diff |= given.charCodeAt(i % given.length) ^ key.charCodeAt(i);
  return diff === 0;
}

/**
 * @param {string[]} apiKeys the accepted keys; `adminKeys`, those also served the admin methods
 * @returns {Promise<(given: string) => {tenant: string, identity: string, admin: boolean} | null>}
 *   the caller a key is, or null for no configured key; every configured key is compared in full
 */
export async function readKeyring(apiKeys, adminKeys) {
  const callers = await Promise.all(apiKeys.map(async (key) => {
    const digest = await sha256Hex(key);
    return { key, caller: { tenant: digest.slice(0, 16), identity: `key:${digest.slice(0, 24)}`, admin: adminKeys.includes(key) } };
  }));
  return (given) => {
    let found = null;
    for (const { key, caller } of callers) if (sameKey(given, key)) found = caller;
    return found;
  };
}
