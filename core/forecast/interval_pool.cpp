// SPDX-License-Identifier: MIT
#include "interval_pool.hpp"

#include <algorithm>
#include <cmath>

#include "student_t.hpp"

namespace nestegg {

namespace {

// The mixture's distribution function at q.
double mixture_cdf(double q, const std::vector<double>& mean, const std::vector<double>& lower,
                   const std::vector<double>& upper, double z) {
  double sum = 0;
  for (size_t k = 0; k < mean.size(); ++k) {
    const double sd = (q < mean[k] ? mean[k] - lower[k] : upper[k] - mean[k]) / z;
    sum += sd > 0 ? 0.5 * std::erfc((mean[k] - q) / (sd * std::sqrt(2.0))) : (q >= mean[k] ? 1.0 : 0.0);
  }
  return sum / double(mean.size());
}

// The p-quantile by bisection: between the lowest lower bound (every member's distribution function
// is at most the tail there) and the highest upper bound (at least 1 - tail).
double mixture_quantile(double p, const std::vector<double>& mean, const std::vector<double>& lower,
                        const std::vector<double>& upper, double z) {
  double a = *std::min_element(lower.begin(), lower.end()), b = *std::max_element(upper.begin(), upper.end());
  for (int it = 0; it < 100 && b - a > 1e-12 * std::max(1.0, std::fabs(a) + std::fabs(b)); ++it) {
    const double c = 0.5 * (a + b);
    (mixture_cdf(c, mean, lower, upper, z) < p ? a : b) = c;
  }
  return 0.5 * (a + b);
}

}  // namespace

std::pair<double, double> pooled_interval(const std::vector<double>& mean, const std::vector<double>& lower,
                                          const std::vector<double>& upper, double level, double centre) {
  const double tail = (1 - level / 100) / 2, z = normal_quantile(1 - tail);
  const double lo = mixture_quantile(tail, mean, lower, upper, z);
  const double hi = mixture_quantile(1 - tail, mean, lower, upper, z);
  return {std::min(lo, centre), std::max(hi, centre)};
}

}  // namespace nestegg
