// SPDX-License-Identifier: MIT
#include "levenberg_marquardt.hpp"

#include <cmath>
#include <limits>

namespace nestegg {

namespace {

double sum_squares(const std::vector<double>& r) {
  double s = 0;
  for (double v : r) s += v * v;
  return s;
}

// Solves the k x k symmetric positive definite system a x = b by Cholesky, in place (a is
// overwritten); false if not SPD.
bool cholesky_solve(std::vector<double>& a, std::vector<double>& b, size_t k) {
  for (size_t j = 0; j < k; ++j) {
    double d = a[j * k + j];
    for (size_t p = 0; p < j; ++p) d -= a[j * k + p] * a[j * k + p];
    if (!(d > 0)) return false;
    d = std::sqrt(d);
    a[j * k + j] = d;
    for (size_t i = j + 1; i < k; ++i) {
      double v = a[i * k + j];
      for (size_t p = 0; p < j; ++p) v -= a[i * k + p] * a[j * k + p];
      a[i * k + j] = v / d;
    }
  }
  for (size_t i = 0; i < k; ++i) {  // L y = b
    for (size_t p = 0; p < i; ++p) b[i] -= a[i * k + p] * b[p];
    b[i] /= a[i * k + i];
  }
  for (size_t i = k; i-- > 0;) {  // L' x = y
    for (size_t p = i + 1; p < k; ++p) b[i] -= a[p * k + i] * b[p];
    b[i] /= a[i * k + i];
  }
  return true;
}

}  // namespace

LmResult levenberg_marquardt(const ResidualFn& residuals, std::vector<double> x, int max_iterations, double rel_tol) {
  LmResult out;
  const size_t k = x.size();
  std::vector<double> r, r_try;
  ++out.passes;
  if (!residuals(x, r)) {
    out.x = std::move(x);
    out.ssq = std::numeric_limits<double>::infinity();
    return out;
  }
  double ssq = sum_squares(r);
  const size_t n = r.size();
  double lambda = 1e-3;
  std::vector<double> jac(n * k), a(k * k), damped(k * k), g(k), step(k), x_try(k);
  for (int it = 0; it < max_iterations && k > 0; ++it) {
    // Forward differences; a refused point is differenced backwards instead.
    for (size_t j = 0; j < k; ++j) {
      const double h = 1e-7 * std::max(std::fabs(x[j]), 1e-2);
      x_try = x;
      x_try[j] += h;
      double sign = 1;
      ++out.passes;
      if (!residuals(x_try, r_try)) {
        x_try[j] = x[j] - h;
        sign = -1;
        ++out.passes;
        if (!residuals(x_try, r_try)) r_try = r;
      }
      double* column = &jac[j * n];  // columns contiguous: the products below stream through them
      for (size_t i = 0; i < n; ++i) column[i] = sign * (r_try[i] - r[i]) / h;
    }
    for (size_t p = 0; p < k; ++p) {
      const double* jp = &jac[p * n];
      g[p] = 0;
      for (size_t i = 0; i < n; ++i) g[p] += jp[i] * r[i];
      for (size_t q = 0; q <= p; ++q) {
        const double* jq = &jac[q * n];
        double s = 0;
        for (size_t i = 0; i < n; ++i) s += jp[i] * jq[i];
        a[p * k + q] = a[q * k + p] = s;
      }
    }
    bool accepted = false;
    for (int tries = 0; tries < 8 && !accepted; ++tries, lambda *= 10) {
      damped = a;
      for (size_t p = 0; p < k; ++p) damped[p * k + p] += lambda * std::max(a[p * k + p], 1e-12);
      for (size_t p = 0; p < k; ++p) step[p] = -g[p];
      if (!cholesky_solve(damped, step, k)) continue;
      for (size_t p = 0; p < k; ++p) x_try[p] = x[p] + step[p];
      ++out.passes;
      if (!residuals(x_try, r_try)) continue;
      const double s = sum_squares(r_try);
      if (s < ssq) {
        accepted = true;
        const double gain = (ssq - s) / ssq;
        x = x_try;
        r.swap(r_try);
        ssq = s;
        lambda = std::max(lambda / 100, 1e-12);  // the loop's *10 follows
        if (gain < rel_tol) {
          out.converged = true;
          it = max_iterations;
        }
      }
    }
    if (!accepted) {  // no downhill step at any damping: a minimum (to rounding)
      out.converged = true;
      break;
    }
  }
  out.x = std::move(x);
  out.ssq = ssq;
  return out;
}

}  // namespace nestegg
