// SPDX-License-Identifier: MIT
// Prints a worked plan for a household file (default: the built-in sample) using the npm package.
// Usage: node web-demo/plan.mjs [household.json] [--package <dir>]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  DEBT_STRATEGIES, DEBT_SURPLUS_SHARE, SIMULATION_PATHS, adjustRequest, budgetRequest, cashflowRequest, debtPlanRequest,
  expenseForecastRequest, healthScoreRequest, minimumPayments, minimumsOnlyRequests, monthlySurplus, readinessRequest, reversePlanRequest,
  savingsTrainRequest, simulateRequest, trendsRequest, habitsRequest, nudgesRequest, recommendationsRequest, benchmarksRequest,
} from './app/requests.js';
import { label, measure, money, pct, points, stepText } from './app/format.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const pkgIndex = args.indexOf('--package');
const pkgDir = pkgIndex >= 0 ? path.resolve(args.splice(pkgIndex, 2)[1]) : path.join(here, '../build/wasm/npm');
const file = args[0] ?? path.join(here, 'sample-household.json');
const household = JSON.parse(readFileSync(file, 'utf8'));
const { createEngine } = await import(new URL('src/node.js', `file://${pkgDir}/`).href);
const engine = await createEngine({ config: { today: household.as_of } });


console.log(`nestegg ${engine.info().version} — ${household.name}, as of ${household.as_of}`);
console.log(`Income ${money(household.monthly_income)} / month, expenses ${money(household.monthly_expenses)}, ` +
  `surplus ${money(household.monthly_income - household.monthly_expenses)}\n`);

for (const goal of household.goals) {
  console.log(`■ ${goal.name}: ${money(goal.current_amount)} of ${money(goal.target_amount)} by ${goal.target_date}`);

  const plan = engine.goals.reverse_plan(reversePlanRequest(goal, household, household.as_of));
  console.log(`  Save ${money(plan.required_monthly_savings)} a month for ${plan.months_available} months ` +
    `(${money(plan.total_contributions)} saved + ${money(plan.interest_earned)} growth at ${pct(goal.annual_return_rate)} a year)`);
  console.log(`  Feasibility ${plan.feasibility.score}/100, ${plan.feasibility.label}: ${plan.feasibility.reasons.join('; ')}`);
  console.log(`  Milestones: ${plan.milestones.map((m) => `${m.percent}% ${m.date}`).join(', ')}`);
  for (const alt of plan.alternatives) {
    const extra = alt.kind === 'lump_sum_now' ? `, plus ${money(alt.lump_sum)} now` : '';
    console.log(`    · ${alt.kind}: ${money(alt.monthly_savings)}/month → ${money(alt.target_amount)} by ${alt.target_date}` +
      ` at ${pct(alt.annual_return_rate)}${extra}`);
  }

  if (goal.contributions) {
    const check = engine.goals.adjust(adjustRequest(goal, household.as_of));
    console.log(`  Progress: ${check.status.replace('_', ' ')} — pace ${money(check.current_pace)}/month, ` +
      `gap at the date ${money(check.gap_at_target_date)}. ${check.recommendation}`);
  }
  if (goal.annual_volatility) {
    const sim = engine.goals.simulate(simulateRequest(goal, plan.required_monthly_savings, household.as_of, { bands: false }));
    console.log(`  Uncertain returns (${pct(goal.annual_volatility)} volatility, ${SIMULATION_PATHS.toLocaleString('en-US')} paths): ` +
      `${pct(sim.probability_of_success)} chance of reaching it on time; final balance p10 ${money(sim.final_balance.percentiles[10])}, ` +
      `median ${money(sim.final_balance.percentiles[50])}, p90 ${money(sim.final_balance.percentiles[90])}`);
  }
  console.log('');
}

if (household.history) {
  // Savings prediction on the household's own months: honest (out-of-sample) error, then the next quarter.
  const trained = engine.savings.train(savingsTrainRequest(household));
  const cv = trained.metrics.cross_validated;
  console.log(`■ Savings, learned from ${household.history.length} months (${trained.model.features.join(', ')}): ` +
    `typical error ${money(cv?.mae ?? trained.metrics.in_sample.mae)} a month ${cv ? '(rolling-origin cross-validation)' : '(in sample)'}`);
  for (const p of engine.savings.predict({ user_id: 'household', horizon: 3 }).predictions) {
    const why = p.drivers.slice(0, 2).map((d) => `${d.feature} ${d.contribution >= 0 ? '+' : ''}${money(d.contribution)}`).join(', ');
    console.log(`  ${p.month}: ${money(p.prediction)} (80%: ${money(p.lower[80])} to ${money(p.upper[80])}; ${why})`);
  }
}

