// SPDX-License-Identifier: MIT
// Against published t-table values (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2) and closed forms.
#include <catch2/catch.hpp>

#include <cmath>

#include "student_t.hpp"

using namespace nestegg;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("t quantiles match the published table") {
  CHECK_THAT(student_t_quantile(0.975, 1), WithinRel(12.706204736174707, 1e-10));  // tan(pi * 0.475)
  CHECK_THAT(student_t_quantile(0.975, 10), WithinAbs(2.228, 5e-4));
  CHECK_THAT(student_t_quantile(0.95, 5), WithinAbs(2.015, 5e-4));
  CHECK_THAT(student_t_quantile(0.9, 30), WithinAbs(1.310, 5e-4));
  CHECK_THAT(student_t_quantile(0.995, 20), WithinAbs(2.845, 5e-4));
  CHECK_THAT(student_t_quantile(0.975, 1e7), WithinAbs(1.959964, 1e-5));  // the normal limit
  CHECK_THAT(student_t_quantile(0.5, 7), WithinAbs(0, 1e-14));
  // Just above the median the quantile is (p - 1/2) / f(0), f(0) = Gamma(4) / (Gamma(3.5) sqrt(7 pi)).
  const double f0 = std::exp(std::lgamma(4.0) - std::lgamma(3.5)) / std::sqrt(7 * M_PI);
  CHECK_THAT(student_t_quantile(0.5 + 1e-9, 7), WithinRel(1e-9 / f0, 1e-6));
}

TEST_CASE("t quantiles to full precision where they have a closed form, in the tails too") {
  // dof = 1: tan(pi (p - 1/2)) = -cot(pi p), written so that the tails keep their digits; dof = 2: (2p - 1) / sqrt(2 p (1 - p)). Newton's method from the
  // Cornish-Fisher start must land where bisection did, across levels and both tails.
  for (double p : {1e-9, 1e-4, 0.0025, 0.025, 0.1, 0.3, 0.49, 0.51, 0.8, 0.9, 0.975, 0.995, 0.9999}) {
    const double cauchy = p < 0.5 ? -1 / std::tan(M_PI * p) : 1 / std::tan(M_PI * (1 - p));
    CHECK_THAT(student_t_quantile(p, 1), WithinRel(cauchy, 1e-12));
    CHECK_THAT(student_t_quantile(p, 2), WithinRel((2 * p - 1) / std::sqrt(2 * p * (1 - p)), 1e-12));
  }
  // Fractional and large dof: the quantile puts the CDF at p.
  for (double dof : {0.5, 1.5, 3.7, 12.0, 127.0, 5e4})
    for (double p : {0.001, 0.1, 0.9, 0.975})
      CHECK_THAT(student_t_cdf(student_t_quantile(p, dof), dof), WithinRel(p, 1e-12));
}

TEST_CASE("t CDF closed forms") {
  // dof = 1 is Cauchy: F(t) = 1/2 + atan(t)/pi.  dof = 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2)).
  for (double t : {-5.0, -1.0, -0.3, 0.0, 0.7, 2.0, 10.0}) {
    CHECK_THAT(student_t_cdf(t, 1), WithinAbs(0.5 + std::atan(t) / M_PI, 1e-13));
    CHECK_THAT(student_t_cdf(t, 2), WithinAbs(0.5 + t / (2 * std::sqrt(2 + t * t)), 1e-13));
  }
  CHECK_THAT(incomplete_beta(2, 3, 0.4), WithinAbs(0.5248, 1e-12));  // 1 - (0.6^4 + 4*0.4*0.6^3)
}
