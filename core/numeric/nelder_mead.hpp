// SPDX-License-Identifier: MIT
// Derivative-free minimisation by the Nelder-Mead simplex, following the algorithm of R's optim()
// (Nash's nmmin): same initial simplex, same reflection/expansion/contraction/shrink rules and the
// same relative stopping test. ETS fitting uses it because R's forecast::ets does, so that both
// land on the same optimum from the same start rather than on two different local minima.
#pragma once
#include <vector>

#include "function_ref.hpp"

namespace nestegg {

struct NelderMeadOptions {
  double rel_tol = 1.4901161193847656e-08;  // sqrt(DBL_EPSILON), optim's reltol
  int max_evaluations = 2000;
};

struct NelderMeadResult {
  std::vector<double> x;
  double value = 0;
  int evaluations = 0;
  bool converged = false;
};

// f may return +inf (or NaN) for infeasible points: they count as a very large value.
NelderMeadResult nelder_mead(FunctionRef<double(const double*)> f, std::vector<double> start,
                             const NelderMeadOptions& options = {});

}  // namespace nestegg
