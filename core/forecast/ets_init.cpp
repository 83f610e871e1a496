// SPDX-License-Identifier: MIT
#include "ets_init.hpp"

#include <algorithm>
#include <cmath>

#include "stats.hpp"
#include "turn_sine.hpp"

namespace nestegg {

namespace {

// Least squares for a handful of columns by Gauss-Jordan on the normal equations; the designs
// here (constant, time, one harmonic) are tiny and well conditioned.
std::vector<double> small_least_squares(const std::vector<std::vector<double>>& cols, const std::vector<double>& y) {
  const size_t k = cols.size();
  std::vector<std::vector<double>> a(k, std::vector<double>(k + 1, 0.0));
  for (size_t i = 0; i < k; ++i) {
    for (size_t j = 0; j < k; ++j)
      for (size_t t = 0; t < y.size(); ++t) a[i][j] += cols[i][t] * cols[j][t];
    for (size_t t = 0; t < y.size(); ++t) a[i][k] += cols[i][t] * y[t];
  }
  for (size_t c = 0; c < k; ++c) {
    size_t piv = c;
    for (size_t r = c + 1; r < k; ++r)
      if (std::fabs(a[r][c]) > std::fabs(a[piv][c])) piv = r;
    std::swap(a[c], a[piv]);
    if (a[c][c] == 0) continue;
    for (size_t r = 0; r < k; ++r) {
      if (r == c) continue;
      const double f = a[r][c] / a[c][c];
      for (size_t j = c; j <= k; ++j) a[r][j] -= f * a[c][j];
    }
  }
  std::vector<double> b(k);
  for (size_t i = 0; i < k; ++i) b[i] = a[i][i] == 0 ? 0 : a[i][k] / a[i][i];
  return b;
}

std::vector<double> time_index(size_t n) {
  std::vector<double> t(n);
  for (size_t i = 0; i < n; ++i) t[i] = double(i + 1);
  return t;
}

// Seasonal component over the whole series: decompose() when there are three seasons or more,
// otherwise what is left after a line (+ one harmonic absorbed into the seasonal part).
std::vector<double> seasonal_component(const std::vector<double>& y, int m, bool mult) {
  const size_t n = y.size();
  std::vector<double> seasonal(n);
  if (n >= size_t(3 * m)) {
    const std::vector<double> fig = seasonal_figure(y, m, mult);
    for (size_t t = 0; t < n; ++t) seasonal[t] = fig[t % size_t(m)];
    return seasonal;
  }
  const std::vector<double> t = time_index(n);
  std::vector<std::vector<double>> cols{std::vector<double>(n, 1.0), t};
  std::vector<double> s(n), c(n);
  for (size_t i = 0; i < n; ++i) {  // the same bits natively and in wasm (turn_sine.hpp)
    s[i] = sin_of_turn(int64_t(i + 1), m);
    c[i] = cos_of_turn(int64_t(i + 1), m);
  }
  if (m != 2) cols.push_back(s);  // sin(pi t) is identically zero
  cols.push_back(c);
  const std::vector<double> b = small_least_squares(cols, y);
  for (size_t i = 0; i < n; ++i) {
    const double line = b[0] + b[1] * t[i];
    seasonal[i] = mult ? y[i] / line : y[i] - line;
  }
  return seasonal;
}

}  // namespace

double centred_trend(const std::vector<double>& y, int m, size_t t) {
  const size_t half = size_t(m / 2);
  double trend = 0;
  if (m % 2 == 0) {  // the 2 x m average: half weights at both ends
    trend = 0.5 * (y[t - half] + y[t + half]);
    for (size_t k = t - half + 1; k < t + half; ++k) trend += y[k];
  } else {
    for (size_t k = t - half; k <= t + half; ++k) trend += y[k];
  }
  return trend / m;
}

std::vector<double> seasonal_figure(const std::vector<double>& y, int m, bool mult) {
  const size_t n = y.size(), half = size_t(m / 2);
  std::vector<double> sum(size_t(m), 0.0);
  std::vector<int> count(size_t(m), 0);
  for (size_t t = half; t + half < n; ++t) {
    const double trend = centred_trend(y, m, t);
    sum[t % size_t(m)] += mult ? y[t] / trend : y[t] - trend;
    ++count[t % size_t(m)];
  }
  double mean = 0;
  for (size_t i = 0; i < size_t(m); ++i) {
    sum[i] = count[i] ? sum[i] / count[i] : (mult ? 1.0 : 0.0);
    mean += sum[i] / m;
  }
  for (double& f : sum) f = mult ? f / mean : f - mean;
  return sum;
}

std::vector<double> ets_initial_states(const std::vector<double>& observed, int m, const EtsSpec& spec) {
  const std::vector<double> y = interpolate_missing(observed);
  const size_t n = y.size();
  std::vector<double> sa = y, states;
  std::vector<double> init_season;
  if (spec.season != Component::none) {
    const bool mult = spec.season == Component::multiplicative;
    const std::vector<double> seasonal = seasonal_component(y, m, mult);
    for (int k = 0; k + 1 < m; ++k) init_season.push_back(seasonal[size_t(m - 1 - k)]);
    if (mult) {
      double total = 0;
      for (double& s : init_season) total += (s = std::max(s, 0.01));
      if (total > m) {
        double denom = 0;
        for (double s : init_season) denom += s + 0.01;
        for (double& s : init_season) s /= denom;
      }
      for (size_t t = 0; t < n; ++t) sa[t] = y[t] / std::max(seasonal[t], 0.01);
    } else {
      for (size_t t = 0; t < n; ++t) sa[t] = y[t] - seasonal[t];
    }
  }
  const size_t maxn = std::min(std::max<size_t>(10, size_t(2 * m)), n);
  sa.resize(maxn);
  if (spec.trend == Component::none) {
    double mean = 0;
    for (double v : sa) mean += v;
    states.push_back(mean / double(maxn));
  } else {
    std::vector<double> b = small_least_squares({std::vector<double>(maxn, 1.0), time_index(maxn)}, sa);
    if (std::fabs(b[0] + b[1]) < 1e-8) {
      b[0] *= 1 + 1e-3;
      b[1] *= 1 - 1e-3;
    }
    states.push_back(b[0]);
    states.push_back(b[1]);
  }
  states.insert(states.end(), init_season.begin(), init_season.end());
  return states;
}

}  // namespace nestegg
