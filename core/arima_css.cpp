// SPDX-License-Identifier: MIT
#include "arima_css.hpp"

#include <algorithm>

namespace nestegg {

std::vector<double> lag_polynomial(const std::vector<double>& c, int step, double sign) {
  std::vector<double> out(c.size() * size_t(step) + 1, 0.0);
  out[0] = 1;
  for (size_t i = 0; i < c.size(); ++i) out[(i + 1) * size_t(step)] = sign * c[i];
  return out;
}

namespace {

// (1 + sign sum a_i B^i)(1 + sign sum s_j B^(m j)) - 1, times sign, into out[lag - 1]. The sign
// turns AR's (1 - ...) convention into w_t = sum ar_k w_{t-k}; MA's product keeps its plus.
void multiply_out(const double* a, int p, const double* s, int P, int m, double sign, std::vector<double>& out) {
  out.assign(size_t(p + m * P), 0.0);
  for (int i = 0; i < p; ++i) out[size_t(i)] += a[i];
  for (int j = 0; j < P; ++j) {
    out[size_t(m * (j + 1) - 1)] += s[j];
    for (int i = 0; i < p; ++i) out[size_t(i + 1 + m * (j + 1) - 1)] -= sign * a[i] * s[j];
  }
}

void nonzero(const std::vector<double>& dense, std::vector<int>& lag, std::vector<double>& c) {
  lag.clear();
  c.clear();
  for (size_t k = 0; k < dense.size(); ++k)
    if (dense[k] != 0) {
      lag.push_back(int(k + 1));
      c.push_back(dense[k]);
    }
}

}  // namespace

void expand(const double* x, const ArimaOrder& o, ExpandedArma& out) {
  const double *ar = x, *ma = ar + o.p, *sar = ma + o.q, *sma = sar + o.P;
  multiply_out(ar, o.p, sar, o.P, o.m, 1, out.ar);
  multiply_out(ma, o.q, sma, o.Q, o.m, -1, out.ma);
  nonzero(out.ar, out.ar_lag, out.ar_c);
  nonzero(out.ma, out.ma_lag, out.ma_c);
  out.max_ma_lag = out.ma_lag.empty() ? 0 : out.ma_lag.back();
}

void expand(const ArimaCoefficients& c, int m, ExpandedArma& out) {
  std::vector<double> x;
  for (const auto* v : {&c.ar, &c.ma, &c.sar, &c.sma}) x.insert(x.end(), v->begin(), v->end());
  const ArimaOrder o{int(c.ar.size()), 0, int(c.ma.size()), int(c.sar.size()), 0, int(c.sma.size()), m, false};
  expand(x.data(), o, out);
}

double css(const std::vector<double>& w, double mu, size_t start, const ExpandedArma& arma, CssBuffers& buf,
           std::vector<double>& resid, int& count) {
  const size_t n = w.size(), pad = size_t(arma.max_ma_lag);
  buf.centred.resize(n);
  for (size_t t = 0; t < n; ++t) buf.centred[t] = w[t] - mu;
  // Residuals before `start` are zero: a run of zeros in front lets every MA lag read e[t - lag]
  // without a bounds test.
  buf.padded.assign(pad + n, 0.0);
  const double* x = buf.centred.data();
  double* e = buf.padded.data() + pad;
  const int* ar_lag = arma.ar_lag.data();
  const double* ar_c = arma.ar_c.data();
  const int* ma_lag = arma.ma_lag.data();
  const double* ma_c = arma.ma_c.data();
  const size_t n_ar = arma.ar_lag.size(), n_ma = arma.ma_lag.size();
  double ssq = 0;
  for (size_t t = start; t < n; ++t) {
    double v = x[t];
    for (size_t i = 0; i < n_ar; ++i) v -= ar_c[i] * x[t - size_t(ar_lag[i])];
    // Longest lag first: e[t - 1], the value just computed, enters last, so the chain from one
    // residual to the next is one multiply and one subtraction, not one per MA term.
    for (size_t i = n_ma; i-- > 0;) v -= ma_c[i] * e[long(t) - ma_lag[i]];
    e[t] = v;
    ssq += v * v;
  }
  count = int(n > start ? n - start : 0);
  resid.assign(e, e + n);
  return ssq;
}

}  // namespace nestegg
