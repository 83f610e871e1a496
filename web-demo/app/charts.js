// SPDX-License-Identifier: MIT
// The demo's charts on uPlot: lines over calendar dates with shaded bands between two series
// (prediction intervals, Monte Carlo percentiles) and optional point markers (milestones).
import uPlot from './vendor/uPlot.esm.js';

const seconds = (date) => Date.parse(`${date.length === 7 ? `${date}-01` : date}T00:00:00Z`) / 1000;
const money = (v) => (v == null ? '' : `$${Math.round(v).toLocaleString('en-US')}`);
const charts = new WeakMap();

/**
 * Draws into `el` (replacing its chart). spec: {
 *   dates: string[] (YYYY-MM or YYYY-MM-DD),
 *   lines: [{label, values, color, dash?, points?}],
 *   bands: [{label, lower, upper, color}]   // filled between lower and upper
 * }
 */
export function drawChart(el, { dates, lines = [], bands = [] }) {
  charts.get(el)?.destroy();
  el.replaceChildren();
  if (!dates.length) return null;
  const data = [dates.map(seconds)];
  const series = [{}];
  const bandDefs = [];
  for (const band of bands) {
    data.push(band.upper, band.lower);
    series.push({ label: `${band.label} high`, stroke: 'transparent', value: (u, v) => money(v) },
      { label: `${band.label} low`, stroke: 'transparent', value: (u, v) => money(v) });
    bandDefs.push({ series: [data.length - 2, data.length - 1], fill: band.color });
  }
  for (const line of lines) {
    data.push(line.values);
    series.push({
      label: line.label, stroke: line.color, width: 2, dash: line.dash, spanGaps: false, value: (u, v) => money(v),
      ...(line.points ? { paths: () => null, points: { show: true, size: 8, fill: line.color } } : { points: { show: false } }),
    });
  }
  const width = Math.max(280, Math.min(el.clientWidth || 640, 900));
  const chart = new uPlot({
    width, height: 240, series, bands: bandDefs,
    scales: { x: { time: true } },
    axes: [{}, { values: (u, ticks) => ticks.map(money), size: 70 }],
    legend: { live: true },
  }, data, el);
  charts.set(el, chart);
  return chart;
}

// Keep charts as wide as their section when a phone rotates.
let resizeTimer;
globalThis.addEventListener?.('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const el of document.querySelectorAll('.chart')) {
      const chart = charts.get(el);
      if (chart) chart.setSize({ width: Math.max(280, Math.min(el.clientWidth, 900)), height: 240 });
    }
  }, 150);
});
