// SPDX-License-Identifier: MIT
#include "stats.hpp"

#include <algorithm>
#include <cmath>

namespace nestegg {

double percentile_in_place(std::vector<double>& v, double q) {
  const double pos = q / 100.0 * double(v.size() - 1);
  const size_t lo = size_t(std::floor(pos));
  std::nth_element(v.begin(), v.begin() + lo, v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + lo + 1, v.end());
  return a + (pos - double(lo)) * (b - a);
}

std::vector<double> interpolate_missing(const std::vector<double>& y) {
  std::vector<double> out = y;
  const size_t n = y.size();
  size_t prev = n;  // index of the last observed value
  for (size_t i = 0; i < n; ++i) {
    if (std::isnan(y[i])) continue;
    if (prev == n) {
      for (size_t j = 0; j < i; ++j) out[j] = y[i];
    } else {
      for (size_t j = prev + 1; j < i; ++j)
        out[j] = y[prev] + (y[i] - y[prev]) * double(j - prev) / double(i - prev);
    }
    prev = i;
  }
  if (prev != n)
    for (size_t j = prev + 1; j < n; ++j) out[j] = y[prev];
  return out;
}

}  // namespace nestegg
