// SPDX-License-Identifier: MIT
// health.score: a 0-100 financial health score from a household's own numbers, on the structure
// of the common eight-indicator model (spend, save, borrow, plan; two indicators each), with
// nestegg's own names, scales and wording.
//
// Each component turns one measure into 0-100 points by a piecewise-linear scale (the breakpoints
// below, also tabled in README "health.score"), constant beyond its ends, so points never fall as
// the measure improves. The score is the weighted mean of the components whose inputs are present
// (equal weights unless the caller gives others), renormalised over them; a component whose input
// is missing is left out and listed, never guessed. Tiers: vulnerable < 40 <= coping < 80 <= healthy,
// on the score rounded to a whole number (what a person sees).
#pragma once
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nestegg {

inline constexpr size_t kHealthComponents = 8;

// A scale: measures x (ascending) and the points at each; linear between, flat outside. A
// constant table (no start-up code, no allocation).
struct HealthScale {
  const char* component;   // spending_vs_income, ...
  const char* group;       // spend, save, borrow, plan
  const char* measure;     // what x is, for the README table and responses
  int n;                   // breakpoints used (3 or 4)
  double x[4];
  double points[4];
};

// The nine scales, in component order, then the debt balance scale: the debt component has two
// (payments, balance) and takes the mean of those given.
inline constexpr size_t kHealthScales = kHealthComponents + 1;
extern const HealthScale kHealthScale[kHealthScales];
double scale_points(const HealthScale& s, double x);

struct HealthInput {
  std::optional<double> monthly_income;           // after tax, > 0
  std::optional<double> monthly_spending;         // everything spent in a month, bills included
  std::optional<double> bills_on_time;            // share of bills paid on time, last 12 months, 0-1
  std::optional<double> liquid_savings;           // cash and savings reachable within days
  std::optional<double> goal_confidence;          // probability of reaching the long-term goal, 0-1
                                                  // (goals.simulate's probability_of_success)
  std::optional<double> monthly_debt_payments;    // all debt payments due a month
  std::optional<double> debt_balance;             // what is owed, mortgage excluded
  std::optional<double> credit_score;             // 300-850
  std::optional<double> insurance_coverage;       // share of the needed cover held, 0-1
  std::optional<double> planning_horizon_months;  // how far ahead the household plans its money
  std::array<double, kHealthComponents> weights{1, 1, 1, 1, 1, 1, 1, 1};
};

struct HealthImprovement {
  const char* input = "";   // the input to change
  double target = 0;        // the measure to reach (ratio, months, score, share)
  double amount = 0;        // the change of the input that reaches it (money, points, share, months)
  double points_after = 0;  // the component's points then
  double score_gain = 0;    // what the overall score gains
  std::string text;
  bool money = false;       // amount is money (rounded to the cent in responses)
};

struct HealthComponent {
  const char* name = "";
  const char* group = "";
  bool present = false;
  std::vector<const char*> needs;   // missing: the inputs that would make it count
  const char* why = nullptr;        // missing although its inputs are given: why (a zero denominator)
  // The measures its points come from, by name (debt: payments to income and / or balance to a
  // year's income); always finite: a measure with a zero denominator leaves the component missing
  // (only monthly_spending can be 0; monthly_income is at least 0.01).
  std::vector<std::pair<const char*, double>> measures;
  double points = 0;
  double weight = 0;                // renormalised over present components (0 when missing)
  std::optional<HealthImprovement> improvement;  // none at full points
};

struct HealthResult {
  double score_exact = 0;
  int score = 0;              // rounded half up
  const char* tier = "";      // vulnerable, coping, healthy
  std::array<std::optional<double>, 4> groups;  // spend, save, borrow, plan: mean points of present components
  std::vector<HealthComponent> components;
  int best = -1;              // the component whose improvement raises the score most (-1: all at 100)
  bool renormalised = false;  // some component was missing
};

inline constexpr const char* kHealthGroups[4] = {"spend", "save", "borrow", "plan"};

// Needs at least one present component with a positive weight (the caller checks: no_components).
HealthResult score_health(const HealthInput& in);

}  // namespace nestegg
