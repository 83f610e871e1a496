// SPDX-License-Identifier: MIT
#include "levenberg_marquardt.hpp"

#include <cmath>
#include <limits>

namespace nestegg {

namespace {

// Solves the k x k symmetric positive definite system a x = b by Cholesky, in place (a is
// overwritten); false if not SPD.
bool cholesky_solve(std::vector<double>& a, std::vector<double>& b, size_t k) {
  for (size_t j = 0; j < k; ++j) {
    double d = a[j * k + j];
    for (size_t p = 0; p < j; ++p) d -= a[j * k + p] * a[j * k + p];
    if (!(d > 0)) return false;
    d = std::sqrt(d);
    a[j * k + j] = d;
    for (size_t i = j + 1; i < k; ++i) {
      double v = a[i * k + j];
      for (size_t p = 0; p < j; ++p) v -= a[i * k + p] * a[j * k + p];
      a[i * k + j] = v / d;
    }
  }
  for (size_t i = 0; i < k; ++i) {  // L y = b
    for (size_t p = 0; p < i; ++p) b[i] -= a[i * k + p] * b[p];
    b[i] /= a[i * k + i];
  }
  for (size_t i = k; i-- > 0;) {  // L' x = y
    for (size_t p = i + 1; p < k; ++p) b[i] -= a[p * k + i] * b[p];
    b[i] /= a[i * k + i];
  }
  return true;
}

}  // namespace

LmResult levenberg_marquardt(const LeastSquaresProblem& problem, std::vector<double> x, const LmOptions& options) {
  LmResult out;
  const size_t k = x.size();
  std::vector<double> a, g, damped(k * k), step(k), x_try(k);
  double ssq = 0;
  if (!problem.sum_of_squares(x, ssq) || !problem.normal_equations(x, a, g)) {
    out.x = std::move(x);
    out.ssq = std::numeric_limits<double>::infinity();
    return out;
  }
  double lambda = options.initial_damping;
  const bool boxed = !options.lower.empty();
  // A coordinate on a bound whose gradient points out of the box stays there for this step: the
  // others take the Gauss-Newton step of the problem without it (projected Levenberg-Marquardt).
  auto held = [&](size_t p) {
    return boxed && ((x[p] <= options.lower[p] && g[p] > 0) || (x[p] >= options.upper[p] && g[p] < 0));
  };
  std::vector<size_t> moving;
  int small_steps = 0;
  for (int it = 0; it < options.max_iterations && k > 0; ++it) {
    moving.clear();
    for (size_t p = 0; p < k; ++p)
      if (!held(p)) moving.push_back(p);
    const size_t km = moving.size();
    if (km == 0) break;
    bool accepted = false;
    for (int tries = 0; tries < 8 && !accepted; ++tries, lambda *= 10) {
      damped.resize(km * km);
      for (size_t i = 0; i < km; ++i) {
        for (size_t j = 0; j < km; ++j) damped[i * km + j] = a[moving[i] * k + moving[j]];
        damped[i * km + i] += lambda * std::max(a[moving[i] * k + moving[i]], 1e-12);
        step[i] = -g[moving[i]];
      }
      if (!cholesky_solve(damped, step, km)) continue;
      x_try = x;
      for (size_t i = 0; i < km; ++i) {
        double& v = x_try[moving[i]];
        v += step[i];
        if (boxed) v = std::min(std::max(v, options.lower[moving[i]]), options.upper[moving[i]]);
      }
      double s = 0;
      if (!problem.sum_of_squares(x_try, s)) continue;
      if (s < ssq) {
        const double gain = (ssq - s) / ssq;
        small_steps = gain < options.rel_tol ? small_steps + 1 : 0;
        const bool last = small_steps >= options.patience || it + 1 >= options.max_iterations;
        // The next step's equations; none after the last step (the fit's most expensive call,
        // and ets_auto's first stage ends every candidate by the iteration cap).
        if (!last && !problem.normal_equations(x_try, a, g)) break;  // cannot happen where the sum of squares could be had
        accepted = true;
        x.swap(x_try);
        ssq = s;
        lambda = std::max(lambda / 100, 1e-12);  // the loop's *10 follows
        if (last) it = options.max_iterations;
      }
    }
    if (!accepted) break;  // no downhill step at any damping: a minimum (to rounding)
  }
  out.x = std::move(x);
  out.ssq = ssq;
  return out;
}

}  // namespace nestegg
