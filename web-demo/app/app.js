// SPDX-License-Identifier: MIT
// The demo app: a household's figures and goals kept in IndexedDB (through the package's store),
// plans computed on the main thread, long work (Monte Carlo, forecasts, training) in a Web Worker.
import { createEngine, createWorkerEngine, indexedDBStorage, openStore } from './pkg/src/browser.js';
import { drawChart } from './charts.js';
import { buildExport, describeRestore, planRestore } from './backup.js';
import { importCsvFile } from './csv_import.js';
import { money, pct } from './format.js';
import { renderPlanning } from './planning.js';
import { renderWeekly } from './weekly.js';
import * as rq from './requests.js';
import { $ } from './dom.js';

const today = new Date().toISOString().slice(0, 10);
// Plans start today, except for a household with its own "as of" date (the sample), which is
// shown as of then, as the printed plan shows it.
const planDate = (profile) => profile.as_of ?? today;
const params = new URLSearchParams(location.search);
const DB_NAME = params.get('db') ?? 'nestegg-demo';
const COLORS = { line: '#1f6f50', median: '#174f8a', band80: 'rgba(31,111,80,0.25)', band95: 'rgba(31,111,80,0.12)', target: '#a3431f' };

let offlineReady = false;
let deviceAdapter = null;  // the IndexedDB adapter, closed before "Clear everything" deletes the database
let busy = 0;
let generation = 0;

function showStatus(status) {
  const el = $('#status');
  const where = status.persistent ? `saved on this device (${status.adapter}, schema ${status.schema ?? '…'})` : 'kept in memory for this visit only';
  let text = status.degraded && status.lastError
    ? `Storage problem — ${status.lastError.name}: ${status.lastError.message}. Your changes are ${status.pendingWrites ? 'kept in memory' : where}; export your data to keep a copy.`
    : `Your data is ${where}.`;
  if (status.migratedFrom) text += ` Upgraded from schema ${status.migratedFrom}.`;
  if (offlineReady) text += ' Works offline.';
  el.textContent = text;
  el.classList.toggle('degraded', Boolean(status.degraded));
  el.dataset.adapter = status.adapter;
  el.dataset.degraded = String(Boolean(status.degraded));
}

async function openDeviceStore() {
  let adapter = null;
  let reason;
  try {
    adapter = deviceAdapter = await indexedDBStorage(DB_NAME, { openTimeoutMs: 3000 });
  } catch (e) {
    reason = `IndexedDB is not available (${e.message})`;
  }
  return openStore(adapter, { onStatus: showStatus, reason });
}

const store = await openDeviceStore();
const engine = await createEngine({ store });
// The worker keeps its models in the same database, so a trained model survives a cancelled job.
const worker = createWorkerEngine({ storeName: DB_NAME });
showStatus(store.status());

// Long jobs show a progress bar in their section and never block typing.
async function job(section, run) {
  busy += 1;
  document.body.dataset.idle = 'false';
  const bar = document.createElement('progress');
  $(`#${section} h2`).append(' ', bar);
  try {
    return await run((p) => { bar.max = p.total; bar.value = p.done; });
  } finally {
    bar.remove();
    busy -= 1;
    if (busy === 0) document.body.dataset.idle = 'true';
  }
}

// Monte Carlo and forecasts run in the worker through the prediction cache: a reload answers
// from IndexedDB, and the section's summary says so.
const cachedInWorker = (section, method, request) => job(section, () => worker.cachedCall(method, request, { user: 'household' }));
const fromCache = (cache) => (cache.hit ? ' (from the cache)' : '');

function showError(target, error) {
  target.textContent = error ? `${error.message}${error.field ? ` (field: ${error.field})` : ''}` : '';
}

// ---- Your money ----------------------------------------------------------------------------

