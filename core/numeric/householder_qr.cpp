// SPDX-License-Identifier: MIT
#include "householder_qr.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <numeric>

namespace nestegg {

namespace {

double tail_norm2(const double* c, int64_t from, int64_t to) {
  double s = 0;
  for (int64_t r = from; r < to; ++r) s += c[r] * c[r];
  return s;
}

void swap_columns(PivotedQr& f, std::vector<double>& norms, std::vector<double>& original, int64_t i, int64_t p) {
  std::swap_ranges(f.qr.column(i), f.qr.column(i) + f.qr.rows, f.qr.column(p));
  std::swap(norms[size_t(i)], norms[size_t(p)]);
  std::swap(original[size_t(i)], original[size_t(p)]);
  std::swap(f.perm[size_t(i)], f.perm[size_t(p)]);
}

// Makes column i's reflector: x = A(i.., i) becomes (beta, v_1..), beta = -sign(x_0) |x|, so that
// H x = beta e_1; tau = 0 when x is already a multiple of e_1.
double make_reflector(double* x, int64_t i, int64_t n) {
  const double below = tail_norm2(x, i + 1, n);
  if (below == 0) return 0;
  const double beta = -std::copysign(std::sqrt(below + x[i] * x[i]), x[i]);
  const double v0 = x[i] - beta;
  for (int64_t r = i + 1; r < n; ++r) x[r] /= v0;
  const double tau = (beta - x[i]) / beta;
  x[i] = beta;
  return tau;
}

// c -= tau v (v' c) on rows i.., v = (1, x[i+1..]).
void apply_reflector(const double* x, double tau, int64_t i, int64_t n, double* c) {
  if (tau == 0) return;
  double w = c[i];
  for (int64_t r = i + 1; r < n; ++r) w += x[r] * c[r];
  w *= tau;
  c[i] -= w;
  for (int64_t r = i + 1; r < n; ++r) c[r] -= w * x[r];
}

}  // namespace

PivotedQr householder_qr(DenseMatrix a) {
  PivotedQr f;
  f.qr = std::move(a);
  const int64_t n = f.qr.rows, k = f.qr.cols, steps = std::min(n, k);
  f.tau.assign(size_t(steps), 0.0);
  f.perm.resize(size_t(k));
  std::iota(f.perm.begin(), f.perm.end(), int64_t(0));
  std::vector<double> norms(static_cast<size_t>(k)), original(static_cast<size_t>(k));
  for (int64_t j = 0; j < k; ++j) original[size_t(j)] = norms[size_t(j)] = std::sqrt(tail_norm2(f.qr.column(j), 0, n));
  const double recompute_below = std::sqrt(DBL_EPSILON);  // dlaqp2's tol3z
  for (int64_t i = 0; i < steps; ++i) {
    const int64_t p = int64_t(std::max_element(norms.begin() + i, norms.end()) - norms.begin());
    if (p != i) swap_columns(f, norms, original, i, p);
    double* x = f.qr.column(i);
    f.tau[size_t(i)] = make_reflector(x, i, n);
    for (int64_t j = i + 1; j < k; ++j) {
      double* c = f.qr.column(j);
      apply_reflector(x, f.tau[size_t(i)], i, n, c);
      double& norm = norms[size_t(j)];
      if (norm == 0) continue;
      const double ratio = std::fabs(c[i]) / norm;
      const double left = std::max(0.0, (1 + ratio) * (1 - ratio));
      const double drift = left * (norm / original[size_t(j)]) * (norm / original[size_t(j)]);
      if (drift <= recompute_below) {
        original[size_t(j)] = norm = std::sqrt(tail_norm2(c, i + 1, n));
      } else {
        norm *= std::sqrt(left);
      }
    }
  }
  return f;
}

int64_t PivotedQr::rank(double threshold) const {
  const int64_t steps = int64_t(tau.size());
  double largest = 0;
  for (int64_t i = 0; i < steps; ++i) largest = std::max(largest, std::fabs(qr(i, i)));
  int64_t r = 0;
  for (int64_t i = 0; i < steps; ++i) r += std::fabs(qr(i, i)) > threshold * largest ? 1 : 0;
  return r;
}

std::vector<double> PivotedQr::solve(std::vector<double> y) const {
  const int64_t n = qr.rows, k = qr.cols;
  for (int64_t i = 0; i < k; ++i) apply_reflector(qr.column(i), tau[size_t(i)], i, n, y.data());  // y = Q' y
  for (int64_t i = k - 1; i >= 0; --i) {  // R z = (Q' y)[0, k)
    double s = y[size_t(i)];
    for (int64_t l = i + 1; l < k; ++l) s -= qr(i, l) * y[size_t(l)];
    y[size_t(i)] = s / qr(i, i);
  }
  std::vector<double> x(static_cast<size_t>(k));
  for (int64_t i = 0; i < k; ++i) x[size_t(perm[size_t(i)])] = y[size_t(i)];
  return x;
}

DenseMatrix PivotedQr::inverse_gram() const {
  const int64_t k = qr.cols;
  DenseMatrix rinv(k, k);  // R^-1, upper triangular, a column at a time
  for (int64_t j = 0; j < k; ++j) {
    rinv(j, j) = 1 / qr(j, j);
    for (int64_t i = j - 1; i >= 0; --i) {
      double s = 0;
      for (int64_t l = i + 1; l <= j; ++l) s += qr(i, l) * rinv(l, j);
      rinv(i, j) = -s / qr(i, i);
    }
  }
  DenseMatrix g(k, k);
  for (int64_t a = 0; a < k; ++a) {
    for (int64_t b = 0; b <= a; ++b) {  // (R^-1 R^-T)(a, b) = sum over l >= a of rinv(a, l) rinv(b, l)
      double s = 0;
      for (int64_t l = a; l < k; ++l) s += rinv(a, l) * rinv(b, l);
      g(perm[size_t(a)], perm[size_t(b)]) = g(perm[size_t(b)], perm[size_t(a)]) = s;
    }
  }
  return g;
}

}  // namespace nestegg
