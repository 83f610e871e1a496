// SPDX-License-Identifier: MIT
// Is a household ready to invest, and if not, what comes first? A conservative checklist of
// steps in a fixed order, each with the amount it needs and the months it takes at the household's
// monthly saving, one step after another (the whole saving goes to the current step):
//
//   1. starter_emergency_fund  one month of essential spending set aside
//   2. employer_match          contribute enough to get the employer's whole match (a monthly
//                              change, not a lump sum: its cost is taken off the saving for the
//                              steps after it)
//   3. high_interest_debt      debts at kHighInterestApr or more paid off (avalanche, the saving
//                              on top of their minimums). Until the step begins they are paid
//                              their minimums only, so it pays what they owe then; once they are
//                              paid off their minimums join the saving of the steps after it
//   4. emergency_fund          the full fund: 3 months of essentials when income is stable and
//                              nobody depends on it, else 6
//   5. invest                  what is left of the saving each month, for the horizon
//
// The fund is one account: the starter step's overshoot stays in it, it earns savings_rate through
// the later steps, and the debt step's pool left over in its last month is saved into it.
// Months of the savings steps come from the goal planner (plan_timeline: end-of-month deposits,
// savings_rate / 12 a month), the debt step's from the debt simulation. Status: ready when steps
// 1-4 are done and the horizon is at least kMinHorizonYears; almost when they take at most
// kAlmostMonths; otherwise (or when a step cannot be finished at this saving) not_yet.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "civil_date.hpp"
#include "debt_plan.hpp"

namespace nestegg {

inline constexpr double kHighInterestApr = 0.08;
inline constexpr double kMinHorizonYears = 3;  // money needed sooner stays in cash
inline constexpr int64_t kAlmostMonths = 12;

struct EmployerMatch {
  double match_rate = 0;         // employer's money per unit contributed (0.5 = 50 %)
  double match_limit = 0;        // matched up to this share of salary
  double contribution_rate = 0;  // share of salary contributed now
  double annual_salary = 0;
};

enum class LossReaction { sell, hold, buy };

struct ReadinessInput {
  double emergency_fund = 0;
  double essential_expenses = 0;  // a month
  double monthly_saving = 0;      // left after essentials and minimum debt payments
  double savings_rate = 0;        // annual return on the emergency fund
  std::vector<Debt> debts;
  std::optional<EmployerMatch> match;
  double horizon_years = 0;
  bool stable_income = false;
  bool dependents = false;
  LossReaction loss_reaction = LossReaction::sell;
  Date start;
};

struct ReadinessStep {
  std::string id;
  double amount = 0;        // to set aside or pay off; a monthly amount when per_month
  bool per_month = false;
  bool done = false;        // nothing left to do
  std::optional<int64_t> months;  // nullopt: not reachable at this saving
  int64_t start_month = 0;  // months after start when the step begins
  std::optional<int64_t> end_month;
  double employer_adds_per_month = 0;  // employer_match only
  std::vector<size_t> debts;           // high_interest_debt only: the debts, avalanche order
};

struct ReadinessResult {
  std::string status;  // ready | almost | not_yet
  std::vector<std::string> reasons;  // short_horizon, unreachable_at_this_saving, steps_remaining
  double emergency_fund_target = 0;
  int emergency_months = 0;
  std::string risk_profile;  // conservative | moderate | growth
  std::optional<int64_t> months_to_ready;
  std::vector<ReadinessStep> steps;
  std::vector<uint8_t> negative_amortization;  // per request debt, as debt.plan flags it
};

ReadinessResult assess_readiness(const ReadinessInput& in);

}  // namespace nestegg
