// SPDX-License-Identifier: MIT
// Student's t distribution: CDF and quantile, for coefficient p-values, prediction intervals and
// the A/B comparison. Built on the regularized incomplete beta function (continued fraction,
// modified Lentz), so it needs nothing beyond <cmath>.
#pragma once
#include <vector>

namespace nestegg {

// I_x(a, b), the regularized incomplete beta function, for a, b > 0 and 0 <= x <= 1.
double incomplete_beta(double a, double b, double x);
// P(T <= t) for T ~ t(dof); dof may be fractional (Welch-Satterthwaite).
double student_t_cdf(double t, double dof);
// The t with P(T <= t) = p, 0 < p < 1, to full double precision (bisection on the CDF).
double student_t_quantile(double p, double dof);
// Standard normal quantile to full double precision (Acklam's rational approximation, then one
// Halley step on the normal CDF), 0 < p < 1; from basic operations only (normal_cdf.hpp), so the
// same natively and in wasm.
double normal_quantile(double p);

struct WelchResult {
  double mean_difference = 0;  // mean(b) - mean(a)
  double t = 0;
  double dof = 0;
  double p_value = 1;          // two-sided
};

// Welch's unequal-variance t-test of mean(b) - mean(a); nullopt-like `ok = false` when a sample has
// fewer than two values or both have no variance.
bool welch_t_test(const std::vector<double>& a, const std::vector<double>& b, WelchResult& out);

}  // namespace nestegg
