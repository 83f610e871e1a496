// SPDX-License-Identifier: MIT
// How hard a savings plan is, as a 0-100 score with a label and the reasons behind it.
//
// The score starts at 100 and loses points for, in this order:
//  - a long horizon: 0.1 point per month beyond 60 months, at most 30 (40 beyond 360 months);
//  - affordability, when income and expenses are known (surplus = income - expenses):
//    saving up to half the surplus costs nothing, half to all of it costs up to 40 points,
//    more than the surplus (or no surplus at all) costs 60;
//  - saving more than half of the gross income: 10 points;
//  - an optimistic return assumption: 2.5 points per percentage point above 8 % a year, at most 20.
// An unreachable plan scores 0. Labels: >= 75 Easy, >= 50 Moderate, >= 25 Challenging, else
// Unrealistic. The thresholds are rules of thumb (the 50/30/20 budget puts 20 % of income to
// savings), stated here so callers can explain a score to a person.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace nestegg {

struct Feasibility {
  int score = 0;
  std::string label;
  std::vector<std::string> reasons;
};

struct FeasibilityInput {
  bool reachable = true;
  double monthly_saving = 0;  // what the plan asks to save each month
  double months = 0;          // horizon of the plan
  double annual_rate = 0;
  std::optional<double> monthly_income;
  std::optional<double> monthly_expenses;
};

Feasibility assess_feasibility(const FeasibilityInput& in);
std::string feasibility_label(int score);

}  // namespace nestegg
