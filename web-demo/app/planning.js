// SPDX-License-Identifier: MIT
// The demo's planning sections — budget, debts, health score, readiness to invest — computed on
// the main thread by the engine's typed methods (each answers in well under a millisecond) from
// the requests in requests.js, which the printed plan (plan.mjs) sends too.
import { drawChart } from './charts.js';
import { label, measure, money, pct, points, stepText } from './format.js';
import * as rq from './requests.js';
import { $, el } from './dom.js';

const signed = (x) => (x > 0 ? `+${money(x)}` : money(x));
const STRATEGY_COLORS = { avalanche: '#1f6f50', snowball: '#174f8a', optimal: '#c08a1a', minimums_only: '#a3431f' };
const STRATEGY_LABELS = { avalanche: ['Avalanche', 'highest rate first'], snowball: ['Snowball', 'smallest balance first'],
  optimal: ['Optimal', 'least interest found'], minimums_only: ['Minimums only', 'no plan, no rollover'] };
const strategyHeader = (s) => el('th', { scope: 'row' }, STRATEGY_LABELS[s][0], el('small', {}, STRATEGY_LABELS[s][1]));

function showRequest(section, request) {
  $(`#${section} .request`).textContent = JSON.stringify(request, null, 1);
}

function fail(target, error, hint = '') {
  target.replaceChildren(el('span', { className: 'error' }, `${error.message}${error.field ? ` (field: ${error.field})` : ''}${hint}`));
}

// ---- Budget ----------------------------------------------------------------------------------

function renderBudget({ engine, profile, save }) {
  const out = $('#budget-result');
  const form = $('#budget-form');
  const settings = { ...rq.BUDGET_DEFAULTS, ...profile.budget };
  form.rule.value = settings.rule;
  form.mode.value = settings.mode;
  form.onchange = () => save({ budget: { ...profile.budget, rule: form.rule.value, mode: form.mode.value } });
  out.replaceChildren();
  delete out.dataset.request;
  if (!(profile.monthly_income > 0) || !Object.keys(profile.expenses_by_category ?? {}).length) {
    out.append(el('p', {}, 'Enter your income and expenses by category to see the budget.'));
    return null;
  }
  const request = rq.budgetRequest(profile);
  showRequest('budget', request);
  out.dataset.request = JSON.stringify(request);
  let plan;
  try {
    plan = engine.budget.optimize(request);
  } catch (e) {
    const category = e.code === 'missing_field' && e.field?.startsWith('buckets.') ? e.field.slice(8) : null;
    fail(out, e, category ? ` — choose needs, wants or savings for "${category}" in Your money.` : '');
    return null;
  }
  const chosen = Object.entries(request.buckets ?? {}).map(([c, b]) => `${c} → ${b}`).join(', ');
  out.append(el('p', { className: 'note' }, `From Your money: income ${money(request.monthly_income)}, ${Object.keys(profile.expenses_by_category).length} categories` +
    (request.floors ? `, and the debts' minimum payments as minimum_debt_payments (${money(request.floors.minimum_debt_payments)}, held by a floor: a minimum cannot be cut)` : '') +
    `. ${chosen ? `Buckets you chose: ${chosen}; the rest` : 'Buckets'} from the engine's default map. Savings is what needs and wants leave of the income.`));
  const bars = el('div', { className: 'bars' });
  for (const name of ['needs', 'wants', 'savings']) {
    const b = plan.buckets[name];
    const bar = (kind, share, amount) => {
      const row = el('div', { className: `bar ${kind}` }, el('span', {}, `${kind === 'now' ? 'now' : 'target'} ${pct(share)} · ${money(amount)}`));
      row.style.setProperty('--w', `${Math.max(0, Math.min(100, share * 100))}%`);
      return row;
    };
    bars.append(el('div', { className: 'bucket' },
      el('h3', {}, name[0].toUpperCase() + name.slice(1)),
      bar('now', b.current_share, b.current),
      bar('target', b.target_share, b.target),
      el('p', { className: 'proposed' }, `proposed ${pct(b.proposed_share)} · ${money(b.proposed)} (${signed(b.change)}), ${label(b.status)}` +
        (b.binding.length ? ` — held by ${b.binding.join(', ')}` : ''))));
    bars.lastChild.dataset.bucket = name;
  }
  out.append(bars);
  const changes = el('ol', { className: 'changes' });
  for (const c of plan.changes) {
    const li = el('li', {}, el('strong', {}, c.category), `: ${money(c.current)} → ${money(c.proposed)} (${signed(c.change)}). ${c.reason}`);
    li.dataset.category = c.category;
    changes.append(li);
  }
  out.append(el('h3', {}, plan.changes.length ? 'Changes, largest first' : 'No category needs to change'), changes,
    el('p', { className: 'summary' }, `${plan.feasible ? 'Every bucket reaches its target' : 'Not every bucket can reach its target'}; ` +
      `unassigned income (saved): ${money(plan.unassigned.current)} now, ${money(plan.unassigned.proposed)} proposed.`));
  return plan;
}

