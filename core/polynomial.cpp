// SPDX-License-Identifier: MIT
#include "polynomial.hpp"

#include <cmath>

namespace nestegg {

std::vector<double> poly_multiply(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.empty() || b.empty()) return {};
  std::vector<double> out(a.size() + b.size() - 1, 0.0);
  for (size_t i = 0; i < a.size(); ++i)
    for (size_t j = 0; j < b.size(); ++j) out[i + j] += a[i] * b[j];
  return out;
}

bool roots_inside(const double* coefficients, int degree, double r) {
  // Fixed storage: this runs on every likelihood evaluation of a seasonal model.
  double a[64], next[64];
  if (degree < 0 || degree >= 64) return false;
  double scale = 1;
  for (int i = 0; i <= degree; ++i) {  // roots of p(r w) are those of p divided by r
    a[i] = coefficients[i] * scale;
    scale *= r;
  }
  for (int d = degree; d >= 1; --d) {
    if (std::fabs(a[0]) >= std::fabs(a[d])) return false;
    for (int i = 0; i < d; ++i) next[i] = a[d] * a[i + 1] - a[0] * a[d - 1 - i];
    const double lead = next[d - 1];  // a_d^2 - a_0^2 > 0; dividing keeps the products from underflowing
    for (int i = 0; i < d; ++i) a[i] = next[i] / lead;
  }
  return true;
}

}  // namespace nestegg
