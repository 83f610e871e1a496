// SPDX-License-Identifier: MIT
// The household's figures from CSV: one row per month and category, `month,category,amount` (a `date` column with
// YYYY-MM-DD may stand for month; category "income" is pay). Quoted fields and commas inside
// quotes are read; a bad row is reported by line number and skipped, never guessed.
import { parseAmount } from './bank_csv.js';

const MAX_ROWS = 100000;

/**
 * Splits CSV text into rows of fields with PapaParse (RFC 4180 quoting; the page loads it as a
 * classic script, window.Papa; Node passes the npm module), the one CSV reader the demo has.
 */
export function parseCsv(text, Papa = globalThis.Papa) {
  return Papa.parse(String(text).replace(/^\uFEFF/, ''), { delimiter: ',' }).data;
}

const monthOf = (text) => {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text.trim());
  if (!m || +m[2] < 1 || +m[2] > 12) return null;
  if (m[3] !== undefined) {
    const d = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.getUTCDate() !== +m[3]) return null;
  }
  return `${m[1]}-${m[2]}`;
};

const nextMonth = (month) => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/**
 * Turns CSV text into household figures: history (income and expenses per month), spending
 * history per category (null for a month without rows), and monthly income and expenses as the
 * means of the last three months. Returns { household, errors: ["line 4: ..."] }.
 */
export function householdFromCsv(text, Papa = globalThis.Papa) {
  const rows = parseCsv(text, Papa).filter((r) => r.some((f) => String(f).trim() !== ''));
  const errors = [];
  if (!rows.length) return { household: null, errors: ['the file is empty'] };
  if (rows.length > MAX_ROWS) return { household: null, errors: [`the file has ${rows.length} rows; at most ${MAX_ROWS}`] };
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const col = { month: header.indexOf('month') >= 0 ? header.indexOf('month') : header.indexOf('date'),
    category: header.indexOf('category'), amount: header.indexOf('amount') };
  if (col.month < 0 || col.category < 0 || col.amount < 0) {
    return { household: null, errors: ['line 1: the header must name month (or date), category and amount'] };
  }
  const sums = new Map();  // month -> Map(category -> amount)
  rows.slice(1).forEach((r, i) => {
    const line = i + 2;
    const month = monthOf(r[col.month] ?? '');
    const category = (r[col.category] ?? '').trim().toLowerCase();
    const amount = parseAmount(r[col.amount]) ?? NaN;  // "1,234.56", "$5", "(12.50)" as the bank import reads them
    if (!month) return errors.push(`line ${line}: month must be YYYY-MM or a real date YYYY-MM-DD`);
    if (!category) return errors.push(`line ${line}: category is empty`);
    if (!Number.isFinite(amount)) return errors.push(`line ${line}: amount must be a number`);
    if (!sums.has(month)) sums.set(month, new Map());
    const m = sums.get(month);
    m.set(category, (m.get(category) ?? 0) + amount);
  });
  if (!sums.size) return { household: null, errors };
  const sorted = [...sums.keys()].sort();
  const months = [sorted[0]];
  while (months.at(-1) < sorted.at(-1)) months.push(nextMonth(months.at(-1)));
  const categories = [...new Set([...sums.values()].flatMap((m) => [...m.keys()]))].filter((c) => c !== 'income').sort();
  const cents = (x) => Math.round(x * 100) / 100;
  const spending_history = Object.fromEntries(categories.map((c) => [c, months.map((m) => (sums.get(m)?.has(c) ? cents(sums.get(m).get(c)) : null))]));
  const history = months.filter((m) => sums.has(m)).map((m) => {
    const byCat = sums.get(m);
    const expenses = [...byCat].filter(([c]) => c !== 'income').reduce((s, [, v]) => s + v, 0);
    return { month: m, income: cents(byCat.get('income') ?? 0), expenses: cents(expenses) };
  });
  const recent = history.slice(-3);
  const mean = (xs) => cents(xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1));
  const expenses_by_category = Object.fromEntries(categories.map((c) => [c, mean(spending_history[c].slice(-3).map((v) => v ?? 0))]));
  return {
    household: {
      monthly_income: mean(recent.map((h) => h.income)),
      monthly_expenses: mean(recent.map((h) => h.expenses)),
      expenses_by_category, history, spending_history,
    },
    errors,
  };
}