if (household.spending_history) {
  // Expense forecasts per category from the household's own months: the engine picks ETS or ARIMA.
  const months = Object.values(household.spending_history)[0].length;
  const fc = engine.forecast.expenses(expenseForecastRequest(household, 3));
  console.log(`\n■ Spending next quarter, forecast from ${months} months per category (80% range):`);
  for (const [name, c] of Object.entries(fc.categories)) {
    const next = c.forecast.map((f, i) => `${money(f)} (${money(c.lower['80'][i])}–${money(c.upper['80'][i])})`).join(', ');
    console.log(`  ${name.padEnd(15)} ${next}  [${c.model.name}]`);
  }
  console.log(`  ${'total'.padEnd(15)} ${fc.total.forecast.map(money).join(', ')}`);
}

if (household.cashflow) {
  // Daily balance: bills and pay on their dates, spending simulated from each category's model.
  const cf = engine.forecast.cashflow(cashflowRequest(household));
  const low = cf.daily.expected.reduce((best, v, i) => (v < best.v ? { v, i } : best), { v: Infinity, i: 0 });
  console.log(`\n■ Cash flow from ${cf.start_date} (${money(cf.starting_balance)}) to ${cf.end_date}, threshold ${money(cf.threshold)}:`);
  console.log(`  Lowest expected balance ${money(low.v)} on ${cf.daily.dates[low.i]} ` +
    `(95% range ${money(cf.daily.lower['95'][low.i])}–${money(cf.daily.upper['95'][low.i])})`);
  console.log(`  Chance of going below ${money(cf.threshold)}: ${pct(cf.probability_below)}` +
    (cf.first_below_date ? `; the expected balance does on ${cf.first_below_date}` : '; the expected balance never does'));
  for (const m of cf.monthly) {
    console.log(`  ${m.month}: in ${money(m.income)}, bills ${money(m.bills)}, spending ${money(m.spending)} → ` +
      `${money(m.end_balance)} (80%: ${money(m.lower['80'])}–${money(m.upper['80'])})`);
  }
}

// The planning sections, as the page shows them (web-demo/app/planning.js), from the same requests.
const asOf = household.as_of;
let budget = null;
if (household.monthly_income > 0 && household.expenses_by_category) {
  const request = budgetRequest(household);
  budget = engine.budget.optimize(request);
  console.log(`\n■ Budget, ${budget.rule} (${budget.mode === 'at_most' ? 'only cutting what is over its target' : 'moving needs and wants to their targets'}):`);
  for (const name of ['needs', 'wants', 'savings']) {
    const b = budget.buckets[name];
    console.log(`  ${name.padEnd(8)} now ${pct(b.current_share)} (${money(b.current)}), target ${pct(b.target_share)} (${money(b.target)}), ` +
      `proposed ${pct(b.proposed_share)} (${money(b.proposed)}), ${b.status.replaceAll('_', ' ')}`);
  }
  for (const c of budget.changes) console.log(`  · ${c.category}: ${money(c.current)} → ${money(c.proposed)}. ${c.reason}`);
  if (request.floors) console.log(`  (the debts' minimum payments, ${money(request.floors.minimum_debt_payments)}, are a need held by a floor)`);
}

if (household.debts?.length) {
  const plans = Object.fromEntries(DEBT_STRATEGIES.map((s) => [s, engine.debt.plan(debtPlanRequest(household, s, asOf))]));
  const { optimal } = plans;
  const mo = optimal.comparison.minimums_only;
  const budgetNote = household.debt_budget == null
    ? ` (the minimums ${money(minimumPayments(household))} + ${pct(DEBT_SURPLUS_SHARE)} of the ${money(Math.max(0, monthlySurplus(household)))} left after expenses and minimums)`
    : '';
  console.log(`\n■ Debts: ${money(optimal.debts.reduce((a, d) => a + d.balance, 0))} owed, paid from ${money(optimal.monthly_budget)} a month${budgetNote}:`);
  for (const s of DEBT_STRATEGIES) {
    const p = plans[s];
    const saved = mo.paid_off ? `, ${money(Math.round((mo.total_interest - p.total_interest) * 100) / 100)} less than minimums only` : '';
    console.log(`  ${s.padEnd(14)} ${p.months} months, debt-free ${p.payoff_date}, interest ${money(p.total_interest)}${saved}; order ${p.order.join(' → ')}`);
  }
  console.log(`  ${'minimums only'.padEnd(14)} ${mo.paid_off ? `${mo.months} months, debt-free ${mo.payoff_date}, interest ${money(mo.total_interest)}` : 'never paid off'}`);
  const moDates = mo.paid_off ? Object.fromEntries(minimumsOnlyRequests(household, asOf).map((r) => [r.debts[0].name, engine.debt.plan(r).payoff_date])) : {};
  for (const d of optimal.debts) {
    console.log(`  · ${d.name} (${money(d.balance)} at ${pct(d.apr)}): paid off ` +
      `${DEBT_STRATEGIES.map((s) => `${s} ${plans[s].debts.find((x) => x.name === d.name).payoff_date}`).join(', ')}, minimums only ${moDates[d.name] ?? 'never'}`);
  }
}

