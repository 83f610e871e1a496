// SPDX-License-Identifier: MIT
#include "linear_model.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <limits>

#include "error.hpp"

namespace nestegg {

using Eigen::MatrixXd;
using Eigen::VectorXd;

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
// its Gram matrix. Pivot-free on purpose: a pivoted QR's or LDLT's diagonal depends on which of
// equally long columns (standardised columns all are) goes first, which SIMD rounding decides
// differently on native and wasm builds; eigenvalues are the same on both to rounding.
double condition_number(const MatrixXd& gram) {
  const Eigen::SelfAdjointEigenSolver<MatrixXd> es(gram, Eigen::EigenvaluesOnly);
  const VectorXd& l = es.eigenvalues();  // ascending
  if (es.info() != Eigen::Success || !(l[0] > 0)) return INFINITY;
  return std::sqrt(l[l.size() - 1] / l[0]);
}

[[noreturn]] void throw_rank_deficient(const std::vector<int64_t>& cols, const std::vector<std::string>& names) {
  std::string list;
  for (int64_t c : cols) list += (list.empty() ? "" : ", ") + names[size_t(c)];
  throw NesteggError(code::rank_deficient,
                     "features are linear combinations of others: " + list +
                         " (remove them, or set ridge > 0 to fit anyway)",
                     "features");
}

// Z'Z and Z'(y - ybar) in one pass over the rows, no copy of X.
void normal_equations(const MatrixView& X, const double* y, double y_mean, const LinearFit& fit,
                      const std::vector<int64_t>& keep, MatrixXd& A, VectorXd& b) {
  const int64_t k = int64_t(keep.size());
  A = MatrixXd::Zero(k, k);
  b = VectorXd::Zero(k);
  VectorXd z(k);
  for (int64_t i = 0; i < X.rows; ++i) {
    for (int64_t a = 0; a < k; ++a) {
      const size_t j = size_t(keep[size_t(a)]);
      z[a] = (X.at(i, int64_t(j)) - fit.mean[j]) / fit.scale[j];
    }
    A.selfadjointView<Eigen::Lower>().rankUpdate(z);
    b += z * (y[i] - y_mean);
  }
  A = A.selfadjointView<Eigen::Lower>();
}

MatrixXd standardized_copy(const MatrixView& X, const LinearFit& fit, const std::vector<int64_t>& keep) {
  MatrixXd Z(X.rows, int64_t(keep.size()));
  for (int64_t a = 0; a < int64_t(keep.size()); ++a) {
    const size_t j = size_t(keep[size_t(a)]);
    for (int64_t i = 0; i < X.rows; ++i) Z(i, a) = (X.at(i, int64_t(j)) - fit.mean[j]) / fit.scale[j];
  }
  return Z;
}

}  // namespace

double LinearFit::predict(const double* x) const {
  double s = intercept_value;
  for (size_t j = 0; j < coef.size(); ++j) s += coef[j] * x[j];
  return s;
}

