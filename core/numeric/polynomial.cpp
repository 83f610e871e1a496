// SPDX-License-Identifier: MIT
#include "polynomial.hpp"

#include <cmath>
#include <utility>

namespace nestegg {

std::vector<double> poly_multiply(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.empty() || b.empty()) return {};
  std::vector<double> out(a.size() + b.size() - 1, 0.0);
  for (size_t i = 0; i < a.size(); ++i)
    for (size_t j = 0; j < b.size(); ++j) out[i + j] += a[i] * b[j];
  return out;
}

bool roots_inside(const double* coefficients, int degree, double r) {
  // Fixed storage and swapped buffers: this runs on every likelihood evaluation of a seasonal model.
  double buf_a[64], buf_b[64];
  if (degree < 0 || degree >= 64) return false;
  double *a = buf_a, *next = buf_b;
  double scale = 1;
  for (int i = 0; i <= degree; ++i) {  // roots of p(r w) are those of p divided by r
    a[i] = coefficients[i] * scale;
    scale *= r;
  }
  for (int d = degree; d >= 1; --d) {
    const double lo = a[0], hi = a[d];
    if (std::fabs(lo) >= std::fabs(hi)) return false;
    // next = (a_d p(z) - a_0 p*(z)) / z, scaled by 1 / (a_d^2 - a_0^2) > 0 against underflow
    const double inv = 1 / (hi * hi - lo * lo);
    for (int i = 0; i < d; ++i) next[i] = (hi * a[i + 1] - lo * a[d - 1 - i]) * inv;
    std::swap(a, next);
  }
  return true;
}

}  // namespace nestegg