function rowInputs(container, fields, values = {}) {
  const row = document.createElement('div');
  row.className = 'row';
  for (const [name, label, type, options] of fields) {
    const input = document.createElement(type === 'select' ? 'select' : 'input');
    if (options) input.append(...options.map(([value, text]) => new Option(text, value)));
    else Object.assign(input, { placeholder: label, type, step: 'any' });
    input.name = name;
    input.setAttribute('aria-label', label);
    if (values[name] !== undefined) input.value = values[name];
    row.append(input);
  }
  const remove = Object.assign(document.createElement('button'), { type: 'button', className: 'quiet', textContent: '×' });
  remove.setAttribute('aria-label', 'Remove');
  remove.onclick = () => row.remove();
  row.append(remove);
  container.append(row);
}

// The budget's bucket for a category: empty follows the engine's default map (README "budget.optimize").
const EXPENSE_FIELDS = [['category', 'Category', 'text'], ['amount', 'Amount a month', 'number'],
  ['bucket', 'Budget bucket', 'select', [['', 'bucket: default map'], ['needs', 'needs'], ['wants', 'wants'], ['savings', 'savings']]]];
const DEBT_FIELDS = [['name', 'Debt', 'text'], ['balance', 'Balance', 'number'], ['annual_rate', 'Rate %', 'number'],
  ['minimum_payment', 'Minimum payment', 'number'], ['day', 'Day of month', 'number']];

function fillMoneyForm(profile) {
  const form = $('#money-form');
  form.monthly_income.value = profile.monthly_income ?? '';
  form.balance.value = profile.balance ?? '';
  $('#expense-rows').replaceChildren();
  for (const [category, amount] of Object.entries(profile.expenses_by_category ?? {})) {
    rowInputs($('#expense-rows'), EXPENSE_FIELDS, { category, amount, bucket: profile.budget?.buckets?.[category] ?? '' });
  }
  $('#debt-rows').replaceChildren();
  for (const d of profile.debts ?? []) rowInputs($('#debt-rows'), DEBT_FIELDS, { ...d, annual_rate: Number((d.annual_rate * 100).toPrecision(12)) });
  const debt = (profile.debts ?? []).reduce((s, d) => s + d.balance, 0);
  const minimums = (profile.debts ?? []).reduce((s, d) => s + d.minimum_payment, 0);
  $('#money-summary').textContent = profile.monthly_income
    ? `Surplus ${money((profile.monthly_income ?? 0) - (profile.monthly_expenses ?? 0))} a month` +
      (debt ? `; debts ${money(debt)} with ${money(minimums)} a month in minimum payments (in the cash flow as bills).` : '.')
    : 'Enter your figures, import a CSV, or load the sample household.';
}

// A field that is not a finite number >= 0 is named, never saved as NaN.
function readNumber(input, label, { optional = false, min = 0 } = {}) {
  if (input.value.trim() === '' && optional) return undefined;
  const v = Number(input.value);
  if (input.value.trim() === '' || !Number.isFinite(v) || v < min) throw Object.assign(new Error(`${label} must be a number of at least ${min}`), { field: input.name });
  return v;
}

async function saveMoneyForm(event) {
  event.preventDefault();
  const form = event.target;
  try {
    // Every field read first, so a mistyped one changes nothing; then one strict read-modify-write.
    const figures = { monthly_income: readNumber(form.monthly_income, 'Monthly income') };
    figures.balance = readNumber(form.balance, 'Balance', { optional: true, min: -Infinity });
    figures.expenses_by_category = {};
    const buckets = {};
    for (const row of $('#expense-rows').children) {
      const name = row.querySelector('[name=category]').value.trim();
      if (name) figures.expenses_by_category[name] = readNumber(row.querySelector('[name=amount]'), `Expense "${name}"`);
      if (name && row.querySelector('[name=bucket]').value) buckets[name] = row.querySelector('[name=bucket]').value;
    }
    figures.monthly_expenses = Object.values(figures.expenses_by_category).reduce((a, b) => a + b, 0);
    figures.debts = [...$('#debt-rows').children].map((row, i) => {
      const get = (n) => row.querySelector(`[name=${n}]`);
      const name = get('name').value.trim() || `Debt ${i + 1}`;  // the engine's own default: names must be unique
      return { name, balance: readNumber(get('balance'), `${name}: balance`), annual_rate: readNumber(get('annual_rate'), `${name}: rate`) / 100,
        minimum_payment: readNumber(get('minimum_payment'), `${name}: minimum payment`), day: readNumber(get('day'), `${name}: day`, { optional: true, min: 1 }) ?? 1 };
    });
    await store.profile.update((profile) => {
      delete profile.as_of;  // the person's own figures are as of today
      return { ...profile, ...figures, budget: { ...profile.budget, buckets } };
    });
    showError($('[data-for=money]'), null);
    navigator.storage?.persist?.();
    await render();
  } catch (e) {
    showError($('[data-for=money]'), e);
  }
}

