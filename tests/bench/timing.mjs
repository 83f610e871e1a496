// SPDX-License-Identifier: MIT
/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs fn `reps` times; returns [median milliseconds, the last result]. */
export function medianTime(fn, reps) {
  const ms = [];
  let out;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    out = fn();
    ms.push(performance.now() - t);
  }
  return [median(ms), out];
}
