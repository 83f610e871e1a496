// SPDX-License-Identifier: MIT
// Unconstrained minimisation by limited-memory BFGS (Nocedal 1980) with a backtracking Armijo line
// search. The objective returns its value and fills the gradient; +inf marks a point outside the
// feasible region (the line search then steps back), so simple barriers need no special handling.
#pragma once
#include <functional>
#include <vector>

namespace nestegg {

using GradientFn = std::function<double(const std::vector<double>& x, std::vector<double>& gradient)>;

struct LbfgsResult {
  std::vector<double> x;
  double value = 0;
  int evaluations = 0;
  int iterations = 0;
};

LbfgsResult lbfgs(const GradientFn& f, std::vector<double> start, int max_iterations = 200, double rel_tol = 1e-10);

}  // namespace nestegg
