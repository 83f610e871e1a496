// SPDX-License-Identifier: MIT
// insights.habits' answers scored against generate_transactions.mjs' ground truth: true and false
// positives for recurring series (active and lapsed together, matched by merchant; the usage-priced
// `optional` ones count neither way), price changes (merchant, date and new price), the next
// expected date (within the series' day jitter + 1) and anomalies (transaction kinds by date and
// amount; category months by category and month).
const key = (...parts) => parts.join('|');

export function scoreHabits(out, truth) {
  const found = [...out.subscriptions, ...out.lapsed];
  const truthBy = new Map(truth.subscriptions.map((s) => [s.merchant, s]));
  const optional = new Set(truth.optional);
  const s = { tp: 0, fp: 0, fn: 0, fpNames: [], fnNames: [], statusRight: 0, periodRight: 0,
    nextChecked: 0, nextRight: 0, nextWrong: [] };
  const matched = new Set();
  for (const f of found) {
    const t = truthBy.get(f.merchant);
    if (t) {
      s.tp++;
      matched.add(f.merchant);
      if ((f.status === 'active') === t.active) s.statusRight++;
      if (f.period === t.period) s.periodRight++;
      if (t.active && t.next_expected_date && f.next_expected_date) {
        s.nextChecked++;
        const days = Math.abs(Date.parse(f.next_expected_date) - Date.parse(t.next_expected_date)) / 864e5;
        if (days <= (t.jitter_days ?? 0) + 1) s.nextRight++;
        else s.nextWrong.push([f.merchant, f.next_expected_date, t.next_expected_date]);
      }
    } else if (!optional.has(f.merchant)) {
      s.fp++;
      s.fpNames.push(f.merchant);
    }
  }
  for (const t of truth.subscriptions) {
    if (!matched.has(t.merchant)) {
      s.fn++;
      s.fnNames.push(t.merchant);
    }
  }
  // Price changes: matched by merchant and date, the new price within 1 % + 1 cent (a jittered
  // series' price is the median of its charges, not the generator's nominal price).
  const pc = { tp: 0, fp: 0, fn: 0 };
  const unmatched = [...truth.price_changes];
  for (const f of found) {
    if (optional.has(f.merchant)) continue;
    for (const c of f.price_changes) {
      const k = unmatched.findIndex((t) => t.merchant === f.merchant && t.date === c.date &&
        Math.abs(t.to - c.to) <= 0.01 * t.to + 0.01);
      if (k >= 0) {
        pc.tp++;
        unmatched.splice(k, 1);
      } else pc.fp++;
    }
  }
  pc.fn = unmatched.length;

  const truthAnomalies = new Set([...truth.anomalies.map((a) => key(a.date, a.amount.toFixed(2))),
    ...truth.category_months.map((c) => key(c.category, c.month))]);
  const an = { tp: 0, fp: 0, fn: 0, fpReasons: [] };
  const foundAnomalies = new Set();
  for (const a of out.anomalies) {
    const k = a.kind === 'category_month' ? key(a.category, a.month) : key(a.date, a.amount.toFixed(2));
    if (foundAnomalies.has(k)) continue;
    foundAnomalies.add(k);
    if (truthAnomalies.has(k)) an.tp++;
    else {
      an.fp++;
      an.fpReasons.push(a.reason);
    }
  }
  for (const k of truthAnomalies) if (!foundAnomalies.has(k)) an.fn++;
  return { subscriptions: s, price_changes: pc, anomalies: an };
}

/** Pooled precision and recall over many scored seeds. */
export function pooled(scores, part) {
  const tp = scores.reduce((a, s) => a + s[part].tp, 0);
  const fp = scores.reduce((a, s) => a + s[part].fp, 0);
  const fn = scores.reduce((a, s) => a + s[part].fn, 0);
  return { tp, fp, fn, precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn) };
}
