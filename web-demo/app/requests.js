// SPDX-License-Identifier: MIT
// The engine requests a household's figures turn into: shared by the browser demo and the
// command-line plan (plan.mjs), so both ask the engine exactly the same questions.

export const SIMULATION_PATHS = 10000;
export const SIMULATION_SEED = 7;

const budgetOf = (household) => ({ monthly_income: household.monthly_income, monthly_expenses: household.monthly_expenses });

const goalBasics = (goal) => ({
  target_amount: goal.target_amount,
  current_amount: goal.current_amount ?? 0,
  annual_return_rate: goal.annual_return_rate ?? 0,
});

/** What must be saved each month to reach the goal by its date (start_date: the day planned). */
export function reversePlanRequest(goal, household, startDate) {
  return { ...goalBasics(goal), ...budgetOf(household), target_date: goal.target_date, start_date: startDate };
}

/** The month-by-month balance when saving `monthly` (for the timeline chart). */
export function timelineRequest(goal, monthly, startDate) {
  return { ...goalBasics(goal), monthly_contribution: monthly, start_date: startDate, include_schedule: true };
}

/** Progress so far against the plan, when the goal has a record of contributions. */
export function adjustRequest(goal, asOf) {
  return { ...goalBasics(goal), target_date: goal.target_date, contributions: goal.contributions,
    planned_monthly_contribution: goal.planned_monthly_contribution, as_of: asOf };
}

/** Monte Carlo of the plan under uncertain returns (fan chart when bands are asked for). */
export function simulateRequest(goal, monthly, startDate, { bands = true } = {}) {
  return { ...goalBasics(goal), monthly_contribution: monthly, annual_volatility: goal.annual_volatility,
    target_date: goal.target_date, start_date: startDate, paths: SIMULATION_PATHS, seed: SIMULATION_SEED, include_bands: bands };
}

export function savingsTrainRequest(household, userId = 'household') {
  return { history: household.history, user_id: userId };
}

export function expenseForecastRequest(household, horizon = 6) {
  return { categories: household.spending_history, horizon };
}

// A household entered by hand has no cash-flow section: pay on the 1st, and the expenses as
// bills on the 1st unless there is a spending history to simulate them from.
function defaultCashflow(household) {
  const spendingAsBills = household.spending_history ? [] : Object.entries(household.expenses_by_category ?? {})
    .filter(([, amount]) => amount > 0).map(([name, amount]) => ({ name, amount, day: 1 }));
  return {
    starting_balance: household.balance ?? 0, months: 3, threshold: 0,
    incomes: household.monthly_income > 0 ? [{ name: 'income', amount: household.monthly_income, cadence: 'monthly', day: 1 }] : [],
    bills: spendingAsBills,
  };
}

/** Debts enter the cash flow as bills: their minimum payment on their day. */
export function cashflowRequest(household, startDate) {
  const debts = (household.debts ?? []).map((d) => ({ name: d.name, amount: d.minimum_payment, day: d.day ?? 1 }));
  const cashflow = household.cashflow ?? defaultCashflow(household);
  return {
    ...cashflow,
    start_date: startDate ?? cashflow.start_date,
    bills: [...(cashflow.bills ?? []), ...debts],
    spending: household.spending_history,
  };
}

// ---- Budget, debts, health score, readiness ----------------------------------------------------
// Every figure below comes from what the household entered (the "Your money" form, its goals, the
// sample file); what it did not give is left out or named where it is shown, never made up.

const cents = (x) => Math.round(x * 100) / 100;
const total = (xs) => cents(xs.reduce((a, b) => a + b, 0));

/** The form keeps a debt's rate as annual_rate (a fraction); the engine reads apr. */
export const debtInputs = (household) => (household.debts ?? [])
  .map((d) => ({ name: d.name, balance: d.balance, apr: d.annual_rate, minimum_payment: d.minimum_payment }));
export const minimumPayments = (household) => total((household.debts ?? []).map((d) => d.minimum_payment));
export const debtBalance = (household) => total((household.debts ?? []).map((d) => d.balance));

/** Income less expenses less the debts' minimum payments (which the form keeps apart from the expenses). */
export const monthlySurplus = (household) =>
  cents((household.monthly_income ?? 0) - (household.monthly_expenses ?? 0) - minimumPayments(household));

