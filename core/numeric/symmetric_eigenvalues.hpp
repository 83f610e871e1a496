// SPDX-License-Identifier: MIT
// Eigenvalues of a real symmetric matrix: Householder reduction to tridiagonal form, then the
// implicit QL iteration with Wilkinson's shift (Golub & Van Loan, Matrix Computations, 4th ed.,
// 8.3; the QL ordering as in Numerical Recipes' tqli). O(n^3) for the reduction, O(n^2) for the
// iteration; eigenvalues to about eps * |A|. The regression takes its condition number from the
// largest and smallest.
#pragma once
#include <vector>

#include "dense_matrix.hpp"

namespace nestegg {

// The eigenvalues of `a` (square, symmetric: both triangles read) in ascending order; empty when
// the iteration fails to converge in 60 sweeps for some eigenvalue (not seen on finite input).
std::vector<double> symmetric_eigenvalues(DenseMatrix a);

}  // namespace nestegg
