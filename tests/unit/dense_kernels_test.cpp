// SPDX-License-Identifier: MIT
// The core's own dense kernels (cholesky, householder_qr, symmetric_eigenvalues), which replaced
// Eigen inside the engine: against closed forms worked by hand, and against Eigen itself as an
// independent reference on seeded random matrices (Eigen stays a test dependency for this).
#include <catch2/catch.hpp>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <random>

#include "cholesky.hpp"
#include "householder_qr.hpp"
#include "symmetric_eigenvalues.hpp"

using namespace nestegg;

namespace {

DenseMatrix from_eigen(const Eigen::MatrixXd& m) {
  DenseMatrix d(m.rows(), m.cols());
  for (int64_t j = 0; j < d.cols; ++j) {
    for (int64_t i = 0; i < d.rows; ++i) d(i, j) = m(i, j);
  }
  return d;
}

Eigen::MatrixXd random_matrix(std::mt19937_64& rng, int64_t rows, int64_t cols) {
  std::normal_distribution<double> z;
  Eigen::MatrixXd m(rows, cols);
  for (int64_t j = 0; j < cols; ++j) {
    for (int64_t i = 0; i < rows; ++i) m(i, j) = z(rng) * (1 + double(j));  // unequal column scales
  }
  return m;
}

}  // namespace

TEST_CASE("symmetric eigenvalues: the second-difference matrix's closed form") {
  // tridiag(-1, 2, -1) of order n has eigenvalues 2 - 2 cos(j pi / (n + 1)), j = 1..n.
  for (int64_t n : {1, 2, 3, 7, 50}) {
    DenseMatrix a(n, n);
    for (int64_t i = 0; i < n; ++i) {
      a(i, i) = 2;
      if (i + 1 < n) a(i, i + 1) = a(i + 1, i) = -1;
    }
    const std::vector<double> l = symmetric_eigenvalues(a);
    REQUIRE(int64_t(l.size()) == n);
    for (int64_t j = 1; j <= n; ++j) {
      const double expected = 2 - 2 * std::cos(double(j) * M_PI / double(n + 1));
      CHECK(std::fabs(l[size_t(j - 1)] - expected) < 1e-13);
    }
  }
}

TEST_CASE("symmetric eigenvalues: a full matrix worked by hand, and the zero matrix") {
  // [[2, 1, 0], [1, 2, 1], [0, 1, 2]]: 2 - sqrt 2, 2, 2 + sqrt 2 (det(A - l I) = (2 - l)((2 - l)^2 - 2)).
  DenseMatrix a(3, 3);
  const double v[9] = {2, 1, 0, 1, 2, 1, 0, 1, 2};
  a.values.assign(v, v + 9);
  const std::vector<double> l = symmetric_eigenvalues(a);
  CHECK(std::fabs(l[0] - (2 - std::sqrt(2.0))) < 1e-14);
  CHECK(std::fabs(l[1] - 2) < 1e-14);
  CHECK(std::fabs(l[2] - (2 + std::sqrt(2.0))) < 1e-14);
  // A dense 3x3 whose reduction needs a reflector: [[4, 1, 2], [1, 3, 0], [2, 0, 5]] against Eigen.
  const double w[9] = {4, 1, 2, 1, 3, 0, 2, 0, 5};
  DenseMatrix b(3, 3);
  b.values.assign(w, w + 9);
  const Eigen::VectorXd ref = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(Eigen::Map<const Eigen::MatrixXd>(w, 3, 3)).eigenvalues();
  const std::vector<double> lb = symmetric_eigenvalues(b);
  for (int i = 0; i < 3; ++i) CHECK(std::fabs(lb[size_t(i)] - ref[i]) < 1e-13);
  for (double x : symmetric_eigenvalues(DenseMatrix(4, 4))) CHECK(x == 0);
}

TEST_CASE("symmetric eigenvalues against Eigen on random Gram matrices") {
  std::mt19937_64 rng(20261202);
  for (int64_t n = 1; n <= 40; n += 3) {
    const Eigen::MatrixXd x = random_matrix(rng, n + 5, n);
    const Eigen::MatrixXd g = x.transpose() * x;
    const Eigen::VectorXd ref = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(g).eigenvalues();
    const std::vector<double> l = symmetric_eigenvalues(from_eigen(g));
    REQUIRE(int64_t(l.size()) == n);
    for (int64_t i = 0; i < n; ++i) CHECK(std::fabs(l[size_t(i)] - ref[i]) <= 1e-12 * ref[n - 1]);
  }
}

