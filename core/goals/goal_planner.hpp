// SPDX-License-Identifier: MIT
// Goal planning: how long a goal takes at a given saving (timeline), and what saving reaches it by
// a date (reverse plan).
//
// Conventions (also in README "Conventions: money, dates, intervals, percentiles"):
//  - Rates are annual fractions (0.05 = 5 %) compounded monthly at annual_rate / 12.
//  - Month k of a plan ends on start_date + k months (same day of month, clamped to the month's last
//    day). The contribution for month k is paid at that moment, after that month's interest.
//  - target_date of a timeline = start_date + months_needed months, the end of the month in which
//    the balance first reaches the target.
//  - months_available of a reverse plan = whole months from start_date to target_date: the number
//    of month-ends that fall on or before target_date.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "annuity.hpp"
#include "civil_date.hpp"
#include "feasibility.hpp"

namespace nestegg {

// 100 years: plans beyond that are reported unreachable rather than dated.
inline constexpr int64_t kMaxPlanMonths = 1200;

struct Milestone {
  int percent = 0;
  double amount = 0;
  int64_t month = 0;  // month-end at which the balance first reaches `amount` (0 = already there)
  Date date;
};

struct ScheduleRow {
  int64_t month = 0;
  Date date;
  double contribution = 0;
  double interest = 0;
  double balance = 0;
};

struct Household {
  std::optional<double> monthly_income;
  std::optional<double> monthly_expenses;
};

struct TimelineInput {
  double target = 0;
  double current = 0;
  double contribution = 0;
  double annual_rate = 0;
  Date start;
  Household household;
  bool include_schedule = false;
};

// What both plans report about the saving they settle on.
struct PlanOutcome {
  double total_contributions = 0;
  double interest_earned = 0;
  double final_balance = 0;
  Feasibility feasibility;
  std::vector<Milestone> milestones;
};

struct TimelineResult : PlanOutcome {
  bool reachable = true;
  std::string unreachable_code;  // no_saving, balance_shrinks, ceiling_below_target, beyond_horizon
  std::string unreachable_reason;
  double months_exact = 0;
  int64_t months_needed = 0;
  std::optional<Date> target_date;
  std::vector<ScheduleRow> schedule;
};

TimelineResult plan_timeline(const TimelineInput& in);

struct ReversePlanInput {
  double target = 0;
  double current = 0;
  double annual_rate = 0;
  Date start;
  Date target_date;  // must be after start
  Household household;
};

struct Alternative {
  std::string kind;  // later_date|earlier_date, lower_target|higher_target, higher_return|lower_return, lump_sum_now
  std::string description;
  double monthly_savings = 0;
  double target_amount = 0;
  int64_t months = 0;
  std::optional<Date> target_date;
  double annual_return_rate = 0;
  double lump_sum = 0;  // paid now, on top of current savings
};

struct ReversePlanResult : PlanOutcome {
  bool reachable = true;
  std::string unreachable_reason;
  int64_t months_available = 0;
  double required_monthly_savings = 0;  // rounded up to the cent
  double required_monthly_savings_exact = 0;
  std::vector<Alternative> alternatives;
};

ReversePlanResult plan_reverse(const ReversePlanInput& in);

// Whole months until `current`, saving `contribution` a month at monthly rate r, reaches `target`,
// from months_to_target's exact count: its ceiling, except that a count a hair above a whole month
// (float noise) is that month when the balance there is the target to the half cent, beyond the
// closed form's own rounding. A count at or past
// kFarMonths (a saving of 1e-17 a month, say), or not a number, is kFarMonths: far past every
// horizon, never a conversion to int64 that overflows.
inline constexpr double kFarMonths = 1e12;
int64_t months_to_reach(double months_exact, double target, double current, double contribution, double monthly_rate);

// Shared by the planners: the 25/50/75/100 % milestones of a plan.
std::vector<Milestone> milestones_for(double target, double current, double contribution, double monthly_rate,
                                      const Date& start);
// Smallest whole-cent monthly saving that reaches target in n months.
double saving_to_the_cent(double target, double current, double monthly_rate, int64_t n);
std::string unreachable_message(Unreachable why);
const char* unreachable_code(Unreachable why);

}  // namespace nestegg