// ---- Goals ---------------------------------------------------------------------------------

// The goal form adds a goal, or, after a card's Edit, replaces that goal (same id; its record of
// contributions and its plan are kept).
async function saveGoal(event) {
  event.preventDefault();
  const form = event.target;
  try {
    const fields = {
      name: form.name.value.trim(),
      target_amount: readNumber(form.target_amount, 'Target', { min: 0.01 }),
      current_amount: readNumber(form.current_amount, 'Saved so far', { optional: true }) ?? 0,
      target_date: form.target_date.value,
      annual_return_rate: readNumber(form.annual_return_rate, 'Return', { optional: true, min: -100 }) / 100 || 0,
      annual_volatility: (readNumber(form.annual_volatility, 'Volatility', { optional: true }) ?? 0) / 100,
    };
    // An edit changes the goal as stored (strict: a goal that could not be read is not "no goal",
    // which would add a second one); a new goal is put.
    if (form.dataset.editId) await store.goals.update(form.dataset.editId, (stored) => ({ ...stored, ...fields }));
    else await store.goals.put(fields);
    showError($('[data-for=goal]'), null);
    endGoalEdit(form);
    navigator.storage?.persist?.();
    await render();
  } catch (e) {
    showError($('[data-for=goal]'), e);
  }
}

function editGoal(goal) {
  const form = $('#goal-form');
  form.name.value = goal.name;
  form.target_amount.value = goal.target_amount;
  form.current_amount.value = goal.current_amount ?? 0;
  form.target_date.value = goal.target_date ?? '';
  form.annual_return_rate.value = Number(((goal.annual_return_rate ?? 0) * 100).toPrecision(12));
  form.annual_volatility.value = Number(((goal.annual_volatility ?? 0) * 100).toPrecision(12));
  form.dataset.editId = goal.id;
  $('button[type=submit]', form).textContent = `Save "${goal.name}"`;
  $('.cancel-edit', form).hidden = false;
  form.scrollIntoView?.({ block: 'nearest' });
  form.name.focus();
}

function endGoalEdit(form) {
  form.reset();
  delete form.dataset.editId;
  $('button[type=submit]', form).textContent = 'Add goal';
  $('.cancel-edit', form).hidden = true;
}

// A month's contribution joins the goal's record (months in order, one entry a month: a second
// payment in a month adds to it) and what is saved so far.
async function recordContribution(goal, form, asOf) {
  try {
    const month = form.month.value.trim();
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw Object.assign(new Error('Month must be YYYY-MM'), { field: 'month' });
    if (month > asOf.slice(0, 7)) throw Object.assign(new Error(`Month must not be after ${asOf.slice(0, 7)}`), { field: 'month' });
    const amount = readNumber(form.amount, 'Contribution', { min: 0.01 });
    // Added to the goal as stored now, not as when the card was drawn (store.goals.update: a strict
    // read, and two contributions recorded at once both count).
    await store.goals.update(goal.id, (stored) => {
      const byMonth = new Map((stored.contributions ?? []).map((c) => [c.month, c.amount]));
      byMonth.set(month, Math.round(((byMonth.get(month) ?? 0) + amount) * 100) / 100);
      const contributions = [...byMonth].sort(([a], [b]) => a.localeCompare(b)).map(([m, a]) => ({ month: m, amount: a }));
      const current_amount = Math.round(((stored.current_amount ?? 0) + amount) * 100) / 100;
      return { ...stored, contributions, current_amount };
    });
    await render();
  } catch (e) {
    showError($('.error', form), e);
  }
}

