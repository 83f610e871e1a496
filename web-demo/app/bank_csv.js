// SPDX-License-Identifier: MIT
// A bank statement from a CSV export, as the columns insights.habits reads (README "insights.trends":
// {date[], amount[] (negative = money out), description[], category[], account[]}). The file is
// split by PapaParse (passed in: a classic script in the page, an npm module in Node); this module
// only chooses and reads columns, so the same mapping code runs in the page and in the tests.
// Amounts: "$1,234.56", "-1,234.56", "(12.50)" (parentheses = negative), "12.50-", "USD 5";
// the thousands separator is "," and the decimal point "." (a European "1.234,56" is refused, not
// misread). Dates: YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY, DD.MM.YYYY (and YYYY/MM/DD); when a file's
// dates fit more than one (03/04/2026), the person chooses.

export const MAX_ROWS = 100000;
const MAX_DESCRIPTION = 200;
const MAX_LABEL = 100;

/** The file as { header: string[], rows: string[][] } (blank lines dropped), or { error }. */
export function readTable(Papa, text) {
  const parsed = Papa.parse(String(text).replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const rows = parsed.data.filter((r) => r.some((f) => String(f).trim() !== ''));
  if (rows.length < 2) return { error: 'the file needs a header row and at least one row of data' };
  if (rows.length - 1 > MAX_ROWS) return { error: `the file has ${rows.length - 1} rows; at most ${MAX_ROWS}` };
  return { header: rows[0].map((h) => String(h).trim()), rows: rows.slice(1) };
}

// Header names banks use, lower-cased, for a first guess the person can change.
const GUESSES = {
  date: ['date', 'transaction date', 'posted date', 'posting date', 'booking date', 'value date', 'trans. date', 'datum'],
  description: ['description', 'payee', 'merchant', 'details', 'memo', 'name', 'narrative', 'transaction description'],
  amount: ['amount', 'transaction amount', 'value', 'amount (usd)', 'betrag'],
  debit: ['debit', 'withdrawal', 'withdrawals', 'money out', 'paid out', 'debit amount'],
  credit: ['credit', 'deposit', 'deposits', 'money in', 'paid in', 'credit amount'],
  category: ['category', 'type'],
  account: ['account', 'account name', 'card'],
};

/** A first guess at the mapping: { date, description, amount | debit + credit, category, account } as column indexes (-1 = none). */
export function guessMapping(header) {
  const lower = header.map((h) => h.toLowerCase());
  const find = (names) => lower.findIndex((h) => names.includes(h));
  const m = Object.fromEntries(Object.entries(GUESSES).map(([k, names]) => [k, find(names)]));
  if (m.amount >= 0) m.debit = m.credit = -1;  // one signed column wins over a pair
  return m;
}

/** A money amount as a number, or null when it is not one. */
export function parseAmount(text) {
  let s = String(text ?? '').trim().replace(/\s+/g, '');
  if (!s) return null;
  let signs = 0;  // one way of saying "negative" at most: "--5" and "(-5)" are refused
  if (/^\(.*\)$/.test(s)) { signs += 1; s = s.slice(1, -1); }
  if (s.endsWith('-')) { signs += 1; s = s.slice(0, -1); }
  if (s.startsWith('+')) s = s.slice(1);
  else if (s.startsWith('-')) { signs += 1; s = s.slice(1); }
  s = s.replace(/^(USD|US\$|\$|€|£|EUR|GBP)/i, '').replace(/(USD|EUR|GBP|\$|€|£)$/i, '');
  if (s.startsWith('-')) { signs += 1; s = s.slice(1); }  // "$-5.00"
  if (signs > 1) return null;
  const sign = signs ? -1 : 1;
  // Digits with "," every three, or none, then an optional decimal part.
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(s) && !/^\.\d+$/.test(s)) return null;
  const v = sign * Number(s.replace(/,/g, ''));
  return Number.isFinite(v) ? v : null;
}

// Each format: a pattern and where year, month and day are in it.
export const DATE_FORMATS = {
  'YYYY-MM-DD': [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, 1, 2, 3],
  'YYYY/MM/DD': [/^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, 1, 2, 3],
  'MM/DD/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, 3, 1, 2],
  'DD/MM/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, 3, 2, 1],
  'DD.MM.YYYY': [/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, 3, 2, 1],
};

/** A date text read in `format` as YYYY-MM-DD, or null when it is not a real date in it. */
export function parseDate(text, format) {
  const [re, y, m, d] = DATE_FORMATS[format];
  const g = re.exec(String(text ?? '').trim());
  if (!g) return null;
  const iso = `${g[y]}-${g[m].padStart(2, '0')}-${g[d].padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/** The formats every non-empty value of a column reads in: one is clear, several need a choice. */
export function dateFormatsFor(values) {
  const present = values.map((v) => String(v ?? '').trim()).filter(Boolean);
  if (!present.length) return [];
  return Object.keys(DATE_FORMATS).filter((f) => present.every((v) => parseDate(v, f) !== null));
}

// A row's signed amount: the amount column, or credit minus debit (a debit column may hold its
// figures with or without a minus sign: money out either way).
function rowAmount(row, mapping) {
  if (mapping.amount >= 0) return parseAmount(row[mapping.amount]);
  const debit = String(row[mapping.debit] ?? '').trim() ? parseAmount(row[mapping.debit]) : 0;
  const credit = String(row[mapping.credit] ?? '').trim() ? parseAmount(row[mapping.credit]) : 0;
  if (debit === null || credit === null) return null;
  return Math.round((credit - Math.abs(debit)) * 100) / 100;
}

/** Why a mapping cannot be used, or null. */
export function mappingProblem(header, mapping) {
  const ok = (i) => Number.isInteger(i) && i >= 0 && i < header.length;
  if (!ok(mapping.date)) return 'choose the date column';
  if (!ok(mapping.description)) return 'choose the description column';
  if (!ok(mapping.amount) && !(ok(mapping.debit) || ok(mapping.credit))) return 'choose the amount column, or the debit and credit columns';
  if (!DATE_FORMATS[mapping.dateFormat]) return 'choose how the dates are written';
  return null;
}

/**
 * The rows as transaction columns, in date order (stable), with the rows that could not be read
 * named by line (the header is line 1): { transactions, errors }. transactions is null when no
 * row could be read.
 */
export function transactionsFromRows(header, rows, mapping) {
  const problem = mappingProblem(header, mapping);
  if (problem) return { transactions: null, errors: [problem] };
  const out = [];
  const errors = [];
  const label = (i, row) => (i >= 0 ? String(row[i] ?? '').trim().slice(0, MAX_LABEL) || null : null);
  rows.forEach((row, k) => {
    const line = k + 2;
    const date = parseDate(row[mapping.date], mapping.dateFormat);
    const amount = rowAmount(row, mapping);
    const description = String(row[mapping.description] ?? '').trim().slice(0, MAX_DESCRIPTION);
    if (!date) return errors.push(`line ${line}: date "${row[mapping.date] ?? ''}" is not a real date written ${mapping.dateFormat}`);
    if (amount === null) return errors.push(`line ${line}: amount is not a number`);
    if (!description) return errors.push(`line ${line}: description is empty`);
    out.push({ date, amount, description, category: label(mapping.category ?? -1, row), account: label(mapping.account ?? -1, row) });
  });
  if (!out.length) return { transactions: null, errors };
  out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const column = (k) => out.map((t) => t[k]);
  return { transactions: { date: column('date'), amount: column('amount'), description: column('description'),
    category: column('category'), account: column('account') }, errors };
}
