// SPDX-License-Identifier: MIT
// A seeded, realistic household's bank statement, with what was planted in it (the ground truth
// insights.habits must find). Over `months` (36 by default) ending `end` (2026-06-30):
//   - income: a biweekly salary (positive, not spending);
//   - bills: rent on the 1st (raised once a year), phone and car insurance monthly, a monthly
//     transfer to savings; utilities monthly and water quarterly with amounts that follow usage
//     (listed as `optional`: recurring in time, not in price, so found or not neither counts);
//   - 5 to 15 subscriptions drawn from a pool, weekly / biweekly / monthly / quarterly / annual,
//     day jitter of 0-2 days (weekly 0-1), some with a +-1 % amount jitter, 40 % with a price change,
//     30 % with one or two skipped charges, 25 % cancelled 3 or more periods before the end;
//   - everyday spending with no fixed price: groceries at three chains with store numbers in the
//     description, coffee, fuel, 20 restaurants (weekend-heavy, rising 1.5 % a month for 4 years: the planted
//     trend), online shopping (December twice as busy: seasonal, not anomalous);
//   - planted anomalies: 4-8 charges 6-15x their merchant's usual, 1-3 duplicate charges (>= 20.00)
//     and one month whose dining spending is about 3.5 times the usual, from extra visits of
//     usual size (a holiday month; a doubling is within a month's natural spread of visits).
// Everyday amounts are log-normal truncated at 2 standard deviations, so the planted anomalies are
// the only outliers there are to find (the precision measured is against this ground truth).
// Returns {transactions, truth, as_of}; amounts are signed (negative = money out).
import { mulberry32 } from '../js/helpers.mjs';

const DAY = 86400000;
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const utc = (y, m, d) => Date.UTC(y, m, d);  // m is 0-based and may overflow into the next year
const daysIn = (y, m) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

const SUBSCRIPTIONS = [
  // [description, expected merchant, period, amount, new amount on a price change, category]
  ['NETFLIX.COM', 'netflix', 'monthly', 15.49, 17.99, 'entertainment'],
  ['Spotify USA', 'spotify usa', 'monthly', 10.99, 11.99, 'entertainment'],
  ['HULU 877-8248858', 'hulu', 'monthly', 7.99, 9.99, 'entertainment'],
  ['DISNEY PLUS', 'disney plus', 'monthly', 13.99, 15.99, 'entertainment'],
  ['APPLE.COM/BILL', 'apple bill', 'monthly', 2.99, 3.99, 'software'],
  ['AMAZON PRIME*2K4LM0', 'amazon prime', 'annual', 139.00, 149.00, 'shopping'],
  ['NYTIMES DIGITAL', 'nytimes digital', 'weekly', 4.00, 4.25, 'news'],
  ['PLANET FITNESS #1234', 'planet fitness', 'monthly', 24.99, 29.99, 'health'],
  ['HELLOFRESH 646-8466', 'hellofresh', 'weekly', 69.99, 74.99, 'groceries'],
  ['DROPBOX*8XK2', 'dropbox', 'annual', 119.88, 131.88, 'software'],
  ['ADOBE *CREATIVE CLD', 'adobe creative cld', 'monthly', 54.99, 59.99, 'software'],
  ['XBOX GAME PASS', 'xbox game pass', 'monthly', 16.99, 19.99, 'entertainment'],
  ['Audible US', 'audible us', 'monthly', 14.95, 15.95, 'entertainment'],
  ['PATREON* MEMBERSHIP', 'patreon membership', 'monthly', 5.00, 6.00, 'entertainment'],
  ['OPENAI *CHATGPT SUBSCR', 'openai chatgpt subscr', 'monthly', 20.00, 22.00, 'software'],
  ['YOUTUBEPREMIUM', 'youtubepremium', 'monthly', 13.99, 15.99, 'entertainment'],
  ['DUOLINGO ANNUAL', 'duolingo annual', 'annual', 83.99, 89.99, 'education'],
  ['BARKBOX', 'barkbox', 'monthly', 29.00, 35.00, 'pets'],
  ['LAWN CARE PLUS', 'lawn care plus', 'biweekly', 45.00, 50.00, 'home'],
  ['PEST CONTROL PROS', 'pest control pros', 'quarterly', 129.00, 139.00, 'home'],
  ['SIRIUSXM RADIO', 'siriusxm radio', 'monthly', 10.99, 12.99, 'entertainment'],
  ['MEAL KIT WEEKLY', 'meal kit weekly', 'weekly', 59.99, 64.99, 'groceries'],
];
const PERIOD = { weekly: [7, 0], biweekly: [14, 0], monthly: [0, 1], quarterly: [0, 3], annual: [0, 12] };
const GROCERS = [['KROGER #%04 COLUMBUS OH', 'kroger', 95], ["TRADER JOE'S #%03", 'trader joes', 60], ['WHOLEFDS MKT %05', 'wholefds mkt', 80]];
const RESTAURANTS = ['CHIPOTLE', 'OLIVE GARDEN', 'PANERA BREAD', 'SUSHI ZEN', 'TACO LOCO', 'THE GREEN FORK', 'PHO HOUSE',
  'BURGER BARN', 'NOODLE BAR', 'PIZZA PALACE', 'CURRY LEAF', 'BLUE PLATE DINER', 'EL CAMINO', 'SEOUL KITCHEN',
  'PASTA NOSTRA', 'SMOKEHOUSE BBQ', 'FALAFEL KING', 'BRUNCH CLUB', 'OYSTER BAR', 'DIM SUM PALACE'];