async function renderGoal(goal, profile, gen) {
  const card = $('#goal-card').content.firstElementChild.cloneNode(true);
  card.dataset.goalId = goal.id;
  card.dataset.name = goal.name;
  $('.goal-name', card).textContent = `${goal.name}: ${money(goal.current_amount)} of ${money(goal.target_amount)} by ${goal.target_date ?? '—'}`;
  $('.delete', card).onclick = async () => { await store.goals.delete(goal.id); await render(); };
  $('.edit', card).onclick = () => editGoal(goal);
  const contribution = $('.contribution-form', card);
  contribution.month.value = planDate(profile).slice(0, 7);
  contribution.onsubmit = (event) => { event.preventDefault(); recordContribution(goal, contribution, planDate(profile)); };
  $('#goal-list').append(card);
  const request = rq.reversePlanRequest(goal, profile, planDate(profile));
  $('.goal-request', card).textContent = JSON.stringify(request, null, 1);
  card.dataset.request = JSON.stringify(request);
  let plan;
  try {
    ({ result: plan } = await engine.cachedCall('goals.reverse_plan', request));
  } catch (e) {
    showError($('.goal-plan', card), e);
    return;
  }
  $('.goal-plan', card).innerHTML = '';
  $('.goal-plan', card).append(`Save `, Object.assign(document.createElement('strong'), { className: 'required-monthly', textContent: money(plan.required_monthly_savings) }),
    ` a month for `, Object.assign(document.createElement('span'), { className: 'months', textContent: String(plan.months_available) }),
    ` month${plan.months_available === 1 ? '' : 's'} (${money(plan.total_contributions)} saved + ${money(plan.interest_earned)} growth).`);
  $('.goal-feasibility', card).textContent = `Feasibility ${plan.feasibility.score}/100, ${plan.feasibility.label}: ${plan.feasibility.reasons.join('; ')}`;
  $('.milestones', card).replaceChildren(...plan.milestones.map((m) =>
    Object.assign(document.createElement('li'), { textContent: `${m.percent}% (${money(m.amount)}) by ${m.date}` })));
  if (goal.contributions?.length) await renderAdvice(card, goal, planDate(profile));
  const timeline = engine.goals.timeline(rq.timelineRequest(goal, plan.required_monthly_savings, planDate(profile)));
  const dates = [timeline.start_date, ...timeline.schedule.map((r) => r.date)];
  const balances = [goal.current_amount ?? 0, ...timeline.schedule.map((r) => r.balance)];
  const marks = dates.map((d, i) => (plan.milestones.some((m) => m.date === d) ? balances[i] : null));
  drawChart($('.timeline', card), { dates, lines: [
    { label: 'Balance', values: balances, color: COLORS.line },
    { label: 'Milestones', values: marks, color: COLORS.target, points: true },
  ] });
  if (goal.annual_volatility > 0) {
    const { result: sim } = await cachedInWorker('goals', 'goals.simulate', rq.simulateRequest(goal, plan.required_monthly_savings, planDate(profile)))
      .catch((e) => ({ result: showError($('.goal-risk', card), e) }));
    if (!sim || gen !== generation) return;
    $('.goal-risk', card).textContent = `With ${pct(goal.annual_volatility)} volatility: ${pct(sim.probability_of_success)} chance of reaching it on time ` +
      `(${sim.paths.toLocaleString('en-US')} paths); final balance p10 ${money(sim.final_balance.percentiles[10])}, median ${money(sim.final_balance.percentiles[50])}, p90 ${money(sim.final_balance.percentiles[90])}.`;
    drawChart($('.fan', card), {
      dates: sim.bands.map((b) => b.date),
      bands: [{ label: 'p10–p90', lower: sim.bands.map((b) => b.percentiles[10]), upper: sim.bands.map((b) => b.percentiles[90]), color: COLORS.band80 }],
      lines: [{ label: 'Median', values: sim.bands.map((b) => b.percentiles[50]), color: COLORS.median },
        { label: 'Target', values: sim.bands.map(() => goal.target_amount), color: COLORS.target, dash: [6, 4] }],
    });
  }
}

