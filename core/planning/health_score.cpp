// SPDX-License-Identifier: MIT
#include "health_score.hpp"

#include "exact_decimal.hpp"
#include "format_number.hpp"
#include "format_text.hpp"
#include "money.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nestegg {

namespace {

// x where a scale gives its full 100 points: its last breakpoint when points rise, its first when they fall.
double full_points_at(const HealthScale& s) { return s.points[s.n - 1] > s.points[0] ? s.x[s.n - 1] : s.x[0]; }

// A share "now" in whole percents, or with as many decimals (up to 3) as it takes not to read as
// the target when it is below it: bills on time 0.9999 read "now 100 %" beside a change to make.
std::string percent_now(double v, double target) {
  for (int decimals = 0; decimals <= 3; ++decimals) {
    const std::string shown = format_fixed(v * 100, decimals);
    if (!(v < target) || shown != format_fixed(target * 100, decimals)) return shown;
  }
  return "under " + format_fixed(target * 100, 0);
}

}  // namespace

const HealthScale kHealthScale[kHealthScales] = {
    {"spending_vs_income", "spend", "spending_to_income", 4, {0.70, 0.85, 1.00, 1.10}, {100, 80, 40, 0}},
    {"bills_on_time", "spend", "share_paid_on_time", 4, {0.70, 0.90, 0.97, 1.00}, {0, 40, 80, 100}},
    {"liquid_savings", "save", "months_of_spending", 4, {0, 1, 3, 6}, {0, 30, 70, 100}},
    {"long_term_savings", "save", "goal_confidence", 4, {0, 0.50, 0.80, 0.95}, {0, 40, 80, 100}},
    {"debt_load", "borrow", "debt_payments_to_income", 4, {0.10, 0.20, 0.36, 0.50}, {100, 80, 40, 0}},
    {"credit_standing", "borrow", "credit_score", 4, {580, 670, 740, 800}, {0, 50, 80, 100}},
    {"insurance", "plan", "share_of_cover_held", 3, {0, 0.50, 1.00, 0}, {0, 40, 100, 0}},
    {"planning", "plan", "months_planned_ahead", 4, {0, 3, 12, 36}, {0, 30, 70, 100}},
    {"debt_load", "borrow", "debt_to_annual_income", 4, {0.20, 0.50, 1.00, 2.00}, {100, 70, 30, 0}},
};

double scale_points(const HealthScale& s, double x) {
  const int n = s.n;
  if (!(x > s.x[0])) return s.points[0];  // NaN never reaches here: inputs are validated finite
  if (x >= s.x[n - 1]) return s.points[n - 1];
  int k = 1;
  while (x > s.x[k]) ++k;
  const double t = (x - s.x[k - 1]) / (s.x[k] - s.x[k - 1]);
  return s.points[k - 1] + t * (s.points[k] - s.points[k - 1]);
}

