// SPDX-License-Identifier: MIT
// The inner loop of ARIMA estimation, kept apart so that the size-budgeted wasm build can compile
// it on its own terms (see CMakeLists.txt): expanding the multiplicative lag polynomials, the
// conditional sum of squares over the differenced series and its derivatives. The optimiser runs
// these thousands of times per automatic search on series of a few dozen values, so nothing here
// allocates once its buffers have grown: on short series malloc cost as much as the arithmetic.
#pragma once
#include <vector>

#include "arima.hpp"

namespace nestegg {

// The multiplicative model multiplied out: w_t = sum ar_k w_{t-k} + e_t + sum ma_k e_{t-k}.
// Dense (index k - 1 for lag k) and, for the recursions, the nonzero lags alone: seasonal products
// are mostly zeros ((1 - a B)(1 - b B^12) has 3 nonzero lags of 13).
struct LagPolynomial {
  std::vector<double> dense;
  std::vector<int> lag;  // increasing
  std::vector<double> c;
};
struct ExpandedArma {
  LagPolynomial ar, ma;
};

// Coefficients in the optimiser's order: p AR, q MA, P seasonal AR, Q seasonal MA.
void expand(const double* x, const ArimaOrder& o, ExpandedArma& out);

// Reused storage for css() and css_normal_equations().
struct CssBuffers {
  std::vector<double> centred;
  std::vector<double> padded;       // zeros, then the residuals of the last css()
  size_t pad = 0;
  std::vector<double> filtered;     // the series and residuals through one factor each
  std::vector<double> derivatives;  // one padded series per coefficient
  // The last css()'s residuals, one per value of w (zeros before `start`).
  const double* residuals() const { return padded.data() + pad; }
};

// Conditional sum of squares on the differenced series w: residuals from index `start` (the AR
// order) on, earlier residuals taken as zero (R's ARIMA_CSS); they are left in buf.residuals().
// Returns the sum of their squares (w.size() - start of them).
double css(const std::vector<double>& w, double mu, size_t start, const ExpandedArma& arma, CssBuffers& buf);

// Gauss-Newton's normal equations for the CSS at coefficients x (the optimiser's order, then the
// constant when o.constant): J'J (k x k, row-major) and J'e of the residuals e_start.. e_n-1, with
// J their exact derivatives, from differentiating the recursion itself — the same cost as one
// residual pass per coefficient, but in one sweep and without finite differences' rounding.
// `arma` must be expand(x, o), and buf must hold css()'s residuals at x.
void css_normal_equations(const std::vector<double>& w, const double* x, const ArimaOrder& o, size_t start,
                          const ExpandedArma& arma, CssBuffers& buf, std::vector<double>& jtj,
                          std::vector<double>& jte);

}  // namespace nestegg
