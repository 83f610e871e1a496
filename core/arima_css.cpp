// SPDX-License-Identifier: MIT
#include "arima_css.hpp"

namespace nestegg {

namespace {

// (1 + sign sum a_i B^i)(1 + sign sum s_j B^(m j)) - 1, times sign, into out.dense[lag - 1], and
// its nonzero lags. The sign turns AR's (1 - ...) into w_t = sum ar_k w_{t-k}; MA's keeps its plus.
// Not inlined: two copies of its vector code would cost the size budget more than the call costs.
[[gnu::noinline]] void multiply_out(const double* a, int p, const double* s, int P, int m, double sign,
                                    LagPolynomial& out) {
  std::vector<double>& d = out.dense;
  d.assign(size_t(p + m * P), 0.0);
  for (int i = 0; i < p; ++i) d[size_t(i)] += a[i];
  for (int j = 0; j < P; ++j) {
    d[size_t(m * (j + 1) - 1)] += s[j];
    for (int i = 0; i < p; ++i) d[size_t(i + 1 + m * (j + 1) - 1)] -= sign * a[i] * s[j];
  }
  out.lag.clear();
  out.c.clear();
  for (size_t k = 0; k < d.size(); ++k)
    if (d[k] != 0) {
      out.lag.push_back(int(k + 1));
      out.c.push_back(d[k]);
    }
}

}  // namespace

void expand(const double* x, const ArimaOrder& o, ExpandedArma& out) {
  const double *ar = x, *ma = ar + o.p, *sar = ma + o.q, *sma = sar + o.P;
  multiply_out(ar, o.p, sar, o.P, o.m, 1, out.ar);
  multiply_out(ma, o.q, sma, o.Q, o.m, -1, out.ma);
}

double css(const std::vector<double>& w, double mu, size_t start, const ExpandedArma& arma, CssBuffers& buf,
           std::vector<double>& resid, int& count) {
  const size_t n = w.size(), pad = arma.ma.lag.empty() ? 0 : size_t(arma.ma.lag.back());
  buf.centred.resize(n);
  for (size_t t = 0; t < n; ++t) buf.centred[t] = w[t] - mu;
  // Residuals before `start` are zero: a run of zeros in front lets every MA lag read e[t - lag]
  // without a bounds test.
  buf.padded.assign(pad + n, 0.0);
  const double* x = buf.centred.data();
  double* e = buf.padded.data() + pad;
  const int* ar_lag = arma.ar.lag.data();
  const double* ar_c = arma.ar.c.data();
  const int* ma_lag = arma.ma.lag.data();
  const double* ma_c = arma.ma.c.data();
  const size_t n_ar = arma.ar.lag.size(), n_ma = arma.ma.lag.size();
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