TEST_CASE("cholesky: a factor worked by hand, solve and inverse against Eigen, refusal when not positive definite") {
  // [[4, 2], [2, 5]] = L L' with L = [[2, 0], [1, 2]].
  DenseMatrix a(2, 2);
  a.values = {4, 2, 2, 5};
  REQUIRE(cholesky_factor(a));
  CHECK(a(0, 0) == 2);
  CHECK(a(1, 0) == 1);
  CHECK(a(1, 1) == 2);
  std::vector<double> b = {8, 9};  // x = (1.375, 1.25): 4(1.375) + 2(1.25) = 8, 2(1.375) + 5(1.25) = 9
  cholesky_solve(a, b);
  CHECK(std::fabs(b[0] - 1.375) < 1e-15);
  CHECK(std::fabs(b[1] - 1.25) < 1e-15);

  std::mt19937_64 rng(7);
  for (int64_t n : {1, 5, 20}) {
    const Eigen::MatrixXd x = random_matrix(rng, n + 3, n);
    const Eigen::MatrixXd g = x.transpose() * x;
    DenseMatrix l = from_eigen(g);
    REQUIRE(cholesky_factor(l));
    const Eigen::MatrixXd ref = g.inverse();
    const DenseMatrix inv = cholesky_inverse(l);
    for (int64_t j = 0; j < n; ++j) {
      for (int64_t i = 0; i < n; ++i) CHECK(std::fabs(inv(i, j) - ref(i, j)) <= 1e-10 * ref.cwiseAbs().maxCoeff());
    }
  }
  DenseMatrix indefinite(2, 2);
  indefinite.values = {1, 2, 2, 1};  // eigenvalues 3 and -1
  CHECK_FALSE(cholesky_factor(indefinite));
  DenseMatrix nan(1, 1);
  nan.values = {std::nan("")};
  CHECK_FALSE(cholesky_factor(nan));
}

TEST_CASE("pivoted QR: an exact line, and least squares against Eigen's ColPivHouseholderQR") {
  // y = 3 - 2 x on x = 0..4 with a column of ones: the fit is exact.
  DenseMatrix a(5, 2);
  std::vector<double> y(5);
  for (int64_t i = 0; i < 5; ++i) {
    a(i, 0) = 1;
    a(i, 1) = double(i);
    y[size_t(i)] = 3 - 2 * double(i);
  }
  const PivotedQr line = householder_qr(a);
  CHECK(line.rank(1e-10) == 2);
  const std::vector<double> c = line.solve(y);
  CHECK(std::fabs(c[0] - 3) < 1e-14);
  CHECK(std::fabs(c[1] + 2) < 1e-14);
  // (A'A)^-1 for A'A = [[5, 10], [10, 30]]: [[30, -10], [-10, 5]] / 50.
  const DenseMatrix g = line.inverse_gram();
  CHECK(std::fabs(g(0, 0) - 0.6) < 1e-14);
  CHECK(std::fabs(g(0, 1) + 0.2) < 1e-14);
  CHECK(std::fabs(g(1, 1) - 0.1) < 1e-14);

  std::mt19937_64 rng(11);
  for (int64_t k : {1, 4, 12}) {
    const Eigen::MatrixXd x = random_matrix(rng, 60, k);
    const Eigen::VectorXd b = random_matrix(rng, 60, 1).col(0);
    const Eigen::VectorXd ref = x.colPivHouseholderQr().solve(b);
    const PivotedQr qr = householder_qr(from_eigen(x));
    const std::vector<double> sol = qr.solve(std::vector<double>(b.data(), b.data() + 60));
    for (int64_t j = 0; j < k; ++j) CHECK(std::fabs(sol[size_t(j)] - ref[j]) <= 1e-12 * (1 + std::fabs(ref[j])));
    for (int64_t i = 1; i < k; ++i) CHECK(std::fabs(qr.qr(i, i)) <= std::fabs(qr.qr(i - 1, i - 1)) * (1 + 1e-12));
    const Eigen::MatrixXd inv = (x.transpose() * x).inverse();
    const DenseMatrix gi = qr.inverse_gram();
    for (int64_t j = 0; j < k; ++j) {
      for (int64_t i = 0; i < k; ++i) CHECK(std::fabs(gi(i, j) - inv(i, j)) <= 1e-10 * inv.cwiseAbs().maxCoeff());
    }
  }
}

TEST_CASE("pivoted QR: a column that is a sum of two others is past the rank, as Eigen finds") {
  std::mt19937_64 rng(3);
  Eigen::MatrixXd x = random_matrix(rng, 30, 5);
  x.col(3) = x.col(0) + 2 * x.col(4);
  const PivotedQr qr = householder_qr(from_eigen(x));
  CHECK(qr.rank(1e-10) == 4);
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> ref(x);
  ref.setThreshold(1e-10);
  CHECK(ref.rank() == 4);
  CHECK(qr.perm[4] == ref.colsPermutation().indices()[4]);  // the same column named dependent
  std::vector<int64_t> sorted = qr.perm;
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == std::vector<int64_t>{0, 1, 2, 3, 4});
}
