// SPDX-License-Identifier: MIT
#include "monte_carlo.hpp"

#include <algorithm>
#include <cmath>

#include "annuity.hpp"
#include "stats.hpp"
#include "random.hpp"

namespace nestegg {

// Exact month-by-month percentiles without a full selection each month. A percentile moves little
// from one month to the next, so it is predicted from last month's value; one pass counts the
// values below a narrow bracket around each prediction and collects those inside it, and only that
// handful is ordered. When a bracket misses its ranks the month falls back to nth_element on a copy
// and the bracket widens. Either way the answer is numpy's, to the bit.
class MonthlyPercentiles {
 public:
  explicit MonthlyPercentiles(const std::vector<double>& qs)
      : qs_(qs), prev_(qs.size()), prev2_(qs.size()), width_(qs.size(), 0), inside_(qs.size()) {}

  std::vector<double> compute(const std::vector<double>& values, double growth, double contribution) {
    if (seen_ == 0) return fallback(values);
    const size_t n = values.size();
    std::vector<double> out(qs_.size());
    for (size_t j = 0; j < qs_.size(); ++j) {
      // Last month's change carried forward captures both the drift and the widening spread.
      const double predicted = seen_ >= 2 ? 2 * prev_[j] - prev2_[j] : prev_[j] * growth + contribution;
      const double lo = predicted - width_[j], hi = predicted + width_[j];
      // Branch-free count (about half the values are below a median: a branch would mispredict),
      // then a rarely-taken branch to collect the few values inside the bracket.
      size_t below = 0;
      for (double x : values) below += x < lo;
      std::vector<double>& in = inside_[j];
      in.clear();
      for (double x : values) {
        if (x >= lo && x <= hi) in.push_back(x);
      }
      const double pos = qs_[j] / 100.0 * double(n - 1);
      const size_t k = size_t(std::floor(pos));
      const size_t need_last = std::min(k + 1, n - 1);
      if (below > k || below + in.size() <= need_last) return fallback(values);
      const size_t a = k - below;
      std::nth_element(in.begin(), in.begin() + a, in.end());
      const double va = in[a];
      const double vb = need_last == k ? va : *std::min_element(in.begin() + a + 1, in.end());
      out[j] = va + (pos - double(k)) * (vb - va);
      // Shrink slowly: one lucky month must not leave next month a bracket too narrow to hit.
      width_[j] = std::max({3 * std::fabs(out[j] - predicted), 0.7 * width_[j], 1e-9 * std::fabs(out[j]) + 1e-6});
    }
    remember(out);
    return out;
  }

 private:
  // A full selection on a copy (the first month, or a bracket that missed), and wider brackets.
  std::vector<double> fallback(const std::vector<double>& values) {
    scratch_ = values;
    std::vector<double> out = percentiles_in_place(scratch_, qs_);
    for (size_t j = 0; j < qs_.size(); ++j) width_[j] = std::max(4 * width_[j], 0.01 * std::fabs(out[j]) + 1e-6);
    remember(out);
    return out;
  }
  void remember(const std::vector<double>& out) {
    prev2_ = prev_;
    prev_ = out;
    ++seen_;
  }

  std::vector<double> qs_, prev_, prev2_, width_, scratch_;
  std::vector<std::vector<double>> inside_;  // kept across months: their capacity is reused
  int64_t seen_ = 0;                         // months remembered
};

SimulationResult simulate_goal(const SimulationInput& in) {
  SimulationResult out;
  const size_t paths = size_t(in.paths);
  const double s = in.annual_volatility / std::sqrt(12.0);
  const double mu = std::log1p(in.annual_return / 12) - 0.5 * s * s;
  const double r = in.annual_return / 12;
  Rng rng(in.seed);

  std::vector<double> balance(paths, in.current);
  std::vector<int32_t> first_hit(paths, in.current >= in.target ? 0 : -1);
  size_t reached = in.current >= in.target ? paths : 0;
  MonthlyPercentiles monthly(in.percentiles);
  if (in.include_bands) out.bands.reserve(size_t(in.months));

  const double mean_growth = std::exp(mu);  // the growth when s == 0 (no draws at all)
  for (int64_t m = 1; m <= in.months; ++m) {
    for (size_t p = 0; p < paths; ++p) {
      const double g = s > 0 ? std::exp(mu + s * rng.normal()) : mean_growth;
      balance[p] = balance[p] * g + in.contribution;
      if (first_hit[p] < 0 && balance[p] >= in.target) {
        first_hit[p] = int32_t(m);
        ++reached;
      }
    }
    if (in.include_bands) {
      out.bands.push_back({m, monthly.compute(balance, mean_growth, in.contribution), double(reached) / double(paths)});
    }
  }

  size_t success = 0;
  double sum = 0;
  for (double b : balance) {
    success += b >= in.target;
    sum += b;
  }
  out.probability_of_success = double(success) / double(paths);
  out.probability_reached_anytime = double(reached) / double(paths);
  out.mean_final_balance = sum / double(paths);
  out.expected_final_balance = future_value(in.current, in.contribution, r, double(in.months));
  std::vector<double> scratch = balance;
  out.final_percentiles = percentiles_in_place(scratch, in.percentiles);

  std::vector<double> hits;
  for (int32_t h : first_hit) {
    if (h >= 0) hits.push_back(double(h));
  }
  if (!hits.empty()) out.months_to_target_percentiles = percentiles_in_place(hits, in.percentiles);
  return out;
}

}  // namespace nestegg
