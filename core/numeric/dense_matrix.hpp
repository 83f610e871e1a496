// SPDX-License-Identifier: MIT
// A dense column-major matrix of doubles: the storage the least-squares kernels (cholesky,
// householder_qr, symmetric_eigenvalues) work on. Column-major because each of them walks a
// column at a time (a reflector applied to the columns on its right, a rank-one update of a
// Gram matrix), so the inner loops run over contiguous memory.
//
// Why our own and not Eigen's: these kernels are the only linear algebra the engine needs (a
// Gram matrix of at most a thousand columns, a pivoted QR of a design); Eigen's templates for
// them were 72 KB of the .wasm (a sixth of its gzipped bytes went to one regression), and with
// plain scalar loops the native and wasm builds round identically, so `savings.train` answers
// the same to the bit everywhere (Eigen's SSE2 lanes natively summed in another order). Eigen
// stays the tests' independent reference (tests/unit/dense_kernels_test.cpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace nestegg {

struct DenseMatrix {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<double> values;  // column j at [j * rows, (j + 1) * rows)

  DenseMatrix() = default;
  DenseMatrix(int64_t r, int64_t c) : rows(r), cols(c), values(size_t(r * c), 0.0) {}
  double& operator()(int64_t i, int64_t j) { return values[size_t(j * rows + i)]; }
  double operator()(int64_t i, int64_t j) const { return values[size_t(j * rows + i)]; }
  double* column(int64_t j) { return values.data() + j * rows; }
  const double* column(int64_t j) const { return values.data() + j * rows; }
};

}  // namespace nestegg
