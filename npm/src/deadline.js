// SPDX-License-Identifier: MIT
// How long the package waits on a storage that may never answer (a lost KV response, a hung
// disk): the saves the edge handler waits for, a tenant's start, an engine's read of its models,
// a store's open. One reading of every such option, and one way to give up on a promise.

const DEFAULT_MS = 10000;

/** An option in ms: a timer's longest delay at most; anything not a finite number of 0 or more
 * (NaN, negative, Infinity) is the default, not 1 ms. */
export const timeoutOrDefault = (ms) => (Number.isFinite(ms) && ms >= 0 ? Math.min(ms, 2 ** 31 - 1) : DEFAULT_MS);

/** The promise's outcome, or `late` when it has not settled within `ms` (the promise runs on). */
export async function within(promise, ms, late) {
  let timer;
  const deadline = new Promise((resolve) => { timer = setTimeout(resolve, ms, late); });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
