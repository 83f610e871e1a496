// SPDX-License-Identifier: MIT
#include "cholesky.hpp"

#include <cmath>

namespace nestegg {

// Left-looking, a column at a time: column j takes the dot products of the rows of L already
// known, so every inner loop runs down a column.
bool cholesky_factor(DenseMatrix& a) {
  const int64_t n = a.rows;
  for (int64_t j = 0; j < n; ++j) {
    double* cj = a.column(j);
    for (int64_t k = 0; k < j; ++k) {
      const double* ck = a.column(k);
      const double ljk = ck[j];
      for (int64_t i = j; i < n; ++i) cj[i] -= ljk * ck[i];
    }
    if (!(cj[j] > 0)) return false;  // also refuses NaN
    const double d = std::sqrt(cj[j]);
    for (int64_t i = j; i < n; ++i) cj[i] /= d;
  }
  return true;
}

void cholesky_solve(const DenseMatrix& l, std::vector<double>& b) {
  const int64_t n = l.rows;
  for (int64_t j = 0; j < n; ++j) {  // L y = b, by columns
    const double* c = l.column(j);
    b[size_t(j)] /= c[j];
    for (int64_t i = j + 1; i < n; ++i) b[size_t(i)] -= c[i] * b[size_t(j)];
  }
  for (int64_t i = n - 1; i >= 0; --i) {  // L' x = y: row i of L' is column i of L
    const double* c = l.column(i);
    double s = b[size_t(i)];
    for (int64_t k = i + 1; k < n; ++k) s -= c[k] * b[size_t(k)];
    b[size_t(i)] = s / c[i];
  }
}

DenseMatrix cholesky_inverse(const DenseMatrix& l) {
  const int64_t n = l.rows;
  DenseMatrix inv(n, n);
  std::vector<double> e(static_cast<size_t>(n));
  for (int64_t j = 0; j < n; ++j) {
    e.assign(size_t(n), 0.0);
    e[size_t(j)] = 1;
    cholesky_solve(l, e);
    for (int64_t i = 0; i < n; ++i) inv(i, j) = e[size_t(i)];
  }
  return inv;
}

}  // namespace nestegg