namespace {

// The input with one improvement made: the request as it would be after the change.
HealthInput improved(HealthInput in, const HealthImprovement& m) {
  const std::string input = m.input;
  if (input == "monthly_spending") *in.monthly_spending -= m.amount;
  if (input == "bills_on_time") *in.bills_on_time += m.amount;
  if (input == "liquid_savings") *in.liquid_savings += m.amount;
  if (input == "goal_confidence") *in.goal_confidence += m.amount;
  if (input == "monthly_debt_payments") *in.monthly_debt_payments -= m.amount;
  if (input == "debt_balance") *in.debt_balance -= m.amount;
  if (input == "credit_score") *in.credit_score += m.amount;
  if (input == "insurance_coverage") *in.insurance_coverage += m.amount;
  if (input == "planning_horizon_months") *in.planning_horizon_months += m.amount;
  return in;
}

// A change of money as it is shown, up to the cent so that making it reaches the target, and at
// most what there is to take away: points_after and score_gain are scored with this amount (income
// 0.01 and spending 1 showed "0.99 a month less", which leaves a ratio of 1, and promised 100 points).
double reaching(double change, double at_most) { return std::fmin(ceil_cents(change), at_most); }

// Components, groups and score, with each improvement but not yet its score_gain.
HealthResult score_components(const HealthInput& in) {
  const HealthScale* S = kHealthScale;
  HealthResult r;
  r.components.resize(kHealthComponents);
  const auto& income = in.monthly_income;
  const auto& spending = in.monthly_spending;

  // One component from one measure; `change` is the input change that reaches full points.
  auto single = [&](size_t c, std::vector<const char*> needs, bool present, double measure, const char* input,
                    double change, std::string text) {
    HealthComponent& h = r.components[c];
    h.name = S[c].component;
    h.group = S[c].group;
    h.present = present;
    if (!present) {
      h.needs = std::move(needs);
      return;
    }
    h.measures = {{S[c].measure, measure}};
    h.points = scale_points(S[c], measure);
    h.improvement = HealthImprovement{input, full_points_at(S[c]), change, 100, 0, std::move(text)};
    h.improvement->money = c == 0 || c == 2;  // spending, liquid savings
  };

  {
    const bool ok = income && spending;
    const double ratio = ok ? *spending / *income : 0, target = full_points_at(S[0]);
    const double less = ok ? reaching(*spending - target * *income, *spending) : 0;
    single(0, {"monthly_income", "monthly_spending"}, ok, ratio, "monthly_spending", less,
           format_text("bring spending to %.0f %% of income: %s a month less", target * 100, money_text(less).c_str()));
  }
  {
    const double v = in.bills_on_time.value_or(0);
    single(1, {"bills_on_time"}, bool(in.bills_on_time), v, "bills_on_time", 1 - v,
           format_text("pay every bill on time (now %s %%)", percent_now(v, 1).c_str()));
  }
  {
    // Months of spending are undefined when nothing is spent: the component is then missing,
    // with the reason, rather than scored (any savings would be "infinitely many months").
    // So are months past the largest double (spending of 1e-300: the measure could not be written).
    const bool given = in.liquid_savings && spending;
    const double months = given && *spending > 0 ? *in.liquid_savings / *spending : HUGE_VAL;
    const bool ok = given && std::isfinite(months);
    const double target = full_points_at(S[2]);
    const double more = ok ? reaching(target * *spending - *in.liquid_savings, HUGE_VAL) : 0;
    single(2, {"liquid_savings", "monthly_spending"}, ok, months, "liquid_savings", more,
           format_text("build liquid savings to %.0f months of spending: %s more", target, money_text(more).c_str()));
    if (given && !ok) r.components[2].why = "monthly_spending is 0 (or too small to divide by): savings in months of spending are undefined";
  }
  {
    const double v = in.goal_confidence.value_or(0), target = full_points_at(S[3]);
    single(3, {"goal_confidence"}, bool(in.goal_confidence), v, "goal_confidence", target - v,
           format_text("raise the long-term goal's probability of success to %.0f %% (now %s %%): save more or give it "
                       "longer",
                       target * 100, percent_now(v, target).c_str()));
  }
  {
    // Debt: the mean of the payment scale and the balance scale, over those given.
    HealthComponent& h = r.components[4];
    h.name = S[4].component;
    h.group = S[4].group;
    const bool pay = income && in.monthly_debt_payments, bal = income && in.debt_balance;
    h.present = pay || bal;
    if (!h.present) {
      h.needs = {"monthly_income", "monthly_debt_payments or debt_balance"};
    } else {
      const double pay_ratio = pay ? *in.monthly_debt_payments / *income : 0;
      const double bal_ratio = bal ? *in.debt_balance / (12 * *income) : 0;
      const double p_pay = pay ? scale_points(S[4], pay_ratio) : 0, p_bal = bal ? scale_points(S[8], bal_ratio) : 0;
      const double n = double(pay) + double(bal);
      h.points = (p_pay + p_bal) / n;
      if (pay) h.measures.push_back({S[4].measure, pay_ratio});
      if (bal) h.measures.push_back({S[8].measure, bal_ratio});
      // The one change that raises it most: the sub-measure further from full points (payments on a tie).
      const double gain_pay = pay ? (100 - p_pay) / n : 0, gain_bal = bal ? (100 - p_bal) / n : 0;
      if (gain_pay > 0 && gain_pay >= gain_bal) {
        const double t = full_points_at(S[4]), less = reaching(*in.monthly_debt_payments - t * *income, *in.monthly_debt_payments);
        h.improvement = HealthImprovement{"monthly_debt_payments", t, less, h.points + gain_pay, 0,
                                          format_text("bring debt payments to %.0f %% of income: %s a month less", t * 100, money_text(less).c_str()),
                                          true};
      } else if (gain_bal > 0) {
        const double t = full_points_at(S[8]), less = reaching(*in.debt_balance - t * 12 * *income, *in.debt_balance);
        h.improvement = HealthImprovement{"debt_balance", t, less, h.points + gain_bal, 0,
                                          format_text("pay debt down to %.0f %% of a year's income: %s less", t * 100, money_text(less).c_str()), true};
      }
    }
  }
  {
    // The change to the hundredth, and the text from that same number (705.5 -> "94.5 points more").
    const double v = in.credit_score.value_or(0), target = full_points_at(S[5]);
    const double more = std::round((target - v) * 100) / 100;
    single(5, {"credit_score"}, bool(in.credit_score), v, "credit_score", more,
           format_text("raise the credit score to %.0f: %g points more", target, more));
  }
  {
    const double v = in.insurance_coverage.value_or(0);
    single(6, {"insurance_coverage"}, bool(in.insurance_coverage), v, "insurance_coverage", 1 - v,
           format_text("hold all the cover the household needs (now %s %%)", percent_now(v, 1).c_str()));
  }
  {
    const double v = in.planning_horizon_months.value_or(0), target = full_points_at(S[7]);
    single(7, {"planning_horizon_months"}, bool(in.planning_horizon_months), v, "planning_horizon_months",
           std::round((target - v) * 100) / 100, format_text("plan %.0f months ahead (now %s)", target, format_shortest(v).c_str()));
  }

  // The weights times the one power of two that brings the largest present one into [1, 2): the
  // same mean to the bit (a power of two scales every product and sum exactly), where subnormal
  // weights (5e-324 each) had lost their digits in the products and moved the score a point.
  double largest = 0;
  for (size_t c = 0; c < kHealthComponents; ++c)
    if (r.components[c].present) largest = std::max(largest, in.weights[c]);
  int exponent = 0;
  if (largest > 0) std::frexp(largest, &exponent);
  auto weight = [&](size_t c) { return std::ldexp(in.weights[c], 1 - exponent); };
  double total_weight = 0;
  for (size_t c = 0; c < kHealthComponents; ++c) {
    if (r.components[c].present) total_weight += weight(c);
    else r.renormalised = true;
  }
  std::array<double, 4> group_sum{}, group_n{};
  double weighted = 0;
  for (size_t c = 0; c < kHealthComponents; ++c) {
    HealthComponent& h = r.components[c];
    if (!h.present) continue;
    h.weight = total_weight > 0 ? weight(c) / total_weight : 0;
    weighted += weight(c) * h.points;
    group_sum[c / 2] += h.points;
    group_n[c / 2] += 1;
  }
  for (size_t g = 0; g < 4; ++g) {
    if (group_n[g] > 0) r.groups[g] = group_sum[g] / group_n[g];
  }
  // One division, not a sum of points times rounded weights: whole points and weights give the
  // mean exactly, so a half rounds up as documented ((70 x 11 + 100 x 40) / 60 = 79.5 -> 80, where
  // the sum of shares gave 79.49999999999999 -> 79, "coping" instead of "healthy").
  r.score_exact = total_weight > 0 ? weighted / total_weight : 0;
  // Fractional weights are not exact in binary (1.027 and 0.533 on 100 and 40 points: 79.5 in
  // decimals, 79.49999999999999 here): within 1e-9 of a half counts as the half.
  r.score = int(std::floor(r.score_exact + 0.5 + 1e-9));
  r.tier = r.score < 40 ? "vulnerable" : r.score < 80 ? "coping" : "healthy";
  return r;
}

}  // namespace