/** The default debt budget: the minimums plus this share of the surplus (when there is one). */
export const DEBT_SURPLUS_SHARE = 0.5;
export const defaultDebtBudget = (household) =>
  cents(minimumPayments(household) + DEBT_SURPLUS_SHARE * Math.max(0, monthlySurplus(household)));
export const debtBudget = (household) => household.debt_budget ?? defaultDebtBudget(household);

/** The strategies planned with a schedule each (the chart's lines besides "minimums only"). */
export const DEBT_STRATEGIES = ['avalanche', 'snowball', 'optimal'];

export function debtPlanRequest(household, strategy, startDate) {
  return { debts: debtInputs(household), monthly_budget: debtBudget(household), strategy, start_date: startDate, include_schedule: true };
}

/**
 * Minimums only, with a schedule: one plan per debt whose budget is its own minimum — each debt
 * paid its minimum and nothing more, no rollover, which is how the engine's
 * comparison.minimums_only is defined (the page checks their months and interest against it).
 */
export function minimumsOnlyRequests(household, startDate) {
  return debtInputs(household).filter((d) => d.balance > 0)
    .map((d) => ({ debts: [d], monthly_budget: d.minimum_payment, start_date: startDate, include_schedule: true }));
}

/** The demo's budget defaults: 50/30/20, and only cutting what is over its target (the rest is saved). */
export const BUDGET_DEFAULTS = { rule: '50/30/20', mode: 'at_most' };

/**
 * The expenses by category, plus the debts' minimum payments as `minimum_debt_payments` (a need,
 * held at its amount by a floor: a minimum cannot be cut). Categories outside the engine's default
 * map take the bucket the household chose for them (`budget.buckets`).
 */
export function budgetRequest(household) {
  const spending = { ...(household.expenses_by_category ?? {}) };
  const floors = {};
  const minimums = minimumPayments(household);
  if (minimums > 0 && !('minimum_debt_payments' in spending)) {
    spending.minimum_debt_payments = minimums;
    floors.minimum_debt_payments = minimums;
  }
  const { rule = BUDGET_DEFAULTS.rule, mode = BUDGET_DEFAULTS.mode, buckets = {} } = household.budget ?? {};
  const chosen = Object.fromEntries(Object.entries(buckets).filter(([name, bucket]) => name in spending && bucket));
  return {
    monthly_income: household.monthly_income, spending, rule, mode,
    ...(Object.keys(chosen).length ? { buckets: chosen } : {}),
    ...(Object.keys(floors).length ? { floors } : {}),
  };
}

/** Goals saved at a certain return (no volatility) are cash: reachable within days. */
export const cashGoals = (goals = []) => goals.filter((g) => !(g.annual_volatility > 0) && (g.current_amount ?? 0) > 0);

/**
 * The health score's inputs the form gives; the others (bills paid on time, goal confidence,
 * credit score, insurance cover, planning horizon) are not asked for, so they are left out and the
 * score lists them as missing. Debt inputs are given once the form has been saved (no debts = 0).
 */
export function healthScoreRequest(household, goals = []) {
  const request = {};
  if (household.monthly_income > 0) request.monthly_income = household.monthly_income;
  if (household.expenses_by_category) request.monthly_spending = cents((household.monthly_expenses ?? 0) + minimumPayments(household));
  const cash = cashGoals(goals);
  if (household.balance != null || cash.length) {
    request.liquid_savings = Math.max(0, total([household.balance ?? 0, ...cash.map((g) => g.current_amount)]));
  }
  if (Array.isArray(household.debts)) {
    request.monthly_debt_payments = minimumPayments(household);
    request.debt_balance = debtBalance(household);
  }
  return request;
}

/**
 * Ready to invest? Essentials are the budget's needs less the debts' minimums (from the
 * budget.optimize answer, so the bucket map is the engine's), the saving is the surplus (0 when
 * there is none), the fund is what cash goals hold; horizon and risk answers are the household's.
 * No employer match is asked for, so none is sent.
 */
export function readinessRequest(household, goals, budget, startDate) {
  const essentials = total(budget.categories.filter((c) => c.bucket === 'needs' && c.category !== 'minimum_debt_payments').map((c) => c.current));
  const { horizon_years, income_stability, dependents, loss_reaction } = household.readiness ?? {};
  const risk = Object.fromEntries(Object.entries({ income_stability, dependents, loss_reaction }).filter(([, v]) => v !== undefined));
  return {
    emergency_fund: total(cashGoals(goals).map((g) => g.current_amount)),
    monthly_essential_expenses: essentials,
    monthly_saving: Math.max(0, monthlySurplus(household)),
    horizon_years,
    debts: debtInputs(household),
    ...(Object.keys(risk).length ? { risk } : {}),
    start_date: startDate,
  };
}

