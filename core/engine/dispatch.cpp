// SPDX-License-Identifier: MIT
#include "dispatch.hpp"

#include "benchmarks_handlers.hpp"
#include "budget_handlers.hpp"
#include "debt_handlers.hpp"
#include "engine.hpp"
#include "forecast_handlers.hpp"
#include "goals_handlers.hpp"
#include "habits_handlers.hpp"
#include "health_handlers.hpp"
#include "investment_handlers.hpp"
#include "monthly_reader.hpp"
#include "recommendations_handlers.hpp"
#include "nudges_handlers.hpp"
#include "savings_handlers.hpp"
#include "service_handlers.hpp"
#include "trends_handlers.hpp"

namespace nestegg {

const std::vector<MethodSpec>& method_table() {
  static const std::vector<MethodSpec> table = {
      {"info", "Engine version, build, methods, limits and conventions.", service_info, true},
      {"health", "Liveness: status, uptime and call counts.", service_health, false},
      {"metrics", "Calls, errors and latency per method, as JSON or Prometheus text.", service_metrics, false},
      {"goals.timeline", "Months and date to reach a target at a monthly saving, with milestones.",
       goals_timeline, true},
      {"goals.reverse_plan", "Monthly saving that reaches a target by a date, with alternatives.",
       goals_reverse_plan, true},
      {"goals.adjust", "Status of a goal in progress from its contribution history, and how to adjust.",
       goals_adjust, true},
      {"goals.simulate", "Monte Carlo probability of reaching a target under uncertain returns.", goals_simulate,
       true},
      {"forecast.expenses", "Expense forecasts per category (ETS / Holt-Winters, naive) with prediction intervals.",
       forecast_expenses, true, false, false, kSeriesOrCategoriesPacked},
      {"forecast.cashflow", "Daily and monthly balance projection with bands; first date below a threshold and its odds.",
       forecast_cashflow, true, false, false, kSpendingPacked},
      {"debt.plan", "Pay off several debts from one budget: avalanche, snowball, custom or least-interest order; dates and savings.",
       debt_plan, true},
      {"investment.readiness", "Ready to invest? The ordered steps first (emergency fund, match, high-interest debt) with months.",
       investment_readiness, true},
      {"budget.optimize", "Needs / wants / savings shares by a rule, and the least-disruption category changes that reach them.",
       budget_optimize, true},
      {"health.score", "A 0-100 financial health score from eight components, with the change that raises each most.",
       health_score, true},
      {"insights.habits", "Subscriptions and bills by their period (next date, price changes), spending timing, merchant concentration, anomalies with reasons.",
       insights_habits, true},
      {"benchmarks.compare", "A household's income, spending and savings rate against its peers (BLS Consumer Expenditure Survey 2023) by age and income quintile, with a percentile estimate.",
       benchmarks_compare, true},
      {"recommendations.generate", "Ranked recommendations (debt, budget, savings, investing) with rationale and money impact; history holds back dismissed ones and tracks accepted ones.",
       recommendations_generate, true},
      {"insights.trends", "Monthly spending trends per category: changes, rolling mean, Theil-Sen slope with its interval, seasonally adjusted change, top movers.",
       insights_trends, true, false, false, kCategoriesPacked},
      {"insights.nudges", "Behaviour nudges from rules over the user's state, with priority, numbers and a cooldown.",
       insights_nudges, true, false, false, kCategoriesPacked},
      {"savings.train", "Fit a savings regression on the user's monthly history; honest accuracy; store a version.",
       savings_train, false, true, true, kSavingsTrainPacked},
      {"savings.predict", "Predict future months with intervals and the features behind each prediction.",
       savings_predict, false, false, true, kSavingsPredictPacked},
      {"savings.evaluate", "Record actual vs predicted for arriving months; accuracy over time.", savings_evaluate,
       false, true, true},
      {"savings.models", "A user's stored models, versions, the active one and their accuracy.", savings_models, false, false, true},
      {"savings.activate", "Make a stored model version the active one.", savings_activate, false, true, true},
      {"savings.experiment", "Define an A/B experiment: variants with weights and training options.",
       savings_experiment, false, true, true},
      {"savings.assign", "The variant of an experiment a user falls in (deterministic hash).", savings_assign, false, false, true},
      {"savings.compare", "Each variant's recorded accuracy and whether the best is significantly better.",
       savings_compare, false, false, true},
      {"savings.export", "Snapshot of the model registry, for storage.", savings_export, false, false, true},
      {"savings.import", "Replace the model registry with a snapshot (or merge it in).", savings_import, false, true, true},
  };
  return table;
}

const MethodSpec* find_method(std::string_view name) {
  for (const auto& m : method_table()) {
    if (name == m.name) return &m;
  }
  return nullptr;
}

}  // namespace nestegg