// A goal with a record of contributions gets the engine's advice; what the person does with it
// (accept, dismiss) is kept in the recommendation history, and the same advice is asked once.
async function renderAdvice(card, goal, asOf) {
  let check;
  try {
    const request = rq.adjustRequest(goal, asOf);
    card.dataset.adjustRequest = JSON.stringify(request);
    ({ result: check } = await engine.cachedCall('goals.adjust', request));
  } catch (e) {
    showError($('.advice-text', card), e);
    $('.goal-advice', card).hidden = false;
    return;
  }
  const id = `${goal.id}-${check.status}-${check.required_monthly_to_keep_date}`;
  let rec = await store.recommendations.add({ id, user: 'household', kind: 'goal_adjust', text: check.recommendation, data: { goal: goal.id, status: check.status } });
  const show = () => {
    $('.advice-text', card).textContent = `${check.status.replace('_', ' ')} — pace ${money(check.current_pace)} a month. ${rec.text}` +
      (rec.outcome ? ` (${rec.outcome} on ${rec.decided_at.slice(0, 10)})` : '');
    $('.advice-actions', card).hidden = Boolean(rec.outcome);
  };
  for (const outcome of ['accepted', 'dismissed']) {
    $(outcome === 'accepted' ? '.accept' : '.dismiss', card).onclick = async () => {
      rec = await store.recommendations.decide(rec.id, outcome);
      show();
    };
  }
  $('.goal-advice', card).hidden = false;
  show();
}

// ---- Forecasts, savings, cash flow ------------------------------------------------------------

const addMonths = (month, k) => {
  const [y, m] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + k;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
};

async function renderForecast(profile, gen) {
  const history = profile.spending_history ?? {};
  const names = Object.keys(history);
  const select = $('#forecast-category');
  if (!names.length) {
    $('#forecast-summary').textContent = 'No spending history yet.';
    drawChart($('#forecast-chart'), { dates: [] });
    return;
  }
  const { result: fc, cache } = await cachedInWorker('forecast', 'forecast.expenses', rq.expenseForecastRequest(profile, 6));
  if (gen !== generation) return;
  const chosen = names.includes(select.value) ? select.value : names[0];
  select.replaceChildren(...names.map((n) => new Option(n, n, false, n === chosen)));
  const draw = () => {
    const name = select.value;
    const past = history[name];
    const c = fc.categories[name];
    const start = profile.spending_start ?? addMonths(today.slice(0, 7), -past.length);
    const dates = Array.from({ length: past.length + c.forecast.length }, (_, i) => addMonths(start, i));
    const pad = (xs, before) => (before ? [...xs, ...Array(c.forecast.length).fill(null)] : [...Array(past.length - 1).fill(null), past.at(-1), ...xs]);
    drawChart($('#forecast-chart'), { dates,
      bands: [{ label: '95%', lower: pad(c.lower['95']), upper: pad(c.upper['95']), color: COLORS.band95 },
        { label: '80%', lower: pad(c.lower['80']), upper: pad(c.upper['80']), color: COLORS.band80 }],
      lines: [{ label: 'Spent', values: pad(past, true), color: COLORS.line }, { label: 'Forecast', values: pad(c.forecast), color: COLORS.median, dash: [5, 3] }] });
    $('#forecast-summary').textContent = `${name}: next month ${money(c.forecast[0])} (80%: ${money(c.lower['80'][0])}–${money(c.upper['80'][0])}), model ${c.model.name}. ` +
      `All categories next month: ${money(fc.total.forecast[0])}.${fromCache(cache)}`;
  };
  select.onchange = draw;
  draw();
}

