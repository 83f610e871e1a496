// SPDX-License-Identifier: MIT
#include "linear_model.hpp"

#include <cmath>
#include <limits>

#include "cholesky.hpp"
#include "error.hpp"
#include "householder_qr.hpp"
#include "symmetric_eigenvalues.hpp"

namespace nestegg {

namespace {

constexpr double kQrRankThreshold = 1e-10;     // |R_ii| / |R_00| below this: dependent column
// The normal equations' error grows like cond(Z)^2 eps: past 1e3 they can miss 1e-9 (measured on
// tests/fixtures' ill-scaled case: 1.1e-9 at cond 1.8e4, where QR stays at 6e-11).
constexpr double kNormalMaxCondition = 1e3;
constexpr int64_t kAutoQrCells = 400000;       // up to this many cells "auto" takes QR

void standardize(const MatrixView& X, const double* y, bool intercept, LinearFit& fit, double& y_mean) {
  const int64_t n = X.rows, p = X.cols;
  fit.mean.assign(size_t(p), 0);
  fit.scale.assign(size_t(p), 1);
  fit.dropped.assign(size_t(p), false);
  y_mean = 0;
  if (intercept) {
    for (int64_t i = 0; i < n; ++i) y_mean += y[i];
    y_mean /= double(n);
  }
  for (int64_t j = 0; j < p; ++j) {
    double m = 0;
    if (intercept) {
      for (int64_t i = 0; i < n; ++i) m += X.at(i, j);
      m /= double(n);
    }
    double ss = 0;
    for (int64_t i = 0; i < n; ++i) ss += (X.at(i, j) - m) * (X.at(i, j) - m);
    const double sd = std::sqrt(ss / double(n));
    fit.mean[size_t(j)] = m;
    if (sd == 0) {
      fit.dropped[size_t(j)] = true;  // constant: no information beyond the intercept
    } else {
      fit.scale[size_t(j)] = sd;
    }
  }
}

std::vector<int64_t> kept_columns(const LinearFit& fit) {
  std::vector<int64_t> keep;
  for (size_t j = 0; j < fit.dropped.size(); ++j) {
    if (!fit.dropped[j]) keep.push_back(int64_t(j));
  }
  return keep;
}

// 2-norm condition number of the standardised design (ridge rows included): sqrt(lmax / lmin) of
// its Gram matrix. From eigenvalues rather than a pivoted factor's diagonal: that depends on
// which of equally long columns (standardised columns all are) goes first.
double condition_number(const DenseMatrix& gram) {
  const std::vector<double> l = symmetric_eigenvalues(gram);  // ascending
  if (l.empty() || !(l[0] > 0)) return INFINITY;
  return std::sqrt(l.back() / l[0]);
}

[[noreturn]] void throw_rank_deficient(const std::vector<int64_t>& cols, const std::vector<std::string>& names,
                                       const DesignFields& fields) {
  std::string list;
  for (int64_t c : cols) (list += list.empty() ? "" : ", ") += names[size_t(c)];
  fail(code::rank_deficient, fields.columns,
       "%s has columns that are linear combinations of others: %.*s (remove them, or set ridge > 0 to fit anyway)",
       fields.columns, int(list.size()), list.data());
}

// Z'Z and Z'(y - ybar) in one pass over the rows, no copy of X: a rank-one update of the lower
// triangle per row, mirrored at the end.
void normal_equations(const MatrixView& X, const double* y, double y_mean, const LinearFit& fit,
                      const std::vector<int64_t>& keep, DenseMatrix& ztz, std::vector<double>& ztr) {
  const int64_t k = int64_t(keep.size());
  ztz = DenseMatrix(k, k);
  ztr.assign(size_t(k), 0.0);
  std::vector<double> z(static_cast<size_t>(k));
  for (int64_t i = 0; i < X.rows; ++i) {
    for (int64_t a = 0; a < k; ++a) {
      const size_t j = size_t(keep[size_t(a)]);
      z[size_t(a)] = (X.at(i, int64_t(j)) - fit.mean[j]) / fit.scale[j];
    }
    const double r = y[i] - y_mean;
    for (int64_t c = 0; c < k; ++c) {
      const double zc = z[size_t(c)];
      double* column = ztz.column(c);
      for (int64_t a = c; a < k; ++a) column[a] += z[size_t(a)] * zc;
      ztr[size_t(c)] += zc * r;
    }
  }
  for (int64_t c = 0; c < k; ++c) {
    for (int64_t a = c + 1; a < k; ++a) ztz(c, a) = ztz(a, c);
  }
}

// The standardised design with `extra` zero rows below it (room for ridge's augmentation).
DenseMatrix standardized_copy(const MatrixView& X, const LinearFit& fit, const std::vector<int64_t>& keep, int64_t extra) {
  DenseMatrix Z(X.rows + extra, int64_t(keep.size()));
  for (int64_t a = 0; a < Z.cols; ++a) {
    const size_t j = size_t(keep[size_t(a)]);
    double* column = Z.column(a);
    for (int64_t i = 0; i < X.rows; ++i) column[i] = (X.at(i, int64_t(j)) - fit.mean[j]) / fit.scale[j];
  }
  return Z;
}

// The standardised coefficients and (Z'Z + lambda n I)^-1, which the covariance needs.
struct Solution {
  std::vector<double> beta_z;
  DenseMatrix a_inverse;
};

// Cholesky of A = Z'Z + lambda n I: only while cond(Z) is small enough for the normal equations to
// keep every digit the answer shows (kNormalMaxCondition).
bool solve_normal(const DenseMatrix& A, const std::vector<double>& ztr, const LinearFit& fit, Solution& out) {
  DenseMatrix l = A;
  if (!(fit.condition_estimate < kNormalMaxCondition) || !cholesky_factor(l)) return false;
  out.beta_z = ztr;
  cholesky_solve(l, out.beta_z);
  out.a_inverse = cholesky_inverse(l);
  return true;
}

// Pivoted QR of Z (augmented with sqrt(lambda n) I under ridge: min |y - Z b|^2 + lambda n |b|^2),
// whose R'R is A itself, so A^-1 comes from R. Names the dependent columns when Z has them.
Solution solve_qr(const MatrixView& X, const double* y, double y_mean, const LinearFit& fit,
                  const std::vector<int64_t>& keep, const FitOptions& options, const std::vector<std::string>& names) {
  const double ridge = options.ridge;
  const int64_t k = int64_t(keep.size());
  const int64_t extra = ridge > 0 ? k : 0;
  DenseMatrix Z = standardized_copy(X, fit, keep, extra);
  for (int64_t a = 0; a < extra; ++a) Z(X.rows + a, a) = std::sqrt(ridge * double(X.rows));
  std::vector<double> yc(size_t(X.rows + extra), 0.0);
  for (int64_t i = 0; i < X.rows; ++i) yc[size_t(i)] = y[i] - y_mean;
  const PivotedQr qr = householder_qr(std::move(Z));
  const int64_t rank = qr.rank(kQrRankThreshold);
  if (rank < k) {
    std::vector<int64_t> dependent;
    for (int64_t a = rank; a < k; ++a) dependent.push_back(keep[size_t(qr.perm[size_t(a)])]);
    throw_rank_deficient(dependent, names, options.fields);
  }
  return Solution{qr.solve(std::move(yc)), qr.inverse_gram()};
}

// A B, column by column (the inner loop down a column of A).
DenseMatrix product(const DenseMatrix& a, const DenseMatrix& b) {
  DenseMatrix c(a.rows, b.cols);
  for (int64_t j = 0; j < b.cols; ++j) {
    double* cj = c.column(j);
    for (int64_t l = 0; l < a.cols; ++l) {
      const double blj = b(l, j);
      const double* al = a.column(l);
      for (int64_t i = 0; i < a.rows; ++i) cj[i] += al[i] * blj;
    }
  }
  return c;
}

// Cov(alpha) = sigma^2 / n, Cov(beta_z) = sigma^2 A^-1 (ridge: the sandwich A^-1 Z'Z A^-1), alpha
// and beta_z uncorrelated because Z is centred; mapped to the original units through
// [a; beta] = [[1, -m' D^-1], [0, D^-1]] [alpha; beta_z], written out for that sparse map.
void set_covariance(LinearFit& fit, const std::vector<int64_t>& keep, const DenseMatrix& a_inverse,
                    const DenseMatrix& ztz, double ridge, int64_t cols) {
  const int64_t k = int64_t(keep.size()), q = cols + 1;
  const double s2 = fit.sigma * fit.sigma;
  DenseMatrix cov_z = ridge > 0 ? product(a_inverse, product(ztz, a_inverse)) : a_inverse;
  for (double& v : cov_z.values) v *= s2;
  std::vector<double> d(static_cast<size_t>(k)), m0(static_cast<size_t>(k));  // D^-1's diagonal and the intercept's row
  for (int64_t a = 0; a < k; ++a) {
    const size_t j = size_t(keep[size_t(a)]);
    d[size_t(a)] = 1 / fit.scale[j];
    m0[size_t(a)] = fit.intercept ? -fit.mean[j] / fit.scale[j] : 0;
  }
  fit.covariance.assign(size_t(q * q), 0);
  auto C = [&](int64_t r, int64_t c) -> double& { return fit.covariance[size_t(r * q + c)]; };
  double c00 = fit.intercept ? s2 / double(fit.n) : 0;
  for (int64_t a = 0; a < k; ++a) {
    const int64_t ja = keep[size_t(a)] + 1;
    double row0 = 0;
    for (int64_t b = 0; b < k; ++b) {
      C(ja, keep[size_t(b)] + 1) = d[size_t(a)] * cov_z(a, b) * d[size_t(b)];
      row0 += m0[size_t(b)] * cov_z(b, a);
    }
    C(0, ja) = C(ja, 0) = row0 * d[size_t(a)];
    c00 += row0 * m0[size_t(a)];
  }
  C(0, 0) = c00;
}

}  // namespace

double LinearFit::predict(const double* x) const {
  double s = intercept_value;
  for (size_t j = 0; j < coef.size(); ++j) s += coef[j] * x[j];
  return s;
}

double LinearFit::prediction_sd(const double* x) const {
  if (covariance.empty()) return std::numeric_limits<double>::quiet_NaN();
  const size_t q = coef.size() + 1;
  // x~ = [intercept ? 1 : 0, x...]; x~' C x~ without building x~ (this runs once per scored row).
  auto xt = [&](size_t a) { return a == 0 ? (intercept ? 1.0 : 0.0) : x[a - 1]; };
  double v = 0;
  for (size_t a = 0; a < q; ++a) {
    const double xa = xt(a);
    if (xa == 0) continue;
    double row = 0;
    for (size_t c = 0; c < q; ++c) row += covariance[a * q + c] * xt(c);
    v += xa * row;
  }
  if (sigma < 1e150) return std::sqrt(sigma * sigma + v);
  return sigma * std::sqrt(1 + v / sigma / sigma);  // the same, without sigma^2 past the doubles
}

LinearFit fit_least_squares(const MatrixView& X, const double* y, const FitOptions& options,
                            const std::vector<std::string>& names) {
  LinearFit fit;
  fit.intercept = options.intercept;
  fit.n = X.rows;
  double y_mean = 0;
  standardize(X, y, options.intercept, fit, y_mean);
  const std::vector<int64_t> keep = kept_columns(fit);
  const int64_t k = int64_t(keep.size());
  const int64_t params = k + (options.intercept ? 1 : 0);
  if (X.rows < params + 1) {
    fail(code::insufficient_data, options.fields.rows, "need more rows than parameters: %lld rows for %lld parameters",
         static_cast<long long>(X.rows), static_cast<long long>(params));
  }

  // Both solvers need Z'Z: the normal equations solve with it, the covariance and the condition
  // estimate read it.
  DenseMatrix ztz;
  std::vector<double> ztr;
  normal_equations(X, y, y_mean, fit, keep, ztz, ztr);
  DenseMatrix A = ztz;  // Z'Z + lambda n I, the penalised Gram matrix
  for (int64_t a = 0; a < k; ++a) A(a, a) += options.ridge * double(X.rows);
  if (k > 0) fit.condition_estimate = condition_number(A);

  Solution solution{std::vector<double>(size_t(k), 0.0), DenseMatrix(k, k)};
  bool use_qr = options.solver == "qr" || (options.solver == "auto" && X.rows * k <= kAutoQrCells);
  if (!use_qr && k > 0) {
    if (solve_normal(A, ztr, fit, solution)) {
      fit.solver = "normal";
    } else if (options.solver == "normal" && options.ridge == 0) {
      fail(code::rank_deficient, options.fields.columns,
           "the normal equations are singular or ill-conditioned; use solver \"qr\" to see which columns");
    } else {
      use_qr = true;  // too ill-conditioned for the normal equations: take the accurate path
    }
  }
  if (use_qr && k > 0) {
    solution = solve_qr(X, y, y_mean, fit, keep, options, names);
    fit.solver = "qr";
  }
  if (k == 0) fit.solver = "none";
  const std::vector<double>& beta_z = solution.beta_z;

  // Back to original units.
  fit.coef.assign(size_t(X.cols), 0);
  for (int64_t a = 0; a < k; ++a) {
    const size_t j = size_t(keep[size_t(a)]);
    fit.coef[j] = beta_z[size_t(a)] / fit.scale[j];
  }
  fit.intercept_value = 0;
  if (options.intercept) {
    fit.intercept_value = y_mean;
    for (size_t j = 0; j < fit.coef.size(); ++j) fit.intercept_value -= fit.coef[j] * fit.mean[j];
  }

  double rss = 0;
  for (int64_t i = 0; i < X.rows; ++i) {
    const double r = y[i] - fit.predict(X.data + i * X.cols);
    rss += r * r;
  }
  fit.dof = X.rows - params;
  fit.sigma = std::sqrt(rss / double(fit.dof));

  set_covariance(fit, keep, solution.a_inverse, ztz, options.ridge, X.cols);
  return fit;
}

}  // namespace nestegg
