// SPDX-License-Identifier: MIT
// Small polynomial helpers for the time-series models: products of lag polynomials and a root
// test that never finds roots (Schur-Cohn), used for admissibility, stationarity and invertibility.
#pragma once
#include <vector>

namespace nestegg {

// Coefficients in increasing powers: a[0] + a[1] z + ...
std::vector<double> poly_multiply(const std::vector<double>& a, const std::vector<double>& b);

// True when every root of a[0] + ... + a[d] z^d lies strictly inside |z| < r (a[d] != 0).
// Works on a copy; O(d^2).
bool roots_inside(const double* a, int degree, double r);

}  // namespace nestegg
