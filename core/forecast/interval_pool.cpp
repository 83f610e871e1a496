// SPDX-License-Identifier: MIT
#include "interval_pool.hpp"

#include <algorithm>
#include <cmath>

#include "student_t.hpp"

namespace nestegg {

namespace {

// The mixture's distribution function at q and its density there.
void mixture_at(double q, const std::vector<double>& mean, const std::vector<double>& lower,
                const std::vector<double>& upper, double z, double& cdf, double& pdf) {
  constexpr double kInvSqrt2 = 0.70710678118654752440, kInvSqrt2Pi = 0.39894228040143267794;
  cdf = pdf = 0;
  for (size_t k = 0; k < mean.size(); ++k) {
    const double sd = (q < mean[k] ? mean[k] - lower[k] : upper[k] - mean[k]) / z;
    if (!(sd > 0)) {
      cdf += q >= mean[k] ? 1.0 : 0.0;
      continue;
    }
    const double u = (q - mean[k]) / sd;
    cdf += 0.5 * std::erfc(-u * kInvSqrt2);
    pdf += kInvSqrt2Pi * std::exp(-0.5 * u * u) / sd;
  }
  cdf /= double(mean.size());
  pdf /= double(mean.size());
}

// The p-quantile by Newton's method from `guess`, kept inside a bracket that shrinks as it goes
// (bisecting where a step would leave it): from the lowest lower bound (every member's distribution
// function is at most the tail there) to the highest upper bound (at least 1 - tail).
double mixture_quantile(double p, const std::vector<double>& mean, const std::vector<double>& lower,
                        const std::vector<double>& upper, double z, double guess) {
  double a = *std::min_element(lower.begin(), lower.end()), b = *std::max_element(upper.begin(), upper.end());
  const double tol = 1e-12 * std::max(1.0, std::fabs(a) + std::fabs(b));
  double q = std::clamp(guess, a, b);
  for (int it = 0; it < 200 && b - a > tol; ++it) {
    double cdf, pdf;
    mixture_at(q, mean, lower, upper, z, cdf, pdf);
    (cdf < p ? a : b) = q;
    const double next = pdf > 0 ? q - (cdf - p) / pdf : 0.5 * (a + b);
    if (std::fabs(next - q) <= tol) return next;
    q = next > a && next < b ? next : 0.5 * (a + b);
  }
  return q;
}

}  // namespace

std::pair<double, double> pooled_interval(const std::vector<double>& mean, const std::vector<double>& lower,
                                          const std::vector<double>& upper, double level, double centre) {
  const double tail = (1 - level / 100) / 2, z = normal_quantile(1 - tail);
  // from the mean of the members' bounds (quantile averaging), which is close
  double lo_guess = 0, hi_guess = 0;
  for (size_t k = 0; k < mean.size(); ++k) lo_guess += lower[k], hi_guess += upper[k];
  const double lo = mixture_quantile(tail, mean, lower, upper, z, lo_guess / double(mean.size()));
  const double hi = mixture_quantile(1 - tail, mean, lower, upper, z, hi_guess / double(mean.size()));
  return {std::min(lo, centre), std::max(hi, centre)};
}

}  // namespace nestegg
