// SPDX-License-Identifier: MIT
#include "feasibility.hpp"

#include "format_text.hpp"

#include <algorithm>
#include <cmath>

namespace nestegg {

std::string feasibility_label(int score) {
  if (score >= 75) return "Easy";
  if (score >= 50) return "Moderate";
  if (score >= 25) return "Challenging";
  return "Unrealistic";
}

static double horizon_penalty(double months, std::vector<std::string>& reasons) {
  if (months <= 60) return 0;
  if (months > 360) {
    reasons.push_back("the horizon is longer than 30 years");
    return 40;
  }
  reasons.push_back("the horizon is longer than 5 years");
  return std::min(30.0, (months - 60) * 0.1);
}

static double affordability_penalty(const FeasibilityInput& in, std::vector<std::string>& reasons) {
  if (!in.monthly_income || !in.monthly_expenses) {
    reasons.push_back("income and expenses not given: affordability not assessed");
    return 0;
  }
  const double income = *in.monthly_income;
  const double surplus = income - *in.monthly_expenses;
  double penalty = 0;
  if (surplus <= 0) {
    reasons.push_back("expenses meet or exceed income: there is no monthly surplus to save from");
    penalty = 60;
  } else {
    const double share = in.monthly_saving / surplus;
    if (share > 1) {
      reasons.push_back(format_text("needs %.0f%% of the monthly surplus (more than is left over)", share * 100));
      penalty = 60;
    } else if (share > 0.5) {
      reasons.push_back(format_text("needs %.0f%% of the monthly surplus", share * 100));
      penalty = (share - 0.5) * 80;
    } else {
      reasons.push_back(format_text("uses %.0f%% of the monthly surplus", share * 100));
    }
  }
  if (income > 0 && in.monthly_saving > 0.5 * income) {
    reasons.push_back("saves more than half of gross income");
    penalty += 10;
  }
  return penalty;
}

static double return_penalty(double annual_rate, std::vector<std::string>& reasons) {
  if (annual_rate < 0) reasons.push_back("assumes a negative return");
  if (annual_rate <= 0.08) return 0;
  reasons.push_back("assumes returns above 8% a year, which few portfolios sustain");
  return std::min(20.0, (annual_rate - 0.08) * 100 * 2.5);
}

Feasibility assess_feasibility(const FeasibilityInput& in) {
  Feasibility f;
  if (!in.reachable) {
    f.score = 0;
    f.label = feasibility_label(0);
    f.reasons.push_back("the target cannot be reached on this plan");
    return f;
  }
  double penalty = horizon_penalty(in.months, f.reasons);
  penalty += affordability_penalty(in, f.reasons);
  penalty += return_penalty(in.annual_rate, f.reasons);
  f.score = int(std::lround(std::clamp(100.0 - penalty, 0.0, 100.0)));
  f.label = feasibility_label(f.score);
  return f;
}

}  // namespace nestegg
