// SPDX-License-Identifier: MIT
// How the demo and the printed plan (plan.mjs) show amounts and rates: to the cent, as the engine
// rounds them.
export const money = (x) => (x == null ? '—' : x.toLocaleString('en-US', { style: 'currency', currency: 'USD' }));
export const pct = (x) => `${(x * 100).toFixed(1)}%`;
export const label = (name) => name.replaceAll('_', ' ');
/** A health-score measure: months as months, a credit score as a number, the ratios and shares as percents. */
export const measure = (key, v) => {
  if (v == null) return '—';
  if (key.startsWith('months')) return `${Number(v.toFixed(1))} months`;
  return key === 'credit_score' ? String(Math.round(v)) : pct(v);
};
export const points = (x) => String(Number(x.toFixed(1)));
/** One step of investment.readiness in words (the page and the printed plan say the same). */
export function stepText(s, request) {
  if (s.step === 'employer_match' && !request.employer_match) return 'not asked for here: no match to take';
  if (s.step === 'invest') return `${money(s.amount)} a month${s.end_date ? ` from ${s.end_date}` : ''}`;
  if (s.done) return 'done';
  let text = `${money(s.amount)}${s.per_month ? ' a month' : s.debts ? ` to pay off (${s.debts.join(', ')})` : ' to set aside'}` +
    (s.months == null ? ' — not reachable at this saving' : ` — ${s.months} month${s.months === 1 ? '' : 's'}, until ${s.end_date}`);
  if (s.employer_adds_per_month) text += `; the employer adds ${money(s.employer_adds_per_month)} a month`;
  return text;
}
