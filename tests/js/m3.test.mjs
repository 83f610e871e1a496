// SPDX-License-Identifier: MIT
// Forecasting accuracy on the shared M3 subset (2,002 series; tests/forecast/m3_evaluate.mjs), through
// the wasm package: method auto must stay below the competition's THETA in sMAPE overall and on
// yearly, monthly and other series (quarterly: 8.79 against THETA's 8.74, held where it is), and its
// overall sMAPE, interval coverage (within 2 points of nominal) and MSIS must not slip back from
// README's run. The data are not in the repository: without
// ../shared/data/m3/m3.json (or NESTEGG_M3) the test skips and says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPackage } from './helpers.mjs';
import { M3_PATH, PERIODS, evaluateMethod, evaluateSubmitted, formatTable, loadM3 } from '../forecast/m3_evaluate.mjs';

const m3 = loadM3();
// README's run (auto, wasm, 2026-12-02, after the members' t widening): overall sMAPE 12.449,
// quarterly 8.791, coverage 93.70 % (95 %) and 80.33 % (80 %) of the 24 676 forecast values, MSIS
// 10.57. The coverage must also stay within issue 18's 2 points of nominal (78-82 %, 93-97 %):
// wider is not better either. MSIS moved to 10.62 when multiplicative-error ETS fits were held to
// positive one-step forecasts (a few yearly series lost fits that crossed zero; README), then
// sMAPE to 12.328 and MSIS to 10.595 when the search passed over such fits whose forecasts ever
// reach zero; then MSIS to 10.505 when auto's bounds of a series without negative values were
// floored at zero, and sMAPE to 12.216 when members forecasting below zero were left out of such
// series (2026-12-03).
const HELD = { smape: 12.23, quarterly: 8.79, cover95: 0.935, cover80: 0.800, msis: 10.52 };
const NOMINAL = { cover80: [0.78, 0.82], cover95: [0.93, 0.97] };

test('M3: auto beats THETA overall and on all but quarterly series; its sMAPE, coverage and MSIS hold', { skip: m3 ? false : `no M3 data at ${M3_PATH}` }, async () => {
  const { createEngine } = await loadPackage();
  const engine = await createEngine({ config: { log_level: 'off' } });
  const theta = evaluateSubmitted(m3, m3.series, 'THETA');
  const { summary } = evaluateMethod(engine, m3.series, 'auto');
  console.log(formatTable({ THETA: theta, 'nestegg auto': summary }));
  for (const p of PERIODS.filter((p) => p !== 'quarterly'))
    assert.ok(summary[p].smape <= theta[p].smape, `${p}: sMAPE ${summary[p].smape.toFixed(3)} vs THETA ${theta[p].smape.toFixed(3)}`);
  assert.ok(summary.quarterly.smape <= HELD.quarterly, `quarterly sMAPE ${summary.quarterly.smape.toFixed(3)} > ${HELD.quarterly}`);
  assert.ok(summary.all.smape <= HELD.smape, `overall sMAPE ${summary.all.smape.toFixed(3)} > ${HELD.smape}`);
  assert.ok(summary.all.cover95 >= HELD.cover95, `95 % coverage ${summary.all.cover95.toFixed(4)} < ${HELD.cover95}`);
  assert.ok(summary.all.cover80 >= HELD.cover80, `80 % coverage ${summary.all.cover80.toFixed(4)} < ${HELD.cover80}`);
  assert.ok(summary.all.msis <= HELD.msis, `MSIS ${summary.all.msis.toFixed(3)} > ${HELD.msis}`);
  for (const [k, [lo, hi]] of Object.entries(NOMINAL))
    assert.ok(summary.all[k] >= lo && summary.all[k] <= hi, `${k} ${summary.all[k].toFixed(4)} outside [${lo}, ${hi}]`);
});