export function generateTransactions(seed, { months = 36, end = '2026-06-30' } = {}) {
  const rnd = mulberry32(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const normal = () => {  // truncated at 2 standard deviations
    for (;;) {
      const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
      if (Math.abs(z) <= 2) return z;
    }
  };
  const money = (x) => Math.round(x * 100) / 100;
  const digits = (pattern) => pattern.replace(/%0(\d)/, (_, n) => String(Math.floor(rnd() * 10 ** +n)).padStart(+n, '0'));
  const endT = Date.parse(`${end}T00:00:00Z`);
  const endDate = new Date(endT);
  const startT = utc(endDate.getUTCFullYear(), endDate.getUTCMonth() - months + 1, 1);
  const tx = [];
  const add = (t, amount, description, category, account = 'checking') => {
    if (t >= startT && t <= endT) tx.push({ date: iso(t), amount: money(amount), description, category, account });
  };
  const truth = { subscriptions: [], optional: [], price_changes: [], anomalies: [], category_months: [], trends: [] };

  // A schedule on a calendar: every `days` days, or every `monthsStep` months on `day`.
  const schedule = (first, [days, monthsStep], day) => {
    const out = [];
    const d0 = new Date(first);
    for (let k = 0; ; k++) {
      const t = days ? first + k * days * DAY
        : utc(d0.getUTCFullYear(), d0.getUTCMonth() + k * monthsStep, 1) +
          (Math.min(day, daysIn(d0.getUTCFullYear(), d0.getUTCMonth() + k * monthsStep)) - 1) * DAY;
      if (t > endT + 400 * DAY) return out;
      out.push(t);
    }
  };

  // A fixed-price series: returns the truth entry. opts: jitterDays, amountJitter, change, skips, cancel.
  const series = (description, merchant, period, amount, newAmount, category, kind, opts) => {
    const day = 1 + Math.floor(rnd() * 28);
    const first = opts.first ?? startT + Math.floor(rnd() * (period === 'annual' ? 90 : 120)) * DAY;
    const nominal = schedule(period === 'weekly' || period === 'biweekly' ? first
      : utc(new Date(first).getUTCFullYear(), new Date(first).getUTCMonth(), 1), PERIOD[period], opts.day ?? day)
      .filter((t) => t >= first);
    const inRange = nominal.filter((t) => t <= endT);
    let stop = inRange.length;  // charges [0, stop)
    if (opts.cancel) stop = Math.max(3, inRange.length - 3 - Math.floor(rnd() * 6));
    const skipped = new Set();
    for (let s = 0; s < (opts.skips ?? 0); s++) skipped.add(2 + Math.floor(rnd() * Math.max(1, stop - 5)));
    const changeAt = opts.change && stop >= 5 ? 2 + Math.floor(rnd() * (stop - 3)) : -1;
    let last = null, firstCharge = null;
    for (let k = 0; k < stop; k++) {
      if (skipped.has(k) && k !== changeAt && k < stop - 2) continue;
      const price = changeAt >= 0 && k >= changeAt ? newAmount : amount;
      const jitter = Math.round((rnd() * 2 - 1) * (opts.jitterDays ?? 0));
      const t = nominal[k] + jitter * DAY;
      add(t, -price * (1 + (opts.amountJitter ? (rnd() * 2 - 1) * 0.01 : 0)), description, category);
      if (k === changeAt) truth.price_changes.push({ merchant, date: iso(t), from: amount, to: newAmount });
      last = t;
      firstCharge ??= t;
    }
    const active = !opts.cancel;
    const next = nominal.find((t) => t > endT);
    const entry = { merchant, period, kind, amount: changeAt >= 0 ? newAmount : amount,
      previous_amount: changeAt >= 0 ? amount : null, active, first_date: iso(firstCharge), last_date: iso(last),
      next_expected_date: active ? iso(next) : null, skipped: skipped.size, jitter_days: opts.jitterDays ?? 0 };
    return entry;
  };

  // Income.
  for (const t of schedule(startT + 4 * DAY, [14, 0], 0)) add(t, 2450 + Math.round(normal() * 20), 'ACME CORP PAYROLL', 'income');

  // Bills: rent rises each July; phone, insurance and a transfer fixed.
  const rentStart = 1650 + Math.round(rnd() * 600);
  let rent = null;
  for (const t of schedule(startT, [0, 1], 1)) {
    const d = new Date(t);
    if (t > endT) break;
    const years = d.getUTCFullYear() - new Date(startT).getUTCFullYear() - (d.getUTCMonth() < 6 ? 1 : 0);
    const due = rentStart + 50 * Math.max(0, years);
    if (rent !== null && due !== rent) truth.price_changes.push({ merchant: 'oakwood property mgmt', date: iso(t), from: rent, to: due });
    add(t, -due, 'OAKWOOD PROPERTY MGMT', 'housing');
    rent = due;
  }
  truth.subscriptions.push({ merchant: 'oakwood property mgmt', period: 'monthly', kind: 'bill', active: true });
  truth.subscriptions.push(series('VERIZON WIRELESS', 'verizon wireless', 'monthly', 85, 90, 'phone', 'bill',
    { first: startT, jitterDays: 1, change: rnd() < 0.5 }));
  truth.subscriptions.push(series('STATE FARM INSURANCE', 'state farm insurance', 'monthly', 132.4, 141.2, 'insurance', 'bill',
    { first: startT, change: true }));
  truth.subscriptions.push(series('TRANSFER TO SAVINGS', 'transfer to savings', 'monthly', 500, 600, 'savings', 'transfer',
    { first: startT, day: 28, change: rnd() < 0.5 }));
  for (const entry of truth.subscriptions) {
    for (const pc of truth.price_changes) if (pc.merchant === entry.merchant) pc.kind = entry.kind;
  }
  // Utilities: monthly on a fixed day, usage-priced.
  const powerDay = 10 + Math.floor(rnd() * 10);
  for (const t of schedule(startT, [0, 1], powerDay)) {
    const m = new Date(t).getUTCMonth();
    add(t, -(70 + 50 * Math.cos((m - 0.5) * Math.PI / 6) ** 2 + normal() * 8), 'CITY POWER & LIGHT', 'utilities');
  }
  for (const t of schedule(startT + 20 * DAY, [0, 3], 20)) add(t, -(60 + normal() * 12), 'METRO WATER DISTRICT', 'utilities');
  truth.optional.push('city power light', 'metro water district');

  // Subscriptions.
  const pool = [...SUBSCRIPTIONS];
  const count = 5 + Math.floor(rnd() * 11);
  for (let i = 0; i < count; i++) {
    const [description, merchant, period, amount, newAmount, category] = pool.splice(Math.floor(rnd() * pool.length), 1)[0];
    const weekly = period === 'weekly' || period === 'biweekly';
    truth.subscriptions.push(series(description, merchant, period, amount, newAmount, category, 'subscription', {
      jitterDays: weekly ? Math.floor(rnd() * 2) : Math.floor(rnd() * 3),
      amountJitter: rnd() < 0.15,
      change: rnd() < 0.4,
      skips: period === 'annual' ? 0 : rnd() < 0.3 ? 1 + Math.floor(rnd() * 2) : 0,
      cancel: period !== 'annual' && rnd() < 0.25,
    }));
  }

  // Everyday spending, day by day.
  const grocers = GROCERS.map(([pattern, merchant, mean]) => ({ stores: [digits(pattern), digits(pattern), digits(pattern)], merchant, mean }));
  const restaurants = RESTAURANTS.map((name) => ({ name, mean: 25 + rnd() * 35 }));
  const startMonth = new Date(startT);
  const spikeMonth = 6 + Math.floor(rnd() * (months - 12));  // the dining month that doubles
  const everyday = [];  // [t, amount, description, category, merchant] for planting anomalies on
  for (let t = startT; t <= endT; t += DAY) {
    const d = new Date(t);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const monthNo = (d.getUTCFullYear() - startMonth.getUTCFullYear()) * 12 + d.getUTCMonth() - startMonth.getUTCMonth();
    const spend = (amount, description, category, merchant) => {
      add(t, -amount, description, category);
      everyday.push([t, amount, description, category, merchant]);
    };
    if (rnd() < (weekend ? 0.45 : 0.2)) {
      const g = pick(grocers);
      spend(g.mean * Math.exp(0.3 * normal()), pick(g.stores), 'groceries', g.merchant);
    }
    if (!weekend && rnd() < 0.6) spend(5.4 * Math.exp(0.12 * normal()), digits(`STARBUCKS STORE #%05 ${pick(['SEATTLE WA', 'TACOMA WA', 'BELLEVUE WA'])}`), 'coffee', 'starbucks');
    if (rnd() < 1 / 7) spend(48 * Math.exp(0.2 * normal()), pick([digits('SHELL OIL %08'), digits('CHEVRON %07')]), 'fuel', null);
    const dining = Math.min(1, (weekend ? 0.5 : 0.18) * (monthNo === spikeMonth ? 3.5 : 1));
    if (rnd() < dining) {
      const r = pick(restaurants);
      spend(r.mean * Math.pow(1.015, Math.min(monthNo, 48)) * Math.exp(0.2 * normal()), r.name, 'dining', r.name.toLowerCase());
    }
    if (rnd() < (d.getUTCMonth() === 11 ? 0.5 : 0.25)) spend(40 * Math.exp(0.5 * normal()), digits('AMZN MKTP US*%06'), 'shopping', 'amzn mktp us');
  }
  const spikeDate = new Date(utc(startMonth.getUTCFullYear(), startMonth.getUTCMonth() + spikeMonth, 1));
  truth.category_months.push({ category: 'dining', month: iso(spikeDate.getTime()).slice(0, 7) });
  truth.trends.push({ category: 'dining', monthly_growth: 0.015 });
  truth.seasonal = [{ category: 'shopping', month_of_year: 12, factor: 2 }];

  // Anomalies on merchants with a history: a big one-off charge, a charge twice.
  const regulars = everyday.filter((e) => e[4] && e[3] !== 'coffee' && e[3] !== 'shopping');
  const used = new Set();
  const n = 4 + Math.floor(rnd() * 5);
  for (let i = 0; i < n; i++) {
    const e = pick(regulars);
    const day = iso(e[0]);
    if (used.has(day)) continue;
    used.add(day);
    const amount = money(e[1] * (6 + rnd() * 9));
    add(e[0], -amount, e[2], e[3]);
    truth.anomalies.push({ kind: 'unusual_amount', date: day, amount, merchant: e[4] });
  }
  const dups = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < dups; i++) {
    const e = pick(regulars.filter((x) => x[1] >= 20 && !used.has(iso(x[0]))));
    used.add(iso(e[0]));
    add(e[0], -e[1], e[2], e[3]);
    truth.anomalies.push({ kind: 'duplicate', date: iso(e[0]), amount: money(e[1]), merchant: e[4] });
  }
  tx.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { transactions: tx, truth, as_of: end };
}

/** Rows to the columnar form of the same transactions. */
export function toColumns(rows) {
  const cols = { date: [], amount: [], description: [], category: [], account: [] };
  for (const r of rows) for (const k of Object.keys(cols)) cols[k].push(r[k] ?? null);
  return cols;
}
