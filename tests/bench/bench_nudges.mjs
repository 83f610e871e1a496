// SPDX-License-Identifier: MIT
// insights.nudges on a typical state, side by side in one run:
//   - wasm: engine.call with the request's JSON text, in Node;
//   - native in-process: build/native/tests/bench_native over the same requests (a temp corpus);
//   - peer (rules case only): json-rules-engine 7 (npm, tests/package.json) evaluating the same
//     rules — the five built-ins' conditions that have input here and the caller's rules — over
//     facts computed in plain JavaScript from the same JSON text (median, MAD, robust z per
//     category; price rises; the month's projection), with the same cooldown and order. Its nudge
//     ids are checked against the engine's.
// Cases: "rules" = 20 categories x 24 months, 12 subscriptions, this month, 6 caller rules, 10
// history entries; "full state" = the same plus 3 goals (24 months of contributions) and a cash
// flow (5 categories of spending, 2 000 simulated paths, 3 months), which the peer has no
// counterpart for (it would need the goal planner and the cash-flow simulation).
// Run: node tests/bench/bench_nudges.mjs [pkgDir] [seconds per case]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import rulesEngine from 'json-rules-engine';
import { mulberry32, nativeCli, pkgDir as defaultPkg } from '../js/helpers.mjs';
import { median } from './timing.mjs';

