// SPDX-License-Identifier: MIT
// Householder QR with column pivoting, A P = Q R (Businger & Golub 1965; the column norms
// downdated as LAPACK's dlaqp2 does, recomputed when cancellation has eaten their digits). It
// solves least squares to the conditioning of A itself (the normal equations square it) and its
// pivots expose dependent columns: after pivoting |R_ii| does not increase down the diagonal, and
// the columns past the numerical rank are the ones that are combinations of those before.
#pragma once
#include <cstdint>
#include <vector>

#include "dense_matrix.hpp"

namespace nestegg {

struct PivotedQr {
  DenseMatrix qr;             // R on and above the diagonal; below, reflector i's v (v_i = 1 implied)
  std::vector<double> tau;    // H_i = I - tau_i v v'
  std::vector<int64_t> perm;  // column i of R is column perm[i] of A

  // Columns whose |R_ii| exceeds threshold * max |R_jj|: the numerical rank.
  int64_t rank(double threshold) const;
  // min |A x - y| for A of full column rank (rows >= cols): x in A's column order.
  std::vector<double> solve(std::vector<double> y) const;
  // (A'A)^-1 = P R^-1 R^-T P', in A's column order (full column rank).
  DenseMatrix inverse_gram() const;
};

// Factors `a` in place (it becomes PivotedQr::qr: no second copy of a tall matrix).
PivotedQr householder_qr(DenseMatrix a);

}  // namespace nestegg
