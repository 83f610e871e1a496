// SPDX-License-Identifier: MIT
#include "interval_pool.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "basic_math.hpp"
#include "normal_cdf.hpp"
#include "student_t.hpp"

namespace nestegg {

namespace {

// One member's distribution as read off its bounds at the level: two half-normals about its point
// forecast, one below and one above, each putting its bound at the level's quantile. Bounds that
// do not hold their point forecast (none a combination passes today: a simulated member comes
// with its spreads) are read as the normal whose quantiles they are.
struct Member {
  double centre, sd_below, sd_above;  // sd 0: a point mass
};

Member read_member(double mean, double lower, double upper, double z, double widen) {
  if (lower <= mean && mean <= upper) return {mean, (mean - lower) * widen / z, (upper - mean) * widen / z};
  const double sd = (upper - lower) * widen / (2 * z);
  return {(lower + upper) / 2, sd, sd};
}

// The mixture's distribution function at q and its density there.
void mixture_at(double q, const std::vector<Member>& members, double& cdf, double& pdf) {
  constexpr double kInvSqrt2Pi = 0.39894228040143267794;
  cdf = pdf = 0;
  for (const Member& k : members) {
    const double sd = q < k.centre ? k.sd_below : k.sd_above;
    if (!(sd > 0)) {
      cdf += q >= k.centre ? 1.0 : 0.0;
      continue;
    }
    const double u = (q - k.centre) / sd;
    cdf += normal_cdf(u);  // not libm's erfc: glibc's and musl's differ (normal_cdf.hpp)
    pdf += kInvSqrt2Pi * exp_basic(-0.5 * u * u) / sd;
  }
  cdf /= double(members.size());
  pdf /= double(members.size());
}

// The p-quantile by Newton's method from `guess`, kept inside a bracket that shrinks as it goes
// (bisecting where a step would leave it): from the lowest lower bound (every member's distribution
// function is at most the tail there) to the highest upper bound (at least 1 - tail).
double mixture_quantile(double p, const std::vector<Member>& members, double a, double b, double guess) {
  const double tol = 1e-12 * std::max(1.0, std::fabs(a) + std::fabs(b));
  double q = std::clamp(guess, a, b);
  for (int it = 0; it < 200 && b - a > tol; ++it) {
    double cdf, pdf;
    mixture_at(q, members, cdf, pdf);
    (cdf < p ? a : b) = q;
    const double next = pdf > 0 ? q - (cdf - p) / pdf : 0.5 * (a + b);
    if (std::fabs(next - q) <= tol) return next;
    q = next > a && next < b ? next : 0.5 * (a + b);
  }
  return q;
}

}  // namespace

std::pair<double, double> pooled_interval(const std::vector<double>& mean, const std::vector<double>& lower,
                                          const std::vector<double>& upper, const std::vector<double>& widen,
                                          double level, double centre) {
  const double tail = (1 - level / 100) / 2, z = normal_quantile(1 - tail);
  std::vector<Member> members(mean.size());
  // Each member's distribution function is at most the tail at its (widened) lower bound and at
  // least 1 - tail at its upper one: the quantiles lie between the lowest lower and the highest upper.
  double a = std::numeric_limits<double>::infinity(), b = -a, lo_guess = 0, hi_guess = 0;
  for (size_t k = 0; k < mean.size(); ++k) {
    const Member& m = members[k] = read_member(mean[k], lower[k], upper[k], z, widen[k]);
    const double below = m.centre - z * m.sd_below, above = m.centre + z * m.sd_above;
    a = std::min(a, below), b = std::max(b, above);
    lo_guess += below, hi_guess += above;  // quantile averaging's bounds, which are close
  }
  const double lo = mixture_quantile(tail, members, a, b, lo_guess / double(mean.size()));
  const double hi = mixture_quantile(1 - tail, members, a, b, hi_guess / double(mean.size()));
  return {std::min(lo, centre), std::max(hi, centre)};
}

}  // namespace nestegg
