// SPDX-License-Identifier: MIT
// How the demo and the printed plan (plan.mjs) show amounts and rates: to the cent, as the engine
// rounds them.
export const money = (x) => (x == null ? '—' : x.toLocaleString('en-US', { style: 'currency', currency: 'USD' }));
export const pct = (x) => `${(x * 100).toFixed(1)}%`;
