// SPDX-License-Identifier: MIT
#include "peer_benchmarks.hpp"

#include <algorithm>
#include <cmath>

#include "basic_math.hpp"
#include "normal_cdf.hpp"

namespace nestegg {

namespace {

// Shares and ratios only over at least a cent: a 1e-300 denominator would make them infinite.
constexpr double kMinDenominator = 0.01;

const CeGroup* quintile_group(int q) {
  for (size_t i = 0; i < kCeGroupCount; ++i) {
    if (kCeGroups[i].dimension == CeDimension::income_quintile && kCeGroups[i].quintile == q) return &kCeGroups[i];
  }
  return nullptr;
}

// A money figure against the group's mean: difference, ratio and the percentile estimate.
MetricComparison money_metric(std::string name, double user, double peer_mean, const Spread& spread) {
  MetricComparison m;
  m.metric = std::move(name);
  m.user = user;
  if (peer_mean == kCeMissing) {
    m.note = "not in the shipped table (BLS publishes it; this copy lacks it)";
    return m;
  }
  m.peer = peer_mean;
  m.percentile = estimate_percentile(user, peer_mean, spread);
  return m;
}

MetricComparison rate_metric(const char* name, double user, double peer) {
  MetricComparison m;
  m.metric = name;
  m.money = false;
  m.user = user;
  m.peer = peer;
  m.note = "no percentile: the peer figure is a ratio of group means, not a distribution of households' rates";
  return m;
}

PeerComparison compare_with(const CeGroup& g, const char* selected_by, const PeerInput& in) {
  PeerComparison c{&g, selected_by, {}};
  if (in.income_before_taxes) {
    c.metrics.push_back(money_metric("income_before_taxes", *in.income_before_taxes, g.income_before_taxes, kIncomeSpread));
  }
  if (in.income_after_taxes) {
    c.metrics.push_back(money_metric("income_after_taxes", *in.income_after_taxes, g.income_after_taxes, kIncomeSpread));
  }
  if (in.expenditures) c.metrics.push_back(money_metric("expenditures", *in.expenditures, g.expenditures, kSpendingSpread));
  for (size_t k = 0; k < kCeCategories; ++k) {
    if (!in.spending[k]) continue;
    MetricComparison m = money_metric(std::string("spending.") + kCeCategoryNames[k], *in.spending[k],
                                      g.category_mean[k], kCategorySpread);
    if (in.expenditures && *in.expenditures >= kMinDenominator) m.user_share = *in.spending[k] / *in.expenditures;
    if (g.category_share_pct[k] != kCeMissing) m.peer_share = g.category_share_pct[k] / 100;
    c.metrics.push_back(std::move(m));
  }
  const double peer_ratio = g.expenditures / g.income_after_taxes;
  const bool have_ratio = in.expenditures && in.income_after_taxes && *in.income_after_taxes >= kMinDenominator;
  if (have_ratio) c.metrics.push_back(rate_metric("expense_ratio", *in.expenditures / *in.income_after_taxes, peer_ratio));
  if (in.savings_rate || have_ratio) {
    const double user = in.savings_rate ? *in.savings_rate : 1 - *in.expenditures / *in.income_after_taxes;
    c.metrics.push_back(rate_metric("savings_rate", user, 1 - peer_ratio));
  }
  return c;
}

}  // namespace

const CeGroup* find_ce_group(std::string_view id) {
  for (size_t i = 0; i < kCeGroupCount; ++i) {
    if (id == kCeGroups[i].id) return &kCeGroups[i];
  }
  return nullptr;
}

const CeGroup* age_group_for(int age) {
  for (size_t i = 0; i < kCeGroupCount; ++i) {
    const CeGroup& g = kCeGroups[i];
    if (g.dimension != CeDimension::age || std::string_view(g.id) == "65_plus") continue;
    if (age >= g.age_lo && age <= g.age_hi) return &g;
  }
  return nullptr;
}

double quintile_boundary(int upper_quintile) {
  return std::sqrt(quintile_group(upper_quintile - 1)->income_before_taxes *
                   quintile_group(upper_quintile)->income_before_taxes);
}

int quintile_for_income(double income_before_taxes) {
  int q = 1;
  while (q < 5 && income_before_taxes >= quintile_boundary(q + 1)) ++q;
  return q;
}

double lognormal_percentile(double x, double mean, double sigma) {
  if (x <= 0) return 0;
  // log and the CDF from basic operations: libm's differ between the native and wasm builds.
  return 100 * normal_cdf(log_basic(x / mean) / sigma + sigma / 2);
}

PercentileEstimate estimate_percentile(double x, double mean, const Spread& spread) {
  PercentileEstimate p;
  p.point = p.lower = p.upper = lognormal_percentile(x, mean, spread.sigma);
  // Not monotone in sigma (above the mean it falls, then rises): a fine grid finds the extremes.
  constexpr int kSteps = 40;
  for (int i = 0; i <= kSteps; ++i) {
    const double v = lognormal_percentile(x, mean, spread.lo + (spread.hi - spread.lo) * i / kSteps);
    p.lower = std::min(p.lower, v);
    p.upper = std::max(p.upper, v);
  }
  return p;
}

std::vector<PeerComparison> compare_to_peers(const PeerInput& in) {
  std::vector<PeerComparison> out;
  if (in.age_group) out.push_back(compare_with(*find_ce_group(*in.age_group), "age_group", in));
  else if (in.age) out.push_back(compare_with(*age_group_for(*in.age), "age", in));
  if (in.income_quintile) out.push_back(compare_with(*quintile_group(*in.income_quintile), "income_quintile", in));
  else if (in.income_before_taxes) {
    out.push_back(compare_with(*quintile_group(quintile_for_income(*in.income_before_taxes)), "income", in));
  }
  out.push_back(compare_with(*find_ce_group("all"), "all", in));
  return out;
}

}  // namespace nestegg
