// SPDX-License-Identifier: MIT
// Writes web-demo/sample-transactions.json: the sample household's last 18 months of bank
// statement lines, made by the seeded generator the tests plant subscriptions, price changes and
// anomalies with (tests/insights/generate_transactions.mjs), ending the day before the sample's
// "as of" date. Columnar (`{date: [...], amount: [...], ...}`), as insights.habits takes it.
// Rerun after changing the generator:   node web-demo/make_sample_transactions.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { generateTransactions, toColumns } from '../tests/insights/generate_transactions.mjs';

const SEED = 20260115;
const here = new URL('./', import.meta.url);
const household = JSON.parse(readFileSync(new URL('sample-household.json', here), 'utf8'));
const end = new Date(Date.parse(`${household.as_of}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);
const { transactions } = generateTransactions(SEED, { months: 18, end });
writeFileSync(new URL('sample-transactions.json', here), `${JSON.stringify({ seed: SEED, end, transactions: toColumns(transactions) })}\n`);
console.log(`${transactions.length} transactions to ${end}`);