double LinearFit::prediction_variance(const double* x) const {
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
  return sigma * sigma + v;
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
    throw NesteggError(code::insufficient_data,
                       "need more rows than parameters: " + std::to_string(X.rows) + " rows for " +
                           std::to_string(params) + " parameters",
                       "history");
  }

  // Solve for the standardized coefficients beta_z.
  VectorXd beta_z = VectorXd::Zero(k);
  MatrixXd ztz;  // Z'Z, needed for the covariance
  MatrixXd A;    // Z'Z + lambda n I: the penalised Gram matrix both solvers and the covariance use
  const auto penalise = [&] {
    A = ztz;
    A.diagonal().array() += options.ridge * double(X.rows);
    fit.condition_estimate = condition_number(A);
  };
  VectorXd ztr;
  bool use_qr = options.solver == "qr" || (options.solver == "auto" && X.rows * k <= kAutoQrCells);
  if (!use_qr && k > 0) {
    normal_equations(X, y, y_mean, fit, keep, ztz, ztr);
    penalise();
    Eigen::LDLT<MatrixXd> ldlt(A);
    if (ldlt.info() == Eigen::Success && fit.condition_estimate < kNormalMaxCondition) {
      beta_z = ldlt.solve(ztr);
      fit.solver = "normal";
    } else if (options.solver == "normal" && options.ridge == 0) {
      throw NesteggError(code::rank_deficient, "the normal equations are singular or ill-conditioned; use solver \"qr\" to see which features", "features");
    } else {
      use_qr = true;  // too ill-conditioned for the normal equations: take the accurate path
    }
  }
  if (use_qr && k > 0) {
    MatrixXd Z = standardized_copy(X, fit, keep);
    VectorXd yc(X.rows + (options.ridge > 0 ? k : 0));
    for (int64_t i = 0; i < X.rows; ++i) yc[i] = y[i] - y_mean;
    if (A.size() == 0) {  // unless the normal path formed them before falling back here
      ztz.noalias() = Z.transpose() * Z;
      penalise();
    }
    if (options.ridge > 0) {  // augment with sqrt(lambda n) I: min |y - Z b|^2 + lambda n |b|^2
      Z.conservativeResize(X.rows + k, k);
      Z.bottomRows(k) = MatrixXd::Identity(k, k) * std::sqrt(options.ridge * double(X.rows));
      yc.tail(k).setZero();
    }
    // In place: the decomposition overwrites Z instead of holding a second n x p copy.
    Eigen::ColPivHouseholderQR<Eigen::Ref<MatrixXd>> qr(Z);
    qr.setThreshold(kQrRankThreshold);
    if (qr.rank() < k) {
      std::vector<int64_t> dependent;
      for (int64_t a = qr.rank(); a < k; ++a) dependent.push_back(keep[size_t(qr.colsPermutation().indices()[a])]);
      throw_rank_deficient(dependent, names);
    }
    beta_z = qr.solve(yc);
    fit.solver = "qr";
  }
  if (k == 0) fit.solver = "none";

  // Back to original units.
  fit.coef.assign(size_t(X.cols), 0);
  for (int64_t a = 0; a < k; ++a) {
    const size_t j = size_t(keep[size_t(a)]);
    fit.coef[j] = beta_z[a] / fit.scale[j];
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

  // Covariance: Cov(alpha) = sigma^2 / n, Cov(beta_z) = sigma^2 (Z'Z)^-1 (ridge: the sandwich),
  // alpha and beta_z uncorrelated because Z is centred; then map through
  // [a; beta] = [[1, -m' D^-1], [0, D^-1]] [alpha; beta_z].
  MatrixXd cov_z = MatrixXd::Zero(k, k);
  if (k > 0) {
    if (options.ridge > 0) {
      const MatrixXd Ainv = A.ldlt().solve(MatrixXd::Identity(k, k));
      cov_z = Ainv * ztz * Ainv;
    } else {
      cov_z = ztz.ldlt().solve(MatrixXd::Identity(k, k));
    }
    cov_z *= fit.sigma * fit.sigma;
  }
  const int64_t q = X.cols + 1;
  MatrixXd M = MatrixXd::Zero(q, k + 1);
  if (options.intercept) M(0, 0) = 1;
  for (int64_t a = 0; a < k; ++a) {
    const size_t j = size_t(keep[size_t(a)]);
    M(int64_t(j) + 1, a + 1) = 1 / fit.scale[j];
    if (options.intercept) M(0, a + 1) = -fit.mean[j] / fit.scale[j];
  }
  MatrixXd cov_full = MatrixXd::Zero(k + 1, k + 1);
  if (options.intercept) cov_full(0, 0) = fit.sigma * fit.sigma / double(X.rows);
  cov_full.bottomRightCorner(k, k) = cov_z;
  const MatrixXd cov = M * cov_full * M.transpose();
  fit.covariance.assign(size_t(q * q), 0);
  for (int64_t a = 0; a < q; ++a) {
    for (int64_t c = 0; c < q; ++c) fit.covariance[size_t(a * q + c)] = cov(a, c);
  }
  return fit;
}

}  // namespace nestegg
