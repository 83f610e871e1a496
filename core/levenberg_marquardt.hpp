// SPDX-License-Identifier: MIT
// Nonlinear least squares by Levenberg-Marquardt: minimises sum r_i(x)^2 for a handful of
// parameters. The problem supplies Gauss-Newton's normal equations (J'J and J'r) at a point, so
// that it can compute its Jacobian however is cheapest and most exact (ARIMA differentiates its
// recursion); it may refuse a point (returns false: outside the stationary / invertible region,
// say), and the step is then shortened. Used for ARIMA's conditional sum of squares and for ETS's
// likelihood (a sum of squares too, see ets_jacobian.hpp), where it converges in a few dozen
// passes instead of the hundreds a simplex needs.
#pragma once
#include <functional>
#include <vector>

namespace nestegg {

// At x: the sum of squares of the residuals r(x) and, when jtj is not null, J'J (k x k, row-major)
// and J'r. Trial points are asked for the sum of squares alone (a fifth to a third of the trials
// are turned down, and the derivatives cost several residual passes); the normal equations only where a step
// is taken.
using NormalEquationsFn =
    std::function<bool(const std::vector<double>& x, double& ssq, std::vector<double>* jtj, std::vector<double>* jtr)>;

struct LmResult {
  std::vector<double> x;
  double ssq = 0;
};

struct LmOptions {
  int max_iterations = 100;
  // Stops after `patience` accepted steps in a row that lower the sum of squares by less than
  // rel_tol of it (1e-8: optim's default relative tolerance).
  double rel_tol = 1e-8;
  int patience = 1;
  // Damping of the first step, relative to J'J's diagonal: small trusts Gauss-Newton at once.
  double initial_damping = 1e-3;
  // Optional box (empty: none; +-inf for an unbounded coordinate): a step is projected onto it,
  // and a coordinate on a bound that the gradient pushes outward stays there.
  std::vector<double> lower, upper;
};

// Stops on the options' tolerance, after their max_iterations steps, or when no damping finds a
// way down.
LmResult levenberg_marquardt(const NormalEquationsFn& f, std::vector<double> start, const LmOptions& options = {});

}  // namespace nestegg