{
  const request = healthScoreRequest(household, household.goals);
  if (Object.keys(request).length) {
    const h = engine.health.score(request);
    console.log(`\n■ Financial health score ${h.score}/100, ${h.tier} (${h.components.length} of ${h.components.length + h.missing.length} components):`);
    for (const c of h.components) {
      const inputs = Object.entries(c.measures).map(([k, v]) => `${label(k)} ${measure(k, v)}`).join('; ');
      console.log(`  ${label(c.component).padEnd(19)} ${inputs} → ${points(c.points)} points` +
        (c.improvement ? `; ${c.improvement.text} (+${points(c.improvement.score_gain)})` : ''));
    }
    if (h.missing.length) console.log(`  Not scored (not asked for): ${h.missing.map((m) => `${label(m.component)} (${m.needs.join(', ')})`).join(', ')}`);
  }
}

if (budget && household.readiness?.horizon_years != null) {
  const request = readinessRequest(household, household.goals, budget, asOf);
  const r = engine.investment.readiness(request);
  console.log(`\n■ Ready to invest: ${r.status.replace('_', ' ')}${r.ready_date ? `, ready ${r.ready_date} in ${r.months_to_ready} months` : ''}` +
    ` (${r.reasons.map(label).join(', ') || 'no steps left'}); risk profile ${r.risk_profile}. Essentials ${money(request.monthly_essential_expenses)}, ` +
    `saving ${money(request.monthly_saving)} a month, emergency fund ${money(request.emergency_fund)}:`);
  r.steps.forEach((s, i) => console.log(`  ${i + 1}. ${label(s.step)}: ${stepText(s, request)}`));
}

// This week, as the demo's weekly view shows it: trends, the statement's subscriptions, nudges,
// the top recommendations (no history here: a printed plan keeps none) and the peers.
{
  console.log('\n■ This week');
  const spendingStart = household.spending_start ?? household.history?.[0]?.month;
  const withStart = { ...household, spending_start: spendingStart };
  const statementFile = path.join(path.dirname(file), 'sample-transactions.json');
  const transactions = file.endsWith('sample-household.json') ? JSON.parse(readFileSync(statementFile, 'utf8')).transactions : null;
  const trendRequest = trendsRequest(withStart);
  if (trendRequest.last_month) {
    const t = engine.insights.trends(trendRequest);
    for (const [name, c] of Object.entries(t.categories)) {
      const s = c.slope;
      console.log(`  ${name.padEnd(15)} ${money(c.last)} in ${trendRequest.last_month}` +
        (s ? `, ${s.direction} ${money(s.per_month)}/month (${s.decided_at}%: ${money(s.lower[s.decided_at])} to ${money(s.upper[s.decided_at])})` : ''));
    }
  }
  const habits = transactions ? engine.insights.habits(habitsRequest(transactions, asOf)) : null;
  if (habits) {
    console.log(`  ${habits.subscriptions.length} subscriptions and bills, ${money(habits.subscriptions_monthly_cost)} a month; dearer: ` +
      (habits.subscriptions.filter((x) => x.previous_amount != null && x.previous_amount < x.amount).map((x) => `${x.merchant} ${money(x.previous_amount)} → ${money(x.amount)}`).join(', ') || 'none'));
    for (const a of habits.anomalies.slice(0, 3)) console.log(`  unusual: ${a.reason}`);
  }
  const nudges = engine.insights.nudges(nudgesRequest(withStart, household.goals ?? [], habits, transactions, asOf));
  for (const n of nudges.nudges) console.log(`  nudge (${n.priority}): ${n.message}`);
  const recs = engine.recommendations.generate(recommendationsRequest(household, habits, [], asOf, household.goals ?? []));
  recs.recommendations.slice(0, 3).forEach((r, i) => console.log(`  ${i + 1}. ${r.title}: ${money(r.impact.monthly)} a month (${money(r.impact.annual)} a year)`));
  if (household.age) {
    const b = engine.benchmarks.compare(benchmarksRequest(household));
    const spend = b.peers[0].comparisons.find((c) => c.metric === 'expenditures');
    if (spend?.percentile) console.log(`  Spending against ${b.peers[0].label} households: ${money(spend.user)} a year vs ${money(spend.peer)}, about the ${spend.percentile.point}th percentile (${b.source.citation})`);
  }
}