const [pkgArg, secondsArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const budgetMs = Number(secondsArg ?? 2) * 1000;
const { createEngine } = await import(new URL('src/node.js', `file://${path.resolve(pkgArg ?? defaultPkg)}/`).href);
const engine = await createEngine({ config: { log_level: 'off' } });

const cents = (x) => Math.round(x * 100) / 100;

function makeRulesRequest(seed = 17) {
  const rnd = mulberry32(seed);
  const categories = {};
  for (let c = 0; c < 20; c++) {
    const level = 40 + 800 * rnd();
    const y = Array.from({ length: 24 }, () => (rnd() < 0.03 ? null : cents(level * (0.85 + 0.3 * rnd()))));
    if (c % 4 === 0) y[23] = cents(level * 1.8);  // a spike in every fourth category
    categories[`category_${String(c).padStart(2, '0')}`] = y;
  }
  const subscriptions = Array.from({ length: 12 }, (_, k) => {
    const amount = cents(5 + 30 * rnd());
    return { id: `subscription:service_${k}`, merchant: `Service ${k}`, period: k % 6 === 5 ? 'annual' : 'monthly', amount,
      previous_amount: k % 3 === 0 ? cents(amount * 0.9) : amount, monthly_cost: k % 6 === 5 ? cents(amount / 12) : amount,
      next_expected_date: `2026-12-${String(3 + k).padStart(2, '0')}` };
  });
  const rules = [
    { id: 'cap_00', metric: 'category_spend', category: 'category_00', op: '>', value: 300, priority: 2 },
    { id: 'cap_05', metric: 'category_spend', category: 'category_05', op: '>', value: 200, priority: 2 },
    { id: 'cap_10', metric: 'category_spend', category: 'category_10', op: '>', value: 100, priority: 2 },
    { id: 'total_cap', metric: 'total_spend', op: '>', value: 6000, priority: 1 },
    { id: 'overspend', metric: 'spent_share', op: '>=', value: 0.9, priority: 1 },
    { id: 'subs_total', metric: 'subscriptions_monthly', op: '>', value: 100, priority: 4, cooldown_days: 30 },
  ];
  const history = Array.from({ length: 10 }, (_, k) => ({ id: k < 5 ? `spending_spike:category_${String(4 * k).padStart(2, '0')}` : `cap_${k}:x`,
    shown: k % 2 ? '2026-11-25' : '2026-10-01' }));
  return { as_of: '2026-12-02', last_month: '2026-11', categories, subscriptions,
    month: { income: 5200, spent: 460 }, rules, history };
}

function makeFullRequest() {
  const r = makeRulesRequest();
  const rnd = mulberry32(5);
  r.goals = ['car', 'house', 'holiday'].map((name, g) => ({ name, target_amount: 6000 * (g + 1), current_amount: 1000 * (g + 1),
    target_date: `2028-0${g + 3}-01`, contributions: Array.from({ length: 24 }, () => cents(150 + 200 * rnd())) }));
  const spending = {};
  for (const name of Object.keys(r.categories).slice(0, 5)) spending[name] = r.categories[name].map((v) => v ?? 100);
  r.cashflow = { starting_balance: 2500, months: 3, threshold: 200,
    incomes: [{ name: 'pay', amount: 2600, cadence: 'biweekly', start_date: '2026-12-11' }],
    bills: [{ name: 'rent', amount: 1650, day: 1 }, { name: 'power', amount: 120, day: 15 }], spending };
  return r;
}

// ---- the peer: facts in plain JavaScript, conditions in json-rules-engine ----------------------
function med(values) {
  const s = [...values].sort((a, b) => a - b), n = s.length;
  return n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function categoryFacts(name, y) {
  const last = y[y.length - 1];
  if (last === null) return null;
  const previous = [];
  for (let i = y.length - 2; i >= 0 && previous.length < 12; i--) if (y[i] !== null) previous.push(y[i]);
  const facts = { family: 'category', subject: name, last };
  if (previous.length >= 3) {
    const m = med(previous), mad = med(previous.map((v) => Math.abs(v - m)));
    facts.robust_z = (last - m) / Math.max(1.4826 * mad, 0.05 * Math.abs(m), 1);
  }
  return facts;
}

const built = (id, family, fact, operator, value, priority, cooldown) =>
  ({ id, family, priority, cooldown, conditions: { all: [{ fact: 'family', operator: 'equal', value: family },
    { fact, operator, value }] } });

function peerRules(request) {
  const ops = { '>': 'greaterThan', '>=': 'greaterThanInclusive', '<': 'lessThan', '<=': 'lessThanInclusive' };
  const families = { category_spend: ['category', 'last'], total_spend: ['spending', 'total'],
    spent_share: ['month', 'spent_share'], subscriptions_monthly: ['subscriptions', 'monthly_cost'] };
  const rules = [built('spending_spike', 'category', 'robust_z', 'greaterThan', 3, 2, 14),
    built('subscription_price_up', 'subscription', 'increase_fraction', 'greaterThan', 0, 3, 30),
    built('money_left_over', 'month', 'left_over', 'greaterThan', 50, 4, 14)];
  for (const r of request.rules) {
    const [family, fact] = families[r.metric];
    const rule = built(r.id, family, fact, ops[r.op], r.value, r.priority ?? 3, r.cooldown_days ?? 7);
    if (r.category) rule.conditions.all.push({ fact: 'subject', operator: 'equal', value: r.category });
    rules.push(rule);
  }
  const e = new rulesEngine.Engine([], { allowUndefinedFacts: true });
  for (const r of rules) e.addRule({ conditions: r.conditions, event: { type: r.id, params: { priority: r.priority, cooldown: r.cooldown } } });
  return e;
}

// The facts per subject, in plain JavaScript from the JSON text (timed alone too: how much of the
// peer's time is the rule engine).
function peerFacts(body) {
  const req = JSON.parse(body);
  const subjects = [];
  let total = 0;
  for (const [name, y] of Object.entries(req.categories)) {
    const f = categoryFacts(name, y);
    if (f) { subjects.push(f); total += f.last; }
  }
  subjects.push({ family: 'spending', subject: 'spending', total });
  let monthly = 0;
  for (const s of req.subscriptions) {
    monthly += s.monthly_cost;
    if (s.previous_amount > 0) subjects.push({ family: 'subscription', subject: s.id.replace(/^subscription:/, ''),
      increase_fraction: (s.amount - s.previous_amount) / s.previous_amount });
  }
  subjects.push({ family: 'subscriptions', subject: 'subscriptions', monthly_cost: monthly });
  const [y, m, d] = req.as_of.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate(), projected = req.month.spent / d * days;
  subjects.push({ family: 'month', subject: 'month', left_over: req.month.income - projected, spent_share: projected / req.month.income });
  return { req, subjects };
}

async function peerNudges(body, rules) {
  const { req, subjects } = peerFacts(body);
  const shown = new Map();
  for (const h of req.history) if (!shown.has(h.id) || shown.get(h.id) < h.shown) shown.set(h.id, h.shown);
  const today = Date.parse(req.as_of), nudges = [];
  for (const facts of subjects) {
    const { events } = await rules.run(facts);
    for (const ev of events) {
      const id = `${ev.type}:${facts.subject}`, last = shown.get(id);
      if (last && today < Date.parse(last) + ev.params.cooldown * 864e5) continue;
      nudges.push({ id, priority: ev.params.priority });
    }
  }
  return nudges.sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// ---- timing ------------------------------------------------------------------------------------
async function timeLoop(fn) {
  const ms = [];
  let out;
  const start = performance.now();
  while (ms.length < 5 || (performance.now() - start < budgetMs && ms.length < 20000)) {
    const s = performance.now();
    out = await fn();
    ms.push(performance.now() - s);
  }
  return { median_ms: +median(ms).toFixed(4), calls: ms.length, out };
}

const cases = [{ name: 'insights.nudges rules: 20 categories x 24, 12 subscriptions, 6 caller rules', request: makeRulesRequest(), peer: true },
  { name: 'insights.nudges full state: + 3 goals, cash flow 2000 paths x 3 months', request: makeFullRequest(), peer: false }];
const dir = mkdtempSync(path.join(tmpdir(), 'bench-nudges-'));
const corpus = path.join(dir, 'corpus.json');
writeFileSync(corpus, JSON.stringify(cases.map((c) => ({ name: c.name, method: 'insights.nudges', request: c.request }))));
const benchNative = path.join(path.dirname(nativeCli), 'tests/bench_native');
const native = new Map();
if (existsSync(benchNative)) {
  const r = spawnSync(benchNative, [corpus, String(budgetMs / 1000)], { encoding: 'utf8' });
  for (const line of r.stdout.trim().split('\n')) {
    const j = JSON.parse(line);
    native.set(j.name, j);
  }
}

for (const c of cases) {
  const body = JSON.stringify(c.request);
  const wasm = await timeLoop(() => engine.call('insights.nudges', body));
  const row = { name: c.name, request_bytes: body.length, nudges: wasm.out.nudges.length, suppressed: wasm.out.suppressed.length,
    wasm_ms: wasm.median_ms };
  const n = native.get(c.name);
  if (n) Object.assign(row, { native_ms: n.median_ms, wasm_vs_native: +(wasm.median_ms / n.median_ms).toFixed(2) });
  if (c.peer) {
    const rules = peerRules(c.request);
    const peer = await timeLoop(() => peerNudges(body, rules));
    const same = JSON.stringify(peer.out.map((x) => x.id)) === JSON.stringify(wasm.out.nudges.map((x) => x.id));
    if (!same) throw new Error(`peer and engine disagree: ${JSON.stringify(peer.out)} vs ${JSON.stringify(wasm.out.nudges.map((x) => x.id))}`);
    const facts = await timeLoop(() => peerFacts(body));
    Object.assign(row, { peer_ms: peer.median_ms, peer_vs_wasm: +(peer.median_ms / wasm.median_ms).toFixed(2), peer_same_ids: same,
      peer_facts_alone_ms: facts.median_ms });
  }
  console.log(JSON.stringify(row));
}