// ---- Debts -----------------------------------------------------------------------------------

function renderDebts({ engine, profile, startDate, save }) {
  const out = $('#debts-result');
  const input = $('#debt-budget');
  out.replaceChildren();
  drawChart($('#debts-chart'), { dates: [] });
  const debts = profile.debts ?? [];
  const fallback = rq.defaultDebtBudget(profile);
  input.value = profile.debt_budget ?? '';
  input.placeholder = fallback.toFixed(2);
  input.onchange = () => {
    const v = input.value.trim() === '' ? undefined : Number(input.value);
    if (v === undefined || v >= 0) save({ debt_budget: v });  // empty: back to the default
  };
  $('#debt-budget-note').textContent = debts.length
    ? `Empty = ${money(fallback)}: the minimum payments (${money(rq.minimumPayments(profile))}) plus ${pct(rq.DEBT_SURPLUS_SHARE)} of what is left ` +
      `after expenses and minimums (${money(Math.max(0, rq.monthlySurplus(profile)))}).`
    : '';
  if (!debts.length) {
    out.append(el('p', {}, 'No debts entered: add them in Your money.'));
    return;
  }
  const plans = {};
  let minimumsOnly = null;
  try {
    for (const strategy of rq.DEBT_STRATEGIES) plans[strategy] = { request: rq.debtPlanRequest(profile, strategy, startDate) };
    showRequest('debts', plans.optimal.request);
    for (const p of Object.values(plans)) p.result = engine.debt.plan(p.request);
    if (plans.optimal.result.comparison.minimums_only.paid_off) {
      minimumsOnly = rq.minimumsOnlyRequests(profile, startDate).map((r) => engine.debt.plan(r));
    }
  } catch (e) {
    fail(out, e);
    return;
  }
  const comparison = plans.optimal.result.comparison;
  const mo = comparison.minimums_only;
  const saved = (interest) => (mo.paid_off ? money(Math.round((mo.total_interest - interest) * 100) / 100) : '—');

  // Strategies: months, debt-free date, interest, saved against paying only the minimums.
  const rows = rq.DEBT_STRATEGIES.map((s) => {
    const r = plans[s].result;
    const tr = el('tr', {}, strategyHeader(s), el('td', { className: 'months' }, String(r.months)),
      el('td', { className: 'payoff' }, r.payoff_date), el('td', { className: 'interest' }, money(r.total_interest)),
      el('td', { className: 'saved' }, saved(r.total_interest)));
    Object.assign(tr.dataset, { strategy: s, request: JSON.stringify(plans[s].request) });
    return tr;
  });
  const moRow = el('tr', {}, strategyHeader('minimums_only'), el('td', { className: 'months' }, mo.paid_off ? String(mo.months) : 'never'),
    el('td', { className: 'payoff' }, mo.payoff_date ?? '—'), el('td', { className: 'interest' }, mo.paid_off ? money(mo.total_interest) : '—'), el('td', {}, '—'));
  moRow.dataset.strategy = 'minimums_only';
  out.append(el('p', {}, `${money(plans.optimal.result.monthly_budget)} a month: ${money(plans.optimal.result.minimum_payments)} in minimums, ` +
    `${money(plans.optimal.result.extra_payment)} extra to the strategy's first debt, and each paid-off debt's minimum rolls over to the next.`),
  el('div', { className: 'table-wrap' }, el('table', {},
    el('caption', {}, 'Each strategy on the same budget'),
    el('thead', {}, el('tr', {}, ...['Strategy', 'Months', 'Debt-free', 'Interest', 'Saved vs minimums'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows, moRow))));

  // Per debt: when each strategy pays it off.
  const moDates = Object.fromEntries((minimumsOnly ?? []).map((p) => [p.debts[0].name, p.debts[0].payoff_date]));
  const debtRows = plans.optimal.result.debts.map((d) => {
    const tr = el('tr', {}, el('th', { scope: 'row' }, d.name, el('small', {}, ` ${money(d.balance)} at ${pct(d.apr)}, ${money(d.minimum_payment)} a month`)),
      ...rq.DEBT_STRATEGIES.map((s) => el('td', {}, plans[s].result.debts.find((x) => x.name === d.name).payoff_date)),
      el('td', {}, moDates[d.name] ?? (d.balance > 0 ? 'never' : '—')));
    tr.dataset.debt = d.name;
    return tr;
  });
  out.append(el('div', { className: 'table-wrap' }, el('table', { className: 'per-debt' },
    el('caption', {}, 'Paid off on'),
    el('thead', {}, el('tr', {}, ...['Debt', 'Avalanche', 'Snowball', 'Optimal', 'Minimums only'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...debtRows))));
  const search = plans.optimal.result.search;
  out.append(el('p', { className: 'note' }, `Optimal pays extra in the order ${plans.optimal.result.order.join(' → ')} ` +
    `(${search.method === 'exhaustive' ? 'every order tried' : `a local search${search.complete ? '' : ', stopped at its work limit'}`}, ${search.evaluations} plans); ` +
    `minimums only: each debt its own minimum, no rollover.`));

  // Balance over time: the sum of every debt's balance at each month's end, one line per strategy.
  const totals = (schedule) => schedule.map((row) => row.balance.reduce((a, b) => a + b, 0));
  const series = Object.fromEntries(rq.DEBT_STRATEGIES.map((s) => [s, totals(plans[s].result.schedule)]));
  const longest = [...Object.values(plans).map((p) => p.result), ...(minimumsOnly ?? [])]
    .reduce((a, p) => (p.schedule.length > a.schedule.length ? p : a));
  if (minimumsOnly) {
    series.minimums_only = longest.schedule.map((_, k) => minimumsOnly.reduce((sum, p) => sum + (p.schedule[k]?.balance[0] ?? 0), 0));
  }
  const start = debts.reduce((a, d) => a + d.balance, 0);
  const dates = [startDate, ...longest.schedule.map((r) => r.date)];
  const pad = (xs) => [start, ...xs, ...Array(dates.length - 1 - xs.length).fill(0)];
  drawChart($('#debts-chart'), { dates, lines: Object.entries(series).map(([s, xs]) =>
    ({ label: label(s), values: pad(xs), color: STRATEGY_COLORS[s], dash: s === 'optimal' ? [6, 4] : undefined })) });
}

// ---- Health score ----------------------------------------------------------------------------

function renderHealth({ engine, profile, goals }) {
  const out = $('#health-result');
  out.replaceChildren();
  delete out.dataset.request;
  const request = rq.healthScoreRequest(profile, goals);
  showRequest('health', request);
  if (!Object.keys(request).length) {
    out.append(el('p', {}, 'Enter your figures in Your money to see the score.'));
    return;
  }
  out.dataset.request = JSON.stringify(request);
  let h;
  try {
    h = engine.health.score(request);
  } catch (e) {
    fail(out, e);
    return;
  }
  const cash = rq.cashGoals(goals);
  const sources = [];
  if (request.monthly_spending != null) sources.push(`spending = expenses ${money(profile.monthly_expenses ?? 0)} + minimum payments ${money(rq.minimumPayments(profile))}`);
  if (request.liquid_savings != null) {
    sources.push(`liquid savings = balance today ${money(profile.balance ?? 0)}${cash.map((g) => ` + ${g.name} ${money(g.current_amount)}`).join('')}` +
      ' (goals at a certain return are cash)');
  }
  if (request.debt_balance != null) sources.push(`debt = the debts you entered (${money(request.debt_balance)}, ${money(request.monthly_debt_payments)} a month)`);
  const score = el('p', { className: 'score' }, el('strong', { className: 'score-value' }, String(h.score)), '/100 — ',
    el('span', { className: 'tier' }, h.tier), ` (${h.components.length} of ${h.components.length + h.missing.length} components)`);
  // One entry per component (a list rather than a table: the suggestions are sentences, and it reads on a phone).
  const components = el('ul', { className: 'components' }, ...h.components.map((c) => {
    const li = el('li', {}, el('strong', {}, label(c.component)), ` (${c.group}): `, el('span', { className: 'points' }, points(c.points)), ' points',
      el('br'), `Input: ${Object.entries(c.measures).map(([k, v]) => `${label(k)} ${measure(k, v)}`).join('; ')}`,
      el('br'), c.improvement ? `Suggested: ${c.improvement.text} (+${points(c.improvement.score_gain)} to the score)` : 'Full points.');
    li.dataset.component = c.component;
    return li;
  }));
  const missing = el('ul', { className: 'missing' }, ...h.missing.map((m) => {
    const li = el('li', {}, `${label(m.component)} — needs ${m.needs.join(', ')}`);
    li.dataset.component = m.component;
    return li;
  }));
  out.append(score,
    el('p', {}, `Groups: ${['spend', 'save', 'borrow', 'plan'].map((g) => `${g} ${h.groups[g] == null ? '—' : points(h.groups[g])}`).join(', ')}. ` +
      (h.best_improvement ? `Most gained by: ${h.best_improvement.text}.` : '')),
    components,
    ...(h.missing.length ? [el('p', {}, el('strong', {}, 'Not scored'), ': the form does not ask for these, so the score leaves them out:'), missing] : []),
    el('p', { className: 'note' }, `From your figures: ${sources.join('; ')}. The score is the mean of the components present; ${h.tiers}.`));
}

// ---- Readiness -------------------------------------------------------------------------------

const STEP_LABELS = { starter_emergency_fund: 'Starter emergency fund (one month of essentials)', employer_match: 'Employer match',
  high_interest_debt: 'High-interest debt (8 % APR or more)', emergency_fund: 'Emergency fund', invest: 'Invest' };

function renderReadiness({ engine, profile, goals, startDate, budget, save }) {
  const out = $('#readiness-result');
  const form = $('#readiness-form');
  const answers = profile.readiness ?? {};
  form.horizon_years.value = answers.horizon_years ?? '';
  form.income_stability.value = answers.income_stability ?? 'variable';
  form.dependents.checked = Boolean(answers.dependents);
  form.loss_reaction.value = answers.loss_reaction ?? 'sell';
  form.onchange = () => {
    const horizon = form.horizon_years.value.trim() === '' ? undefined : Number(form.horizon_years.value);
    save({ readiness: { horizon_years: horizon, income_stability: form.income_stability.value, dependents: form.dependents.checked,
      loss_reaction: form.loss_reaction.value } });
  };
  out.replaceChildren();
  delete out.dataset.request;
  if (!budget) {
    out.append(el('p', {}, 'Needs the budget above (its needs are the essentials).'));
    return;
  }
  if (answers.horizon_years == null) {
    out.append(el('p', {}, 'Enter the years until you would need invested money.'));
    return;
  }
  const request = rq.readinessRequest(profile, goals, budget, startDate);
  showRequest('readiness', request);
  out.dataset.request = JSON.stringify(request);
  let r;
  try {
    r = engine.investment.readiness(request);
  } catch (e) {
    fail(out, e);
    return;
  }
  const status = { ready: 'Ready to invest', almost: 'Almost ready', not_yet: 'Not yet' }[r.status];
  out.append(el('p', { className: 'score' }, el('strong', { className: 'status' }, status),
    r.ready_date ? ` — ready ${r.ready_date}, in ${r.months_to_ready} months` : '', r.reasons.length ? ` (${r.reasons.map(label).join(', ')})` : ''),
  el('p', {}, `Risk profile ${r.risk_profile}; emergency fund target ${money(r.emergency_fund_target)} (${r.emergency_months} months of essentials).`));
  const steps = el('ol', { className: 'steps' }, ...r.steps.map((s) => {
    const li = el('li', {}, el('strong', {}, STEP_LABELS[s.step]), `: ${stepText(s, request)}`);
    li.dataset.step = s.step;
    return li;
  }));
  out.append(steps, el('p', { className: 'note' }, `From your figures: essentials ${money(request.monthly_essential_expenses)} (the budget's needs, ` +
    `minimum payments apart), saving ${money(request.monthly_saving)} a month (what is left after expenses and minimums), ` +
    `emergency fund ${money(request.emergency_fund)} (${rq.cashGoals(goals).map((g) => `${g.name} ${money(g.current_amount)}`).join(' + ') || 'no goal'}: ` +
    'goals at a certain return are cash); cash earns nothing here (savings_rate 0); no employer match is asked for.'));
}

/** Draws the four sections; each shows its own error and never stops the others. */
export function renderPlanning(context) {
  let budget = null;
  try {
    budget = renderBudget(context);
  } catch (e) {
    fail($('#budget-result'), e);
  }
  for (const [section, draw] of [['debts', renderDebts], ['health', renderHealth], ['readiness', renderReadiness]]) {
    try {
      draw({ ...context, budget });
    } catch (e) {
      fail($(`#${section}-result`), e);
    }
  }
}
