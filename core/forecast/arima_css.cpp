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

double css(const std::vector<double>& w, double mu, size_t start, const ExpandedArma& arma, CssBuffers& buf) {
  const size_t n = w.size(), pad = arma.ma.dense.size();
  buf.pad = pad;
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
  return ssq;
}

namespace {

// out_t = in_t + sign sum_j c_j in_(t - j step) for t >= from; zero before. One factor of the lag
// polynomial applied alone: what the other factor's coefficients see.
[[gnu::noinline]] void filter(const double* in, const double* c, int count, int step, double sign, size_t from,
                              size_t n, double* out) {
  for (size_t t = from; t < n; ++t) {
    double v = in[t];
    for (int j = 1; j <= count; ++j) v += sign * c[j - 1] * in[long(t) - long(j) * step];
    out[t] = v;
  }
}

}  // namespace

void css_normal_equations(const std::vector<double>& w, const double* x, const ArimaOrder& o, size_t start,
                          const ExpandedArma& arma, CssBuffers& buf, std::vector<double>& jtj,
                          std::vector<double>& jte) {
  const size_t n = w.size(), pad = arma.ma.dense.size(), stride = pad + n;
  const size_t k = size_t(o.p + o.q + o.P + o.Q + (o.constant ? 1 : 0));
  const double* centred = buf.centred.data();
  const double* e = buf.residuals();
  const double *ar = x, *ma = ar + o.p, *sar = ma + o.q, *sma = sar + o.P;
  // d e_t / d c before the MA filter, for each kind of coefficient (Box & Jenkins' derivative
  // recursions, conditioned as the CSS is): a regular AR coefficient at lag i reads the series
  // with the seasonal AR factor applied, lagged i; a seasonal one at lag m J the series with the
  // regular factor applied; MA coefficients likewise on the residuals, with the other MA factor.
  buf.filtered.assign(4 * stride, 0.0);
  double* seasonal_ar = buf.filtered.data() + pad;
  double* regular_ar = seasonal_ar + stride;
  double* seasonal_ma = regular_ar + stride;
  double* regular_ma = seasonal_ma + stride;
  filter(centred, sar, o.P, o.m, -1, size_t(o.m * o.P), n, seasonal_ar);
  filter(centred, ar, o.p, 1, -1, size_t(o.p), n, regular_ar);
  filter(e, sma, o.Q, o.m, 1, start, n, seasonal_ma);
  filter(e, ma, o.q, 1, 1, start, n, regular_ma);
  struct Source {
    const double* series;  // null: the constant
    long lag;
  };
  Source sources[4 * kMaxFactorOrder + 1];
  size_t j = 0;
  for (int i = 1; i <= o.p; ++i) sources[j++] = {seasonal_ar, i};
  for (int i = 1; i <= o.q; ++i) sources[j++] = {seasonal_ma, i};
  for (int i = 1; i <= o.P; ++i) sources[j++] = {regular_ar, long(i) * o.m};
  for (int i = 1; i <= o.Q; ++i) sources[j++] = {regular_ma, long(i) * o.m};
  if (o.constant) sources[j++] = {nullptr, 0};
  // The constant enters through every centred value: -(1 - sum ar_k) before the MA filter.
  double mu_source = -1;
  for (double a : arma.ar.c) mu_source += a;

  // D_t = source_t - sum ma_k D_(t-k), the residuals' own MA filter; all coefficients advance
  // together so that their recursions overlap instead of waiting on one another.
  buf.derivatives.assign(k * stride, 0.0);
  const int* ma_lag = arma.ma.lag.data();
  const double* ma_c = arma.ma.c.data();
  const size_t n_ma = arma.ma.lag.size();
  for (size_t t = start; t < n; ++t) {
    for (size_t c = 0; c < k; ++c) {
      double* d = buf.derivatives.data() + c * stride + pad;
      double v = sources[c].series ? -sources[c].series[long(t) - sources[c].lag] : mu_source;
      for (size_t i = n_ma; i-- > 0;) v -= ma_c[i] * d[long(t) - ma_lag[i]];
      d[t] = v;
    }
  }
  jtj.assign(k * k, 0.0);
  jte.assign(k, 0.0);
  for (size_t p = 0; p < k; ++p) {
    const double* dp = buf.derivatives.data() + p * stride + pad;
    double g = 0;
    for (size_t t = start; t < n; ++t) g += dp[t] * e[t];
    jte[p] = g;
    for (size_t q = 0; q <= p; ++q) {
      const double* dq = buf.derivatives.data() + q * stride + pad;
      double sum = 0;
      for (size_t t = start; t < n; ++t) sum += dp[t] * dq[t];
      jtj[p * k + q] = jtj[q * k + p] = sum;
    }
  }
}

}  // namespace nestegg
