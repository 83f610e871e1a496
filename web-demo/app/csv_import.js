// SPDX-License-Identifier: MIT
// The "Import CSV" flow. A household's monthly figures (month,category,amount: csv.js) are read at
// once; anything else is taken for a bank statement: PapaParse splits it, the person says which
// column is which (a first guess from the header is filled in) and how the dates are written when
// the file leaves it open, sees the first rows read that way, and imports. The statement is kept as
// profile.transactions, the columns the weekly view's subscriptions and anomalies read.
import { DATE_FORMATS, dateFormatsFor, guessMapping, readTable, transactionsFromRows } from './bank_csv.js';
import { householdFromCsv } from './csv.js';
import { money } from './format.js';
import { $ } from './dom.js';

const ROLES = [['date', 'Date'], ['description', 'Description'], ['amount', 'Amount (signed)'], ['debit', 'Debit (money out)'],
  ['credit', 'Credit (money in)'], ['category', 'Category (optional)'], ['account', 'Account (optional)']];
const PREVIEW_ROWS = 5;

// The household format: a month (or date) per row with category and amount, and no description.
function isHouseholdFile(header) {
  const h = header.map((x) => x.toLowerCase());
  return h.includes('category') && h.includes('amount') && (h.includes('month') || (h.includes('date') && guessMapping(header).description < 0));
}

async function importHousehold(text, { store, render, note }) {
  const { household, errors } = householdFromCsv(text);
  if (!household) {
    note.textContent = `Nothing imported: ${errors.slice(0, 5).join('; ')}`;
    return;
  }
  await store.profile.update((stored) => {
    const profile = { ...stored, ...household, spending_start: household.history[0]?.month };
    // A profile with its own "as of" date is the sample's: its cash-flow section and its bank
    // statement described another household. A statement the person imported stays.
    if (profile.as_of) {
      delete profile.cashflow;
      delete profile.transactions;
    }
    delete profile.as_of;
    return profile;
  });
  note.textContent = `Imported ${household.history.length} months.` + (errors.length ? ` Skipped ${errors.length} rows: ${errors.slice(0, 5).join('; ')}` : '');
  await render();
}

// The mapping form's current choice.
function readMapping(form) {
  const mapping = Object.fromEntries(ROLES.map(([role]) => [role, Number(form[role].value)]));
  mapping.dateFormat = form.dateFormat.value;
  return mapping;
}

function fillMappingForm(form, table) {
  const guess = guessMapping(table.header);
  const columns = [['-1', '—'], ...table.header.map((h, i) => [String(i), h || `column ${i + 1}`])];
  const box = $('.mapping-columns', form);
  box.replaceChildren(...ROLES.map(([role, label]) => {
    const select = document.createElement('select');
    select.name = role;
    select.append(...columns.map(([v, t]) => new Option(t, v, false, Number(v) === guess[role])));
    const wrap = document.createElement('label');
    wrap.append(label, select);
    return wrap;
  }));
  const fillFormats = () => {
    const i = Number(form.date.value);
    const fits = i >= 0 ? dateFormatsFor(table.rows.map((r) => r[i])) : [];
    const offered = fits.length ? fits : Object.keys(DATE_FORMATS);
    form.dateFormat.replaceChildren(...offered.map((f) => new Option(f, f)));
    $('.mapping-dates', form).textContent = fits.length > 1 ? `The dates can be read ${fits.join(' or ')}: choose how your bank writes them.`
      : fits.length ? '' : 'No one date format fits every row: choose one (rows that do not fit are skipped and listed).';
  };
  fillFormats();
  form.date.onchange = () => { fillFormats(); preview(form, table); };
  for (const [role] of ROLES) if (role !== 'date') form[role].onchange = () => preview(form, table);
  form.dateFormat.onchange = () => preview(form, table);
  preview(form, table);
}

// The first rows as they would be imported, and what would be skipped.
function preview(form, table) {
  const { transactions, errors } = transactionsFromRows(table.header, table.rows.slice(0, PREVIEW_ROWS), readMapping(form));
  const body = $('.mapping-preview tbody', form);
  body.replaceChildren();
  for (let i = 0; i < (transactions?.date.length ?? 0); i++) {
    const tr = document.createElement('tr');
    for (const v of [transactions.date[i], transactions.description[i], money(transactions.amount[i]), transactions.category[i] ?? '', transactions.account[i] ?? '']) {
      tr.append(Object.assign(document.createElement('td'), { textContent: v }));
    }
    body.append(tr);
  }
  $('.mapping-errors', form).textContent = errors.slice(0, 3).join('; ');
}

async function importStatement(form, table, { store, render, note }) {
  const { transactions, errors } = transactionsFromRows(table.header, table.rows, readMapping(form));
  if (!transactions) {
    $('.mapping-errors', form).textContent = `Nothing imported: ${errors.slice(0, 5).join('; ')}`;
    return;
  }
  await store.profile.update((profile) => {
    delete profile.as_of;  // the person's own statement: the weekly view looks at it as of today
    return { ...profile, transactions };
  });
  form.hidden = true;
  const n = transactions.date.length;
  note.textContent = `Imported ${n} transaction${n === 1 ? '' : 's'} from ${transactions.date[0]} to ${transactions.date[n - 1]}.` +
    (errors.length ? ` Skipped ${errors.length} row${errors.length === 1 ? '' : 's'}: ${errors.slice(0, 5).join('; ')}` : '');
  note.dataset.imported = String(n);
  await render();
}

/** Reads the chosen file: imports a household's figures at once, or opens the statement's mapping step. */
export async function importCsvFile(file, context) {
  const text = await file.text();
  const form = $('#csv-mapping');
  const table = readTable(globalThis.Papa, text);
  context.note.textContent = '';
  if (table.error) {
    context.note.textContent = `Nothing imported: ${table.error}`;
    return;
  }
  if (isHouseholdFile(table.header)) {
    form.hidden = true;
    await importHousehold(text, context);
    return;
  }
  $('.mapping-file', form).textContent = `${file.name}: ${table.rows.length} rows. Which column is which?`;
  fillMappingForm(form, table);
  form.onsubmit = (event) => {
    event.preventDefault();
    importStatement(form, table, context);
  };
  $('.cancel', form).onclick = () => { form.hidden = true; };
  form.hidden = false;
}
