// SPDX-License-Identifier: MIT
#include "theil_sen.hpp"

#include <algorithm>
#include <cmath>

#include "normal_cdf.hpp"
#include "stable_order.hpp"
#include "student_t.hpp"

namespace nestegg {

namespace {

// The k-th smallest (0-based) of v, reordering v.
double select(std::vector<double>& v, size_t k) {
  std::nth_element(v.begin(), v.begin() + long(k), v.end());
  return v[k];
}

double median_in_place(std::vector<double>& v) {
  const size_t n = v.size();
  const double hi = select(v, n / 2);
  if (n % 2 == 1) return hi;
  // After the selection everything left of n/2 is <= hi: the lower middle is their maximum.
  return 0.5 * (hi + *std::max_element(v.begin(), v.begin() + long(n / 2)));
}

// sum over groups of tied values of t (t - 1) (2t + 5): the ties term of var S.
double ties_term(std::vector<double> y) {
  sort_stably(y, [](double a, double b) { return a < b; });  // O(n log n) next to the O(n^2) S: no sort of its own
  double sum = 0;
  for (size_t i = 0; i < y.size();) {
    size_t j = i;
    while (j < y.size() && y[j] == y[i]) ++j;
    const double t = double(j - i);
    sum += t * (t - 1) * (2 * t + 5);
    i = j;
  }
  return sum;
}

// Lag-1 autocorrelation of the residuals over neighbouring months both present (a gap breaks the
// chain rather than pairing months two apart); 0 when undefined.
// Residuals that are all equal (a series exactly on its line, or constant) have no correlation to
// measure: their spread is rounding alone, at the scale of the values times machine epsilon, and
// dividing by it once called a perfect 24-month rise autocorrelated (rho (n - 1) / n) and flat.
double lag1_autocorrelation(const std::vector<double>& x, const std::vector<double>& e, double scale) {
  double mean = 0;
  for (double v : e) mean += v / double(e.size());
  double num = 0, den = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    den += (e[i] - mean) * (e[i] - mean);
    if (i + 1 < e.size() && x[i + 1] - x[i] == 1) num += (e[i] - mean) * (e[i + 1] - mean);
  }
  const double noise = 1e-9 * scale;
  return den > double(e.size()) * noise * noise ? num / den : 0;
}

}  // namespace

// Applied only when rho is significantly positive (the rule of significant lags of Hamed & Rao
// 1998): independent noise then keeps Sen's interval unchanged in all but about 2.5 % of series,
// and spending that drifts month to month gets a wider one.
double variance_inflation(double rho, size_t n) {
  if (!(rho > 1.959963984540054 / std::sqrt(double(n)))) return 1;
  double factor = 1, power = 1;
  for (size_t k = 1; k < n; ++k) {
    power *= rho;
    factor += 2 * (1 - double(k) / double(n)) * power;
    if (power < 1e-12) break;
  }
  return factor;
}

std::optional<TheilSen> theil_sen(const std::vector<double>& x, const std::vector<double>& y,
                                  const std::vector<double>& levels) {
  std::vector<double> px, py;
  for (size_t i = 0; i < y.size(); ++i)
    if (!std::isnan(y[i])) px.push_back(x[i]), py.push_back(y[i]);
  const size_t n = px.size();
  if (n < 2) return std::nullopt;

  TheilSen r;
  r.points = n;
  r.pairs = n * (n - 1) / 2;
  std::vector<double> slopes;
  slopes.reserve(r.pairs);
  double s = 0;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) {
      const double dy = py[j] - py[i];
      slopes.push_back(dy / (px[j] - px[i]));
      s += dy > 0 ? 1 : dy < 0 ? -1 : 0;
    }
  const double nn = double(n);
  r.kendall_s = s;
  r.var_s = (nn * (nn - 1) * (2 * nn + 5) - ties_term(py)) / 18;

  r.slope = median_in_place(slopes);  // reorders the slopes; the selections below need no order
  std::vector<double> residual(n);
  for (size_t i = 0; i < n; ++i) residual[i] = py[i] - r.slope * px[i];
  double scale = 0;
  for (size_t i = 0; i < n; ++i) scale = std::max(scale, std::fabs(py[i]) + std::fabs(r.slope * px[i]));
  r.lag1 = lag1_autocorrelation(px, residual, scale);
  r.variance_factor = variance_inflation(r.lag1, n);
  const double var_s = r.var_s * r.variance_factor;
  if (var_s > 0) {
    const double z = (s - (s > 0 ? 1 : s < 0 ? -1 : 0)) / std::sqrt(var_s);
    // 2 P(Z > |z|), from basic operations: libm's erfc differs between the native and wasm builds.
    r.p_value = std::min(1.0, 2 * normal_upper_tail(std::fabs(z)));
  }

  const double big_n = double(r.pairs);
  for (double level : levels) {
    SlopeInterval iv;
    iv.level = level;
    const double c = normal_quantile(0.5 + level / 200) * std::sqrt(var_s);
    // 1-based ranks round((N - C) / 2) and round((N + C) / 2) + 1; nearbyint rounds half to even
    // as numpy's round does.
    const double lo_rank = std::nearbyint((big_n - c) / 2);
    const double hi_rank = std::nearbyint((big_n + c) / 2) + 1;
    // Both ranks fall off together (C > N - 1) but for a rounding tie at exactly .5: keep the pair.
    if (lo_rank >= 1 && hi_rank <= big_n) {
      iv.lower = select(slopes, size_t(lo_rank) - 1);
      iv.upper = select(slopes, size_t(hi_rank) - 1);
    }
    r.intervals.push_back(iv);
  }
  r.intercept = median_in_place(residual);
  return r;
}

}  // namespace nestegg