async function renderSavings(profile, gen) {
  if (!profile.history?.length) {
    $('#savings-summary').textContent = 'No monthly history yet.';
    drawChart($('#savings-chart'), { dates: [] });
    return;
  }
  const [trained, predicted] = await job('savings', (onProgress) => worker.batch([
    { method: 'savings.train', request: rq.savingsTrainRequest(profile) },
    { method: 'savings.predict', request: { user_id: 'household', horizon: 3 } },
  ], { onProgress }));
  if (gen !== generation) return;
  if (trained.error || predicted.error) {
    showError($('#savings-summary'), trained.error ?? predicted.error);
    return;
  }
  const past = profile.history;
  const preds = predicted.result.predictions;
  const n = past.length;
  const dates = [...past.map((h) => h.month), ...preds.map((p) => p.month)];
  const tail = (xs) => [...Array(n - 1).fill(null), past.at(-1).income - past.at(-1).expenses, ...xs];
  drawChart($('#savings-chart'), { dates,
    bands: [{ label: '80%', lower: tail(preds.map((p) => p.lower[80])), upper: tail(preds.map((p) => p.upper[80])), color: COLORS.band80 }],
    lines: [{ label: 'Saved', values: [...past.map((h) => h.income - h.expenses), ...preds.map(() => null)], color: COLORS.line },
      { label: 'Predicted', values: tail(preds.map((p) => p.prediction)), color: COLORS.median, dash: [5, 3] }] });
  const cv = trained.result.metrics.cross_validated;
  $('#savings-summary').textContent = `Next month ${money(preds[0].prediction)} (80%: ${money(preds[0].lower[80])}–${money(preds[0].upper[80])}); ` +
    `typical error ${money(cv?.mae ?? trained.result.metrics.in_sample.mae)} a month ${cv ? '(cross-validated)' : '(in sample)'}.`;
}

async function renderCashflow(profile, gen) {
  if (!profile.monthly_income && !profile.cashflow) {
    $('#cashflow-summary').textContent = 'Enter your income to see the cash flow.';
    drawChart($('#cashflow-chart'), { dates: [] });
    return;
  }
  const { result: cf, cache } = await cachedInWorker('cashflow', 'forecast.cashflow', rq.cashflowRequest(profile, profile.cashflow?.start_date ?? today))
    .catch((e) => ({ result: showError($('#cashflow-summary'), e) }));
  if (!cf || gen !== generation) return;
  const d = cf.daily;
  drawChart($('#cashflow-chart'), { dates: d.dates,
    bands: [{ label: '95%', lower: d.lower['95'], upper: d.upper['95'], color: COLORS.band95 }],
    lines: [{ label: 'Expected balance', values: d.expected, color: COLORS.line },
      { label: 'Threshold', values: d.dates.map(() => cf.threshold), color: COLORS.target, dash: [6, 4] }] });
  $('#cashflow-summary').textContent = `From ${cf.start_date} (${money(cf.starting_balance)}) to ${cf.end_date}: ${pct(cf.probability_below)} chance of going below ${money(cf.threshold)}` +
    (cf.first_below_date ? `; the expected balance does on ${cf.first_below_date}.` : '; the expected balance never does.') + fromCache(cache);
}

// ---- Whole page --------------------------------------------------------------------------------

async function render() {
  const gen = ++generation;
  const profile = (await store.profile.get()) ?? {};
  const goals = (await store.goals.list()).sort((a, b) => (a.target_date ?? '').localeCompare(b.target_date ?? ''));
  fillMoneyForm(profile);
  $('#goal-list').replaceChildren();
  renderPlanning({ engine, profile, goals, startDate: planDate(profile), save: saveProfile });
  const weekly = renderWeekly({ engine, store, profile, goals, transactions: profile.transactions, asOf: planDate(profile), today, rerender: render })
    .catch((e) => { $('#weekly-result').textContent = e.message; });
  const jobs = [weekly, ...goals.map((g) => renderGoal(g, profile, gen)), renderForecast(profile, gen), renderSavings(profile, gen), renderCashflow(profile, gen)];
  await Promise.allSettled(jobs);
  showStatus(store.status());
}

// The planning sections' own settings (budget rule, debt budget, readiness answers) are kept
// with the household's figures, as of the same date.
async function saveProfile(patch) {
  await store.profile.update((profile) => ({ ...profile, ...patch }));
  await render();
}

