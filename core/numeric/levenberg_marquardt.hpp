// SPDX-License-Identifier: MIT
// Nonlinear least squares by Levenberg-Marquardt: minimises sum r_i(x)^2 for a handful of
// parameters. The problem supplies Gauss-Newton's normal equations (J'J and J'r) at a point, so
// that it can compute its Jacobian however is cheapest and most exact (ARIMA differentiates its
// recursion); it may refuse a point (returns false: outside the stationary / invertible region,
// say), and the step is then shortened. Used for ARIMA's conditional sum of squares and for ETS's
// likelihood (a sum of squares too, see ets_jacobian.hpp), where it converges in a few dozen
// passes instead of the hundreds a simplex needs.
#pragma once
#include <vector>

#include "function_ref.hpp"

namespace nestegg {

// The problem, in two parts. sum_of_squares(x, ssq) gives sum r_i(x)^2, or false to refuse x.
// normal_equations(x, jtj, jtr) gives J'J (k x k, row-major) and J'r; it is asked only at the point
// sum_of_squares was asked about last, and only where a step is taken, so a problem may reuse
// what that pass left (ARIMA its residuals). Trials that raise the sum of squares, a good part of
// them, then cost one residual pass instead of derivatives worth several.
// Both are references (function_ref.hpp): the callables must outlive the problem.
struct LeastSquaresProblem {
  FunctionRef<bool(const std::vector<double>& x, double& ssq)> sum_of_squares;
  FunctionRef<bool(const std::vector<double>& x, std::vector<double>& jtj, std::vector<double>& jtr)> normal_equations;
};

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
LmResult levenberg_marquardt(const LeastSquaresProblem& problem, std::vector<double> start,
                             const LmOptions& options = {});

}  // namespace nestegg
