// SPDX-License-Identifier: MIT
// Cholesky factorisation A = L L' of a symmetric positive definite matrix, and what the
// regression needs from it: a solve and the inverse. Unpivoted: callers use it only on Gram
// matrices whose condition they have already bounded (linear_model.cpp), where it is as accurate
// as any pivoted variant and a pivot order cannot differ between builds.
#pragma once
#include <vector>

#include "dense_matrix.hpp"

namespace nestegg {

// Overwrites the lower triangle of `a` (square; only its lower triangle is read) with L. False
// when a pivot is not positive (A not positive definite to rounding); `a` is then unspecified.
bool cholesky_factor(DenseMatrix& a);

// Solves L L' x = b in place, L from cholesky_factor.
void cholesky_solve(const DenseMatrix& l, std::vector<double>& b);

// A^-1 (full, symmetric) from L.
DenseMatrix cholesky_inverse(const DenseMatrix& l);

}  // namespace nestegg
