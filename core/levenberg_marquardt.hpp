// SPDX-License-Identifier: MIT
// Nonlinear least squares by Levenberg-Marquardt: minimises sum r_i(x)^2 for a handful of
// parameters. The problem supplies Gauss-Newton's normal equations (J'J and J'r) at a point, so
// that it can compute its Jacobian however is cheapest and most exact (ARIMA differentiates its
// recursion); it may refuse a point (returns false: outside the stationary / invertible region,
// say), and the step is then shortened. Used for ARIMA's conditional sum of squares, where it
// converges in a few dozen passes instead of the hundreds a simplex needs.
#pragma once
#include <functional>
#include <vector>

namespace nestegg {

// At x: the sum of squares, J'J (k x k, row-major) and J'r of the residuals r(x).
using NormalEquationsFn =
    std::function<bool(const std::vector<double>& x, double& ssq, std::vector<double>& jtj, std::vector<double>& jtr)>;

struct LmResult {
  std::vector<double> x;
  double ssq = 0;
};

// Stops when an accepted step lowers the sum of squares by less than rel_tol of it (1e-8: optim's
// default relative tolerance), after max_iterations steps, or when no damping finds a way down.
LmResult levenberg_marquardt(const NormalEquationsFn& f, std::vector<double> start, int max_iterations = 100,
                             double rel_tol = 1e-8);

}  // namespace nestegg
