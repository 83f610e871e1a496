// SPDX-License-Identifier: MIT
// Least squares on a row-major design matrix, the numerical heart of savings prediction.
//
// Columns are centred (with an intercept) and scaled to unit standard deviation before solving,
// which keeps trend columns (1..n) and money columns (thousands) on one footing; coefficients are
// reported in the original units. Two solvers:
//  - "qr": column-pivoted Householder QR of a standardized copy (householder_qr). Accurate to the
//    conditioning of X itself, and it names collinear columns. Needs an n x p copy.
//  - "normal": Cholesky of Z'Z (cholesky), accumulated in one streaming pass without a copy. As
//    accurate as QR while cond(Z) is modest (its error grows with cond(Z)^2), so "auto" uses it for
//    large inputs only when cond(Z) (from the eigenvalues of Z'Z: symmetric_eigenvalues) stays below 1e3, and QR otherwise; asked
//    for explicitly past that, it refuses rather than answer with fewer digits.
// Ridge (lambda >= 0) penalises the standardized coefficients, never the intercept.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nestegg {

struct MatrixView {
  const double* data = nullptr;  // row-major
  int64_t rows = 0;
  int64_t cols = 0;
  double at(int64_t i, int64_t j) const { return data[i * cols + j]; }
};

// Where the caller's request holds the rows and the columns: the `field` of the errors and
// warnings a fit reports. The caller names its own fields; the fit knows only rows and columns.
struct DesignFields {
  const char* rows = "rows";
  const char* columns = "columns";
};

struct FitOptions {
  DesignFields fields;
  bool intercept = true;
  double ridge = 0;
  std::string solver = "auto";  // auto | qr | normal
};

struct LinearFit {
  bool intercept = true;
  double intercept_value = 0;
  std::vector<double> coef;         // original units, one per column
  std::vector<double> mean, scale;  // standardization used (mean 0 without intercept)
  std::vector<uint8_t> dropped;        // constant columns left out (coefficient 0)
  double sigma = 0;                 // residual standard deviation (RSS / dof)
  int64_t n = 0;
  int64_t dof = 0;
  // Covariance of [intercept, coef...] in original units, (p+1)^2 row-major; with ridge it is the
  // sandwich sigma^2 A^-1 Z'Z A^-1, an approximation. Empty when dof <= 0.
  std::vector<double> covariance;
  std::string solver;  // the one actually used
  double condition_estimate = 0;  // 2-norm cond of the standardised design (ridge included)
  double predict(const double* x) const;
  // Standard deviation of a new observation at x, sqrt(sigma^2 + x~' C x~); NaN when the covariance
  // is undefined. Finite wherever the result is: a sigma over 1e154 (an edited model) is not squared.
  double prediction_sd(const double* x) const;
};

struct RankDeficiency {
  std::vector<int64_t> columns;  // columns that are linear combinations of others (or constant)
};

// Fits rows [0, rows) of X against y. Throws NesteggError on rank deficiency (code
// "rank_deficient", listing the columns) unless ridge > 0, and when rows are too few.
LinearFit fit_least_squares(const MatrixView& X, const double* y, const FitOptions& options,
                            const std::vector<std::string>& names);

}  // namespace nestegg
