// SPDX-License-Identifier: MIT
// Nonlinear least squares by Levenberg-Marquardt with a forward-difference Jacobian: minimises
// sum r_i(x)^2 for a handful of parameters. The residual function may refuse a point (returns
// false: outside the stationary / invertible region, say); the step is then shortened.
// Used for ARIMA's conditional sum of squares, where it converges in a few dozen residual passes
// instead of the hundreds a simplex needs.
#pragma once
#include <functional>
#include <vector>

namespace nestegg {

using ResidualFn = std::function<bool(const std::vector<double>& x, std::vector<double>& r)>;

struct LmResult {
  std::vector<double> x;
  double ssq = 0;
  int passes = 0;  // residual evaluations
  bool converged = false;
};

// Stops when an accepted step lowers the sum of squares by less than rel_tol of it (1e-8: optim's
// default relative tolerance), after max_iterations Jacobians, or when no damping finds a way down.
LmResult levenberg_marquardt(const ResidualFn& residuals, std::vector<double> start, int max_iterations = 100,
                             double rel_tol = 1e-8);

}  // namespace nestegg