// ---- This week: trends, habits, nudges, recommendations, peers -----------------------------------

/** "YYYY-MM" k months after `month`. */
export const addMonths = (month, k) => {
  const [y, m] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + k;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
};

/** The month of the spending history's last value: it starts at spending_start, one value a month. */
export function lastSpendingMonth(household) {
  const lengths = Object.values(household.spending_history ?? {}).map((s) => s.length);
  if (!household.spending_start || !lengths.length) return null;
  return addMonths(household.spending_start, Math.max(...lengths) - 1);
}

export function trendsRequest(household) {
  return { categories: household.spending_history, last_month: lastSpendingMonth(household), top: 3 };
}

/** The statement (columns or rows) as of a day: charges after it are not known yet. */
export function habitsRequest(transactions, asOf) {
  return { transactions, as_of: asOf };
}

// What left the account in asOf's month up to asOf (statement columns, amounts negative out).
function spentThisMonth(transactions, asOf) {
  let spent = 0;
  transactions.date.forEach((d, i) => {
    if (d.slice(0, 7) === asOf.slice(0, 7) && d <= asOf && transactions.amount[i] < 0) spent -= transactions.amount[i];
  });
  return cents(spent);
}

/** Nudges over the household's state: goals with a record of contributions, the spending history,
 *  the subscriptions insights.habits found, the cash flow ahead and this month so far. */
// Goals with a record of contributions, named, as goals.adjust reads them as of `asOf`.
const trackedGoals = (goals, asOf) => goals.filter((g) => g.contributions?.length && g.target_date > asOf)
  .map((g) => ({ name: g.name, ...adjustRequest(g, asOf) }));

export function nudgesRequest(household, goals, habits, transactions, asOf, shown = []) {
  const request = { as_of: asOf, history: shown };
  const tracked = trackedGoals(goals, asOf);
  if (tracked.length) request.goals = tracked;
  const last = lastSpendingMonth(household);
  if (last && last <= asOf.slice(0, 7)) Object.assign(request, { categories: household.spending_history, last_month: last });
  if (habits?.subscriptions?.length) request.subscriptions = habits.subscriptions;
  if (household.monthly_income > 0) {
    const { spending, ...cashflow } = cashflowRequest(household, asOf);
    request.cashflow = { ...cashflow, paths: 500 };
    if (transactions) request.month = { income: household.monthly_income, spent: spentThisMonth(transactions, asOf), day: Number(asOf.slice(8)) };
  }
  return request;
}

/** Ranked recommendations: the budget, the debts, readiness, peers and subscriptions, with the
 *  history the store keeps of what was shown, accepted and dismissed. */
export function recommendationsRequest(household, habits, history, asOf, goals = [], goalsAsOf = asOf) {
  const request = { ...budgetRequest(household), as_of: asOf, history };
  const tracked = trackedGoals(goals, goalsAsOf);
  if (tracked.length) request.goals = tracked;
  const debts = debtInputs(household).filter((d) => d.balance > 0);
  if (debts.length) Object.assign(request, { debts, debt_budget: debtBudget(household) });
  if (household.balance !== undefined) request.emergency_fund = Math.max(0, household.balance);
  if (household.age) request.age = household.age;
  if (habits?.subscriptions?.length) request.subscriptions = habits.subscriptions.map(({ id, merchant, amount, previous_amount, monthly_cost, kind }) =>
    ({ id, merchant, amount, previous_amount, monthly_cost, kind }));
  return request;
}

const CE_CATEGORIES = ['food', 'housing', 'transportation', 'healthcare', 'entertainment'];

/** The household against its peers: a year of income after tax and of spending, by CE category. */
export function benchmarksRequest(household) {
  const spending = Object.fromEntries(Object.entries(household.expenses_by_category ?? {})
    .filter(([name]) => CE_CATEGORIES.includes(name)).map(([name, amount]) => [name, cents(12 * amount)]));
  return { age: household.age, income_after_taxes: cents(12 * household.monthly_income), expenditures: cents(12 * household.monthly_expenses), spending };
}
