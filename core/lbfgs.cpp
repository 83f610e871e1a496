// SPDX-License-Identifier: MIT
#include "lbfgs.hpp"

#include <cmath>
#include <deque>

namespace nestegg {

namespace {
double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}
}  // namespace

LbfgsResult lbfgs(const GradientFn& f, std::vector<double> x, int max_iterations, double rel_tol) {
  constexpr size_t kMemory = 7;
  LbfgsResult out;
  const size_t n = x.size();
  std::vector<double> g(n), g_new(n), x_new(n), d(n);
  double fx = f(x, g);
  ++out.evaluations;
  std::deque<std::vector<double>> s_hist, y_hist;
  std::deque<double> rho_hist;
  int small_steps = 0;
  for (; out.iterations < max_iterations && std::isfinite(fx); ++out.iterations) {
    // Two-loop recursion: d = -H g.
    d = g;
    std::vector<double> a(s_hist.size());
    for (size_t i = s_hist.size(); i-- > 0;) {
      a[i] = rho_hist[i] * dot(s_hist[i], d);
      for (size_t j = 0; j < n; ++j) d[j] -= a[i] * y_hist[i][j];
    }
    double gamma = 1;
    if (!s_hist.empty()) gamma = dot(s_hist.back(), y_hist.back()) / dot(y_hist.back(), y_hist.back());
    else gamma = 1 / std::max(1.0, std::sqrt(dot(g, g)));  // first step: unit length at most
    for (double& v : d) v *= gamma;
    for (size_t i = 0; i < s_hist.size(); ++i) {
      const double b = rho_hist[i] * dot(y_hist[i], d);
      for (size_t j = 0; j < n; ++j) d[j] += s_hist[i][j] * (a[i] - b);
    }
    for (double& v : d) v = -v;
    double slope = dot(g, d);
    if (!(slope < 0)) {  // not a descent direction: restart from steepest descent
      s_hist.clear(), y_hist.clear(), rho_hist.clear();
      for (size_t j = 0; j < n; ++j) d[j] = -g[j] / std::max(1.0, std::sqrt(dot(g, g)));
      slope = dot(g, d);
      if (!(slope < 0)) break;
    }
    // Backtracking until the Armijo condition holds (infeasible points count as failures).
    double step = 1, f_new = 0;
    bool accepted = false;
    for (int k = 0; k < 40; ++k, step *= 0.5) {
      for (size_t j = 0; j < n; ++j) x_new[j] = x[j] + step * d[j];
      f_new = f(x_new, g_new);
      ++out.evaluations;
      if (std::isfinite(f_new) && f_new <= fx + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
    std::vector<double> s(n), y(n);
    for (size_t j = 0; j < n; ++j) {
      s[j] = x_new[j] - x[j];
      y[j] = g_new[j] - g[j];
    }
    const double sy = dot(s, y);
    if (sy > 1e-12 * std::sqrt(dot(s, s) * dot(y, y))) {  // keep the update positive definite
      s_hist.push_back(std::move(s));
      y_hist.push_back(std::move(y));
      rho_hist.push_back(1 / sy);
      if (s_hist.size() > kMemory) s_hist.pop_front(), y_hist.pop_front(), rho_hist.pop_front();
    }
    const double decrease = fx - f_new;
    x.swap(x_new);
    g.swap(g_new);
    fx = f_new;
    // Converged after two successive steps that gain almost nothing.
    small_steps = decrease <= rel_tol * std::max(1.0, std::fabs(fx)) ? small_steps + 1 : 0;
    if (small_steps >= 2) break;
  }
  out.x = std::move(x);
  out.value = fx;
  return out;
}

}  // namespace nestegg
