// SPDX-License-Identifier: MIT
// The savings benchmarks' data: n rows x p features from a 64-bit LCG (top 53 bits -> [0, 1)),
// the generator bench_savings_native.cpp uses too, so every runtime fits the same numbers.
export function savingsDataset(n, p) {
  let state = 42n;
  const next = () => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return Number(state >> 11n) / 2 ** 53;
  };
  const X = new Float64Array(n * p), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 1;
    for (let j = 0; j < p; j++) {
      X[i * p + j] = next() * (j + 1);
      v += ((j % 5) - 2) * X[i * p + j];
    }
    y[i] = v + next() - 0.5;
  }
  return { X, y, columns: Array.from({ length: p }, (_, j) => `x${j}`) };
}
