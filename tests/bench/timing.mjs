// SPDX-License-Identifier: MIT
/** Runs fn `reps` times; returns [median milliseconds, the last result]. */
export function medianTime(fn, reps) {
  const ms = [];
  let out;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    out = fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return [ms[reps >> 1], out];
}
