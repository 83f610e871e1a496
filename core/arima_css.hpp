// SPDX-License-Identifier: MIT
// The inner loop of ARIMA estimation, kept apart so that it alone is compiled for speed in the
// size-budgeted wasm build: expanding the multiplicative lag polynomials and the conditional sum
// of squares over the differenced series.
#pragma once
#include <utility>
#include <vector>

#include "arima.hpp"

namespace nestegg {

// (1 + sign * sum c_i B^(i step)) as increasing coefficients (sign -1 for AR factors, +1 for MA).
std::vector<double> lag_polynomial(const std::vector<double>& c, int step, double sign);

// The expanded ar_k (w_t = sum ar_k w_{t-k} + ...) and ma_k of the multiplicative model.
void expand(const ArimaCoefficients& c, int m, std::vector<double>& ar, std::vector<double>& ma);

using Sparse = std::vector<std::pair<size_t, double>>;  // (lag, coefficient), lag >= 1
Sparse sparse(const std::vector<double>& c);

// Conditional sum of squares on the differenced series w: residuals from index `start` (the AR
// order) on, earlier residuals taken as zero (R's ARIMA_CSS). Returns the sum of squares.
double css(const std::vector<double>& w, double mu, size_t start, const Sparse& ar, const Sparse& ma,
           std::vector<double>& resid, int& count);

}  // namespace nestegg
