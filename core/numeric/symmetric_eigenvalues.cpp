// SPDX-License-Identifier: MIT
#include "symmetric_eigenvalues.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "stable_order.hpp"

namespace nestegg {

namespace {

// sqrt(a^2 + b^2) without overflow. Not std::hypot: libm's may round differently between the
// native and the wasm build, and the answers must match to the bit.
double pythag(double a, double b) {
  const double m = std::max(std::fabs(a), std::fabs(b));
  if (m == 0) return 0;
  const double x = a / m, y = b / m;
  return m * std::sqrt(x * x + y * y);
}

// Reduces `a` to tridiagonal T = Q' A Q: d its diagonal, e[i] = T(i+1, i), e[n-1] = 0. Each step
// is GVL Algorithm 8.3.1: a reflector H = I - beta v v' zeroes column k below the subdiagonal and
// the trailing block becomes H A22 H = A22 - v w' - w v'.
void tridiagonalise(DenseMatrix& a, std::vector<double>& d, std::vector<double>& e) {
  const int64_t n = a.rows;
  std::vector<double> p(static_cast<size_t>(n));
  for (int64_t k = 0; k + 2 < n; ++k) {
    double* v = a.column(k);  // v lives in rows k+1..n-1 of column k
    double norm2 = 0;
    for (int64_t i = k + 1; i < n; ++i) norm2 += v[i] * v[i];
    const double below = norm2 - v[k + 1] * v[k + 1];
    if (below == 0) {  // already tridiagonal in this column
      e[size_t(k)] = v[k + 1];
      continue;
    }
    const double alpha = -std::copysign(std::sqrt(norm2), v[k + 1]);
    v[k + 1] -= alpha;
    const double beta = 2 / (below + v[k + 1] * v[k + 1]);
    for (int64_t i = k + 1; i < n; ++i) p[size_t(i)] = 0;
    for (int64_t j = k + 1; j < n; ++j) {
      const double* cj = a.column(j);
      const double vj = v[j];
      for (int64_t i = k + 1; i < n; ++i) p[size_t(i)] += cj[i] * vj;
    }
    double pv = 0;
    for (int64_t i = k + 1; i < n; ++i) pv += (p[size_t(i)] *= beta) * v[i];
    const double half = beta * pv / 2;
    for (int64_t i = k + 1; i < n; ++i) p[size_t(i)] -= half * v[i];  // p is now w
    for (int64_t j = k + 1; j < n; ++j) {
      double* cj = a.column(j);
      const double vj = v[j], wj = p[size_t(j)];
      for (int64_t i = k + 1; i < n; ++i) cj[i] -= v[i] * wj + p[size_t(i)] * vj;
    }
    e[size_t(k)] = alpha;
  }
  for (int64_t i = 0; i < n; ++i) d[size_t(i)] = a(i, i);
  if (n >= 2) e[size_t(n - 2)] = a(n - 1, n - 2);
}

// Implicit QL with Wilkinson's shift on the tridiagonal (d, e); d becomes the eigenvalues.
bool tridiagonal_ql(std::vector<double>& d, std::vector<double>& e) {
  const int64_t n = int64_t(d.size());
  for (int64_t l = 0; l < n; ++l) {
    for (int iter = 0;; ++iter) {
      int64_t m = l;
      for (; m + 1 < n; ++m) {
        const double dd = std::fabs(d[size_t(m)]) + std::fabs(d[size_t(m + 1)]);
        if (std::fabs(e[size_t(m)]) <= DBL_EPSILON * dd) break;
      }
      if (m == l) break;
      if (iter == 60) return false;
      double g = (d[size_t(l + 1)] - d[size_t(l)]) / (2 * e[size_t(l)]);
      double r = pythag(g, 1);
      g = d[size_t(m)] - d[size_t(l)] + e[size_t(l)] / (g + std::copysign(r, g));
      double s = 1, c = 1, p = 0;
      bool split = false;
      for (int64_t i = m - 1; i >= l; --i) {
        const double f = s * e[size_t(i)], b = c * e[size_t(i)];
        r = pythag(f, g);
        e[size_t(i + 1)] = r;
        if (r == 0) {  // the matrix split: deflate and start over from l
          d[size_t(i + 1)] -= p;
          e[size_t(m)] = 0;
          split = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[size_t(i + 1)] - p;
        r = (d[size_t(i)] - g) * s + 2 * c * b;
        p = s * r;
        d[size_t(i + 1)] = g + p;
        g = c * r - b;
      }
      if (split) continue;
      d[size_t(l)] -= p;
      e[size_t(l)] = g;
      e[size_t(m)] = 0;
    }
  }
  return true;
}

}  // namespace

std::vector<double> symmetric_eigenvalues(DenseMatrix a) {
  const int64_t n = a.rows;
  std::vector<double> d(static_cast<size_t>(n)), e(size_t(n), 0.0);
  tridiagonalise(a, d, e);
  if (!tridiagonal_ql(d, e)) return {};
  sort_stably(d, [](double x, double y) { return x < y; });  // n values after O(n^3): no sort of its own
  return d;
}

}  // namespace nestegg
