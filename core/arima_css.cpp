// SPDX-License-Identifier: MIT
#include "arima_css.hpp"

#include "polynomial.hpp"

namespace nestegg {

std::vector<double> lag_polynomial(const std::vector<double>& c, int step, double sign) {
  std::vector<double> out(c.size() * size_t(step) + 1, 0.0);
  out[0] = 1;
  for (size_t i = 0; i < c.size(); ++i) out[(i + 1) * size_t(step)] = sign * c[i];
  return out;
}

void expand(const ArimaCoefficients& c, int m, std::vector<double>& ar, std::vector<double>& ma) {
  const std::vector<double> a = poly_multiply(lag_polynomial(c.ar, 1, -1), lag_polynomial(c.sar, m, -1));
  const std::vector<double> b = poly_multiply(lag_polynomial(c.ma, 1, 1), lag_polynomial(c.sma, m, 1));
  ar.assign(a.size() - 1, 0.0);
  for (size_t k = 1; k < a.size(); ++k) ar[k - 1] = -a[k];
  ma.assign(b.begin() + 1, b.end());
}

// Seasonal products are mostly zeros ((1 - a B)(1 - b B^12) has 4 terms of 14): loop over the rest.
Sparse sparse(const std::vector<double>& c) {
  Sparse out;
  for (size_t i = 0; i < c.size(); ++i)
    if (c[i] != 0) out.push_back({i + 1, c[i]});
  return out;
}

double css(const std::vector<double>& w, double mu, size_t start, const Sparse& ar, const Sparse& ma,
           std::vector<double>& resid, int& count) {
  const size_t n = w.size();
  resid.assign(n, 0.0);
  double ssq = 0;
  count = 0;
  for (size_t t = start; t < n; ++t) {
    double e = w[t] - mu;
    for (const auto& [lag, c] : ar) e -= c * (w[t - lag] - mu);
    for (const auto& [lag, c] : ma)
      if (lag <= t - start) e -= c * resid[t - lag];
    resid[t] = e;
    ssq += e * e;
    ++count;
  }
  return ssq;
}

}  // namespace nestegg