HealthResult score_health(const HealthInput& in) {
  HealthResult r = score_components(in);
  // A gain is the whole input re-scored with the change made, not the component's own points:
  // less spending also stretches the months liquid savings cover. A gain must beat the best by
  // more than float noise to take its place (on a tie the earlier component stays best).
  double best_gain = 0;
  for (size_t c = 0; c < kHealthComponents; ++c) {
    HealthComponent& h = r.components[c];
    // No improvement that shows no change: a component at full points as shown (to the hundredth:
    // spending of 2.10 on 3.00 is 70 %, though 2.1 / 3 is a hair over 0.7 in doubles; debt
    // payments a hair over 10 % of income), or money that rounds to 0.00 (spending 35.01 on 50.01
    // is 0.003 over 70 %): "0.00 a month less" was offered.
    if (h.improvement && (std::round(h.points * 100) >= 100 * 100 || (h.improvement->money && to_cents(h.improvement->amount) == 0)))
      h.improvement.reset();
    if (!h.improvement) continue;
    h.improvement->score_gain = score_components(improved(in, *h.improvement)).score_exact - r.score_exact;
    // Nor one that does not raise the score: spending cut to 0 (the only whole cent under 70 % of
    // an income of 0.01) leaves liquid savings without months, and the score fell (a review's case).
    if (!(h.improvement->score_gain > 1e-9)) {
      h.improvement.reset();
      continue;
    }
    if (h.improvement->score_gain > best_gain + 1e-9) {
      best_gain = h.improvement->score_gain;
      r.best = int(c);
    }
  }
  return r;
}

}  // namespace nestegg
