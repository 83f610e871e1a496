// SPDX-License-Identifier: MIT
// benchmarks.compare: a household's yearly figures set against its peers in the BLS Consumer
// Expenditure Survey 2023 (ce_survey_table.hpp): its age group, its income quintile and all
// consumer units. For each figure: the peer mean, the difference and ratio, and -- for money
// amounts -- an estimated percentile with the range it spans under the dispersion assumed.
//
// The distributional assumption (the table has means only, no spread of households):
//  - A money figure across the households of a group is taken as lognormal with the group's mean
//    and a log-scale standard deviation sigma, so ln X ~ N(ln mean - sigma^2/2, sigma^2) and
//        percentile(x) = 100 * Phi(ln(x / mean) / sigma + sigma / 2).
//    A household exactly at the mean therefore sits at Phi(sigma/2), above the 50th percentile
//    (the mean of a right-skewed spread is above its median: about the 62nd for sigma 0.6).
//  - sigma is assumed, not estimated from CE microdata: income 0.9 (a lognormal with Gini 0.48,
//    about the U.S. household income Gini; Gini = 2 Phi(sigma/sqrt 2) - 1), total spending 0.6
//    (Gini about 0.33, the order of consumption inequality), a category 0.8 (households spend
//    unevenly on any one category). The percentile's range is its minimum and maximum over sigma
//    across [lo, hi] of each (kIncomeSpread, ...), which is the uncertainty reported.
//  - Rates (savings rate, expense ratio) get no percentile: the table's are ratios of means, not
//    a distribution of households' rates.
// A figure of 0 sits at percentile 0 (a lognormal has no households at 0; real ones may have).
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ce_survey_table.hpp"

namespace nestegg {

struct Spread {
  double sigma, lo, hi;  // log-scale standard deviation assumed, and the range tried
};
inline constexpr Spread kIncomeSpread{0.9, 0.7, 1.1};
inline constexpr Spread kSpendingSpread{0.6, 0.45, 0.8};
inline constexpr Spread kCategorySpread{0.8, 0.5, 1.2};

struct PeerInput {  // yearly amounts, dollars
  std::optional<int> age;
  std::optional<std::string> age_group;  // a CE age id; takes the place of age
  std::optional<double> income_before_taxes;
  std::optional<int> income_quintile;     // 1..5; takes the place of income for the group
  std::optional<double> income_after_taxes;
  std::optional<double> expenditures;
  std::optional<double> savings_rate;     // given, else derived when income_after_taxes >= 0.01 and expenditures
  std::array<std::optional<double>, kCeCategories> spending;
};

struct PercentileEstimate {
  double point = 0, lower = 0, upper = 0;  // percent, 0..100
};

struct MetricComparison {
  std::string metric;                 // income_before_taxes, expenditures, spending.food, savings_rate, ...
  bool money = true;                  // a money figure (else a fraction)
  double user = 0;
  std::optional<double> peer;         // nullopt: the shipped table lacks it
  std::optional<PercentileEstimate> percentile;
  std::optional<double> user_share, peer_share;  // categories: share of total spending
  const char* note = nullptr;         // why the peer value or the percentile is absent
};

struct PeerComparison {
  const CeGroup* group = nullptr;
  std::string selected_by;  // "age", "age_group", "income", "income_quintile", "all"
  std::vector<MetricComparison> metrics;
};

const CeGroup* find_ce_group(std::string_view id);
// The finest age group holding `age` (65-74 and 75+ rather than 65+).
const CeGroup* age_group_for(int age);
// The income quintile (1..5) of a before-tax income. BLS's quintile limits are not in the table:
// the boundaries are taken halfway, on a log scale, between adjacent quintiles' mean incomes (the
// geometric mean of the two), an approximation reported as such.
int quintile_for_income(double income_before_taxes);
double quintile_boundary(int upper_quintile);  // the income between quintile q-1 and q (q = 2..5)
// 100 * Phi(ln(x / mean) / sigma + sigma / 2); 0 for x <= 0.
double lognormal_percentile(double x, double mean, double sigma);
PercentileEstimate estimate_percentile(double x, double mean, const Spread& spread);
// The groups compared: age group (when age or age_group), income quintile (when income or
// income_quintile), then all consumer units.
std::vector<PeerComparison> compare_to_peers(const PeerInput& in);

}  // namespace nestegg
