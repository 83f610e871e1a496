// SPDX-License-Identifier: MIT
#include "nelder_mead.hpp"

#include <cmath>

namespace nestegg {

namespace {
constexpr double kBig = 1.0e35;  // stands in for an infeasible value, as in optim
double finite_or_big(double v) { return std::isfinite(v) ? v : kBig; }
}  // namespace

NelderMeadResult nelder_mead(FunctionRef<double(const double*)> f, std::vector<double> start,
                             const NelderMeadOptions& options) {
  const size_t n = start.size();
  NelderMeadResult out;
  const double f0 = f(start.data());
  out.evaluations = 1;
  if (n == 0 || !std::isfinite(f0)) {
    out.x = std::move(start);
    out.value = f0;
    return out;
  }
  const double convtol = options.rel_tol * (std::fabs(f0) + options.rel_tol);
  // Vertices are columns 0..n of `p`, the centroid is column n+1; `v` holds vertex values.
  std::vector<std::vector<double>> p(n + 2, std::vector<double>(n));
  std::vector<double> v(n + 2);
  p[0] = start;
  v[0] = f0;
  double step = 0;
  for (double b : start) step = std::max(step, 0.1 * std::fabs(b));
  if (step == 0) step = 0.1;
  double size = 0;
  for (size_t j = 1; j <= n; ++j) {
    p[j] = start;
    double trystep = step;
    while (p[j][j - 1] == start[j - 1]) {  // a step lost to rounding is retried ten times larger
      p[j][j - 1] = start[j - 1] + trystep;
      trystep *= 10;
    }
    size += trystep;
  }
  double oldsize = size;
  size_t best = 0;
  bool recompute = true;
  std::vector<double> trial(n);
  auto eval = [&](const std::vector<double>& x) {
    ++out.evaluations;
    return finite_or_big(f(x.data()));
  };
  while (out.evaluations <= options.max_evaluations) {
    if (recompute) {
      for (size_t j = 0; j <= n; ++j)
        if (j != best) v[j] = eval(p[j]);
      recompute = false;
    }
    double lo = v[best], hi = lo;
    size_t worst = best;
    for (size_t j = 0; j <= n; ++j) {
      if (j == best) continue;
      if (v[j] < lo) { best = j; lo = v[j]; }
      if (v[j] > hi) { worst = j; hi = v[j]; }
    }
    if (hi <= lo + convtol) { out.converged = true; break; }

    std::vector<double>& c = p[n + 1];
    for (size_t i = 0; i < n; ++i) {
      double sum = -p[worst][i];
      for (size_t j = 0; j <= n; ++j) sum += p[j][i];
      c[i] = sum / double(n);
    }
    for (size_t i = 0; i < n; ++i) trial[i] = 2.0 * c[i] - p[worst][i];  // reflection
    const double vr = eval(trial);
    if (vr < lo) {
      // Expansion: the reflected point is kept in the centroid slot while the expansion is tried.
      v[n + 1] = vr;
      for (size_t i = 0; i < n; ++i) {
        const double e = 2.0 * trial[i] - c[i];
        c[i] = trial[i];
        trial[i] = e;
      }
      const double ve = eval(trial);
      if (ve < vr) { p[worst] = trial; v[worst] = ve; }
      else { p[worst] = c; v[worst] = vr; }
      continue;
    }
    if (vr < hi) { p[worst] = trial; v[worst] = vr; }
    for (size_t i = 0; i < n; ++i) trial[i] = 0.5 * p[worst][i] + 0.5 * c[i];  // contraction
    const double vc = eval(trial);
    if (vc < v[worst]) { p[worst] = trial; v[worst] = vc; continue; }
    if (vr < hi) continue;
    // Shrink towards the best vertex; stop when the simplex no longer gets smaller.
    recompute = true;
    size = 0;
    for (size_t j = 0; j <= n; ++j) {
      if (j == best) continue;
      for (size_t i = 0; i < n; ++i) {
        p[j][i] = 0.5 * (p[j][i] - p[best][i]) + p[best][i];
        size += std::fabs(p[j][i] - p[best][i]);
      }
    }
    if (size >= oldsize) break;
    oldsize = size;
  }
  out.x = p[best];
  out.value = v[best];
  return out;
}

}  // namespace nestegg
