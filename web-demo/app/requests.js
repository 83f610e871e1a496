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