async function loadSample() {
  const sample = await (await fetch('sample-household.json')).json();
  const { goals, ...profile } = sample;
  profile.spending_start = profile.history?.[0]?.month;
  // Its bank statement (columns, as insights.habits reads them), for the weekly view.
  profile.transactions = (await (await fetch('sample-transactions.json')).json()).transactions;
  await store.profile.put(profile);
  for (const [i, goal] of goals.entries()) await store.goals.put({ ...goal, id: `sample-${i + 1}` });
  await render();
}

// ---- Export, restore, clear -----------------------------------------------------------------

// What a restore or a clear did, shown on the page they reload to.
const NOTE_KEY = `nestegg-note:${DB_NAME}`;
function reloadWithNote(text) {
  sessionStorage.setItem(NOTE_KEY, text);
  location.reload();
}

async function exportData() {
  const data = await buildExport(store);
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 1)], { type: 'application/json' }));
  Object.assign(document.createElement('a'), { href: url, download: `nestegg-${today}.json` }).click();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// Checked whole, then written in one batch; the page then reloads, so the engine and the worker
// read the restored models instead of writing what they held over them.
async function restoreData(file) {
  const note = $('#import-result');
  let plan;
  try {
    plan = await planRestore(await file.text(), { store, openStore, createEngine });
  } catch (e) {
    note.textContent = `Nothing restored: ${e.message}${e.field ? ` (field: ${e.field})` : ''}`;
    note.dataset.restored = 'false';
    return;
  }
  worker.terminate();  // it must not save the models it holds over the restored ones
  const stored = await store.adapter.batch(plan.ops);
  // A refused batch is one aborted transaction: nothing changed on the device, and the reload
  // drops the copy kept in memory rather than serve a restore that is not stored.
  const status = store.status();
  reloadWithNote(stored ? describeRestore(plan.summary)
    : `Nothing restored: storage refused the write (${status.lastError?.name ?? 'error'}: ${status.lastError?.message ?? ''}); your data on this device is unchanged.`);
}

// Deletes the database itself (not only its records): after closing this page's connection and
// stopping the worker, whose connection would otherwise block the deletion.
async function clearAll() {
  if (!confirm('Delete your figures, goals, history and models from this device?')) return;
  worker.terminate();
  deviceAdapter?.close();
  const outcome = await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve('deleted');
    request.onerror = () => resolve(`not deleted (${request.error?.name ?? 'error'})`);
    request.onblocked = () => $('#import-result').textContent = 'Waiting for other tabs of this app to close…';
  });
  const names = await indexedDB.databases?.().then((list) => list.map((d) => d.name), () => null);
  const gone = outcome === 'deleted' && !(names ?? []).includes(DB_NAME);
  reloadWithNote(gone ? `Everything was deleted from this device (database "${DB_NAME}").` : `The database "${DB_NAME}" was ${outcome}.`);
}

$('#money-form').addEventListener('submit', saveMoneyForm);
$('#goal-form').addEventListener('submit', saveGoal);
$('#goal-form .cancel-edit').onclick = () => endGoalEdit($('#goal-form'));
$('#add-expense').onclick = () => rowInputs($('#expense-rows'), EXPENSE_FIELDS);
$('#add-debt').onclick = () => rowInputs($('#debt-rows'), DEBT_FIELDS);
$('#load-sample').onclick = loadSample;
$('#import-csv').onchange = (e) => e.target.files[0] && importCsvFile(e.target.files[0], { store, render, note: $('#import-result') });
$('#restore').onchange = (e) => e.target.files[0] && restoreData(e.target.files[0]);
$('#export').onclick = exportData;
$('#clear').onclick = clearAll;
$('#goal-form').target_date.min = today;

if ('serviceWorker' in navigator && !params.has('no-sw')) {
  navigator.serviceWorker.register('sw.js').then(() => navigator.serviceWorker.ready).then(() => {
    offlineReady = true;
    showStatus(store.status());
  }).catch(() => {});
}

globalThis.nestegg = { engine, store, worker, render };
const shownNote = sessionStorage.getItem(NOTE_KEY);
if (shownNote) {
  sessionStorage.removeItem(NOTE_KEY);
  $('#import-result').textContent = shownNote;
}
await render();
document.body.dataset.ready = 'true';
