// SPDX-License-Identifier: MIT
// The demo's bank statement import (web-demo/app/bank_csv.js) with the PapaParse the page vendors:
// a bank-style export with thousands separators, quoted fields, parentheses negatives and a
// debit/credit pair gives the columns worked out by hand below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dateFormatsFor, guessMapping, parseAmount, parseDate, readTable, transactionsFromRows } from '../../web-demo/app/bank_csv.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const Papa = createRequire(path.join(root, 'web-demo/package.json'))('papaparse');

test('amounts: thousands separators, currency signs, parentheses and trailing minus; anything else is refused', () => {
  const cases = [['1,234.56', 1234.56], ['$1,234.56', 1234.56], ['-$1,234.56', -1234.56], ['$-5.00', -5], ['(12.50)', -12.5],
    ['($1,000.00)', -1000], ['12.50-', -12.5], ['+7', 7], ['USD 5', 5], ['1234567.8', 1234567.8], ['.5', 0.5], [' 42 ', 42]];
  for (const [text, v] of cases) assert.equal(parseAmount(text), v, text);
  for (const text of ['', 'abc', '1.234,56', '1,23.00', '12,3456', '1..2', '--5', '(-5)', '5--', 'NaN', 'Infinity']) assert.equal(parseAmount(text), null, text);
});

test('dates: each format reads only real dates; an ambiguous column offers every reading', () => {
  assert.equal(parseDate('2026-02-28', 'YYYY-MM-DD'), '2026-02-28');
  assert.equal(parseDate('2026-02-29', 'YYYY-MM-DD'), null, '2026 is not a leap year');
  assert.equal(parseDate('3/4/2026', 'MM/DD/YYYY'), '2026-03-04');
  assert.equal(parseDate('3/4/2026', 'DD/MM/YYYY'), '2026-04-03');
  assert.equal(parseDate('31.12.2025', 'DD.MM.YYYY'), '2025-12-31');
  assert.deepEqual(dateFormatsFor(['03/04/2026', '05/06/2026']), ['MM/DD/YYYY', 'DD/MM/YYYY']);
  assert.deepEqual(dateFormatsFor(['03/04/2026', '12/31/2026']), ['MM/DD/YYYY']);
  assert.deepEqual(dateFormatsFor(['03/04/2026', '31/12/2026']), ['DD/MM/YYYY']);
  assert.deepEqual(dateFormatsFor(['2026-01-05', '']), ['YYYY-MM-DD']);
  assert.deepEqual(dateFormatsFor(['yesterday']), []);
});


test('a signed-amount export: mapping guessed from the header, the columns as worked out by hand', () => {
  const text = [
    'Posted Date,Payee,Amount,Category,Memo',
    '01/15/2026,"PAYROLL ACME, INC","$4,250.00",Income,',
    '01/03/2026,OAKWOOD PROPERTY MGMT,"(1,924.00)",Housing,rent',
    '01/05/2026,NETFLIX.COM,-15.49,Subscriptions,',
    '',
    '01/05/2026,"KROGER #6127, COLUMBUS OH","-1,077.39",Groceries,big shop',
    '01/31/2026,BAD ROW,12.3.4,Other,',
  ].join('\r\n');
  const table = readTable(Papa, text);
  assert.deepEqual(table.header, ['Posted Date', 'Payee', 'Amount', 'Category', 'Memo']);
  const mapping = guessMapping(table.header);
  assert.deepEqual(mapping, { date: 0, description: 1, amount: 2, debit: -1, credit: -1, category: 3, account: -1 });
  assert.deepEqual(dateFormatsFor(table.rows.map((r) => r[0])), ['MM/DD/YYYY']);
  const { transactions, errors } = transactionsFromRows(table.header, table.rows, { ...mapping, dateFormat: 'MM/DD/YYYY' });
  assert.deepEqual(errors, ['line 6: amount is not a number']);  // the blank line is dropped before numbering
  assert.deepEqual(transactions, {
    date: ['2026-01-03', '2026-01-05', '2026-01-05', '2026-01-15'],
    amount: [-1924, -15.49, -1077.39, 4250],
    description: ['OAKWOOD PROPERTY MGMT', 'NETFLIX.COM', 'KROGER #6127, COLUMBUS OH', 'PAYROLL ACME, INC'],
    category: ['Housing', 'Subscriptions', 'Groceries', 'Income'],
    account: [null, null, null, null],
  });
});

test('a debit / credit export with day-first dates chosen by the person', () => {
  const text = 'Date;Description;Debit;Credit;Account\n03.02.2026;Miete Februar;"1,200.00";;Giro\n04.02.2026;Gehalt;;"3,456.78";Giro\n05.02.2026;Cafe;-4.50;;Karte\n';
  const table = readTable(Papa, text);  // PapaParse detects the ";" delimiter
  const mapping = guessMapping(table.header);
  assert.deepEqual([mapping.amount, mapping.debit, mapping.credit, mapping.account], [-1, 2, 3, 4]);
  assert.deepEqual(dateFormatsFor(table.rows.map((r) => r[0])), ['DD.MM.YYYY']);
  const { transactions, errors } = transactionsFromRows(table.header, table.rows, { ...mapping, dateFormat: 'DD.MM.YYYY' });
  assert.deepEqual(errors, []);
  assert.deepEqual(transactions.date, ['2026-02-03', '2026-02-04', '2026-02-05']);
  assert.deepEqual(transactions.amount, [-1200, 3456.78, -4.5]);
  assert.deepEqual(transactions.account, ['Giro', 'Giro', 'Karte']);
  assert.deepEqual(transactions.category, [null, null, null]);
});

test('a mapping that misses a column, or a file without data, is named, never guessed', () => {
  const table = readTable(Papa, 'a,b,c\n2026-01-01,x,1\n');
  assert.equal(transactionsFromRows(table.header, table.rows, { date: 0, description: -1, amount: 2, dateFormat: 'YYYY-MM-DD' }).errors[0], 'choose the description column');
  assert.equal(transactionsFromRows(table.header, table.rows, { date: 0, description: 1, amount: -1, debit: -1, credit: -1, dateFormat: 'YYYY-MM-DD' }).errors[0],
    'choose the amount column, or the debit and credit columns');
  assert.equal(transactionsFromRows(table.header, table.rows, { date: 0, description: 1, amount: 2, dateFormat: 'D/M' }).errors[0], 'choose how the dates are written');
  assert.match(readTable(Papa, 'date,description,amount\n').error, /at least one row of data/);
  const bad = transactionsFromRows(table.header, [['2026-02-30', 'x', '1']], { date: 0, description: 1, amount: 2, dateFormat: 'YYYY-MM-DD' });
  assert.equal(bad.transactions, null);
  assert.match(bad.errors[0], /^line 2: date "2026-02-30" is not a real date/);
});

test('the household format reads amounts the same way (thousands separators, currency sign)', async () => {
  const { householdFromCsv } = await import('../../web-demo/app/csv.js');
  const { household, errors } = householdFromCsv('month,category,amount\n2025-01,income,"4,250.00"\n2025-01,rent,"$1,250.50"\n2025-01,food,(20.00)\n', Papa);
  assert.deepEqual(errors, []);
  assert.deepEqual(household.history, [{ month: '2025-01', income: 4250, expenses: 1230.5 }]);  // 1250.50 - 20.00 (a refund)
});
