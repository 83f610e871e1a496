// SPDX-License-Identifier: MIT
#include "arima.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <tuple>

#include "basic_math.hpp"
#include "ets_init.hpp"
#include "format_text.hpp"
#include "stats.hpp"
#include "levenberg_marquardt.hpp"
#include "arima_css.hpp"
#include "polynomial.hpp"

namespace nestegg {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kLog2Pi = 1.8378770664093453;

std::vector<double> difference(const std::vector<double>& y, int lag) {
  if (y.size() <= size_t(lag)) return {};
  std::vector<double> out(y.size() - size_t(lag));
  for (size_t t = 0; t < out.size(); ++t) out[t] = y[t + size_t(lag)] - y[t];
  return out;
}

std::vector<double> differenced(std::vector<double> y, const ArimaOrder& o) {
  for (int i = 0; i < o.d; ++i) y = difference(y, 1);
  for (int i = 0; i < o.D; ++i) y = difference(y, o.m);
  return y;
}

// 1 - sum c_i z^i (sign -1, AR) or 1 + sum c_i z^i (sign +1, MA) has every root outside |z| = 1/r,
// i.e. its reciprocal polynomial has every root inside |z| < r.
bool factor_ok(const double* c, int k, double sign, double r) {
  if (k == 0) return true;
  if (k > kMaxFactorOrder) return false;
  double rec[kMaxFactorOrder + 1];
  for (int i = 0; i < k; ++i) rec[i] = sign * c[k - 1 - i];
  rec[k] = 1;
  return roots_inside(rec, k, r);
}

// Coefficients in the optimiser's order (p AR, q MA, P seasonal AR, Q seasonal MA).
bool well_posed(const double* x, const ArimaOrder& o, double r) {
  const double *ar = x, *ma = ar + o.p, *sar = ma + o.q, *sma = sar + o.P;
  return factor_ok(ar, o.p, -1, r) && factor_ok(sar, o.P, -1, r) && factor_ok(ma, o.q, 1, r) &&
         factor_ok(sma, o.Q, 1, r);
}

size_t coefficient_count(const ArimaOrder& o) { return size_t(o.p + o.q + o.P + o.Q + (o.constant ? 1 : 0)); }

ArimaCoefficients unpack(const ArimaOrder& o, const double* x) {
  ArimaCoefficients c;
  c.ar.assign(x, x + o.p);
  x += o.p;
  c.ma.assign(x, x + o.q);
  x += o.q;
  c.sar.assign(x, x + o.P);
  x += o.P;
  c.sma.assign(x, x + o.Q);
  x += o.Q;
  c.constant = o.constant ? *x : 0.0;
  return c;
}

// unpack's inverse, for an estimate of the same order.
std::vector<double> pack(const ArimaCoefficients& c, const ArimaOrder& o) {
  std::vector<double> x;
  for (const auto* v : {&c.ar, &c.ma, &c.sar, &c.sma}) x.insert(x.end(), v->begin(), v->end());
  if (o.constant) x.push_back(c.constant);
  return x;
}

}  // namespace

std::string arima_name(const ArimaOrder& o) {
  std::string s = format_text("ARIMA(%d,%d,%d)", o.p, o.d, o.q);
  if (o.P + o.D + o.Q > 0) append_text(s, "(%d,%d,%d)[%d]", o.P, o.D, o.Q, o.m);
  if (o.constant) s += o.d + o.D == 0 ? " with non-zero mean" : " with drift";
  return s;
}

ArimaFit arima_fit(const std::vector<double>& y_in, const ArimaOrder& order, const ArimaCoefficients* given,
                   const ArimaEstimation& how) {
  ArimaFit fit;
  fit.order = order;
  fit.y = interpolate_missing(y_in);
  fit.aicc = fit.aic = fit.bic = kInf;
  const std::vector<double> w = differenced(fit.y, order);
  const size_t k = coefficient_count(order);
  const size_t start = size_t(order.p + order.P * order.m);
  if (w.size() <= start + k + 2) {  // nothing left to estimate with
    fit.too_short = true;
    return fit;
  }
  if (std::max({order.p, order.q, order.P, order.Q}) > kMaxFactorOrder) return fit;

  double mean_w = 0;
  for (double v : w) mean_w += v / double(w.size());
  ExpandedArma arma;
  CssBuffers buf;
  std::vector<double> x(k, 0.0);
  if (given) {
    fit.coef = *given;
    if (!order.constant) fit.coef.constant = 0;
  } else {
    if (order.constant) x.back() = mean_w;
    if (how.start) {
      std::vector<double> from = pack(*how.start, order);
      if (from.size() == k) x = std::move(from);
    }
    if (k > 0) {
      // CSS is a sum of squares: Levenberg-Marquardt on the recursion's exact derivatives, which
      // start from the residuals (and expansion) that the point's sum of squares left in buf.
      const double n = double(w.size());
      auto sum_of_squares = [&](const std::vector<double>& p, double& ssq) {
        if (!well_posed(p.data(), order, 1.0)) return false;
        expand(p.data(), order, arma);
        ssq = css(w, order.constant ? p.back() : 0.0, start, arma, buf);
        fit.work += n * double(1 + arma.ar.lag.size() + arma.ma.lag.size());
        return true;
      };
      auto normal_equations = [&](const std::vector<double>& p, std::vector<double>& jtj, std::vector<double>& jte) {
        css_normal_equations(w, p.data(), order, start, arma, buf, jtj, jte);
        fit.work += n * double(k + 1) * double(2 + k + arma.ma.lag.size());
        return true;
      };
      const LeastSquaresProblem problem{sum_of_squares, normal_equations};
      LmOptions options;
      options.rel_tol = how.rel_tol;
      x = levenberg_marquardt(problem, x, options).x;
    }
    fit.coef = unpack(order, x.data());
  }
  // auto.arima's rule: a root within 1.01 of the unit circle makes the fit unusable.
  if (!given && !well_posed(x.data(), order, 1 / 1.01)) return fit;
  expand(pack(fit.coef, order).data(), order, arma);
  const double ssq = css(w, fit.coef.constant, start, arma, buf);
  const double* resid = buf.residuals();
  fit.sigma2 = ssq / double(w.size() - start);
  const double n_used = double(w.size());  // the same for every order with these d and D: comparable
  // A series the model reproduces exactly (a straight line with drift) has the best likelihood
  // there is, not minus infinity: sigma2 in it is floored at 1e-20 of the series' mean square,
  // residuals within 1e-10 of the values being rounding (as ETS's, ets_sse_floor). Only for a
  // model without autoregressive terms, whose sum of squares starts at the first differenced
  // value: an AR lag skips p + P m values, and a useless one (sar1 = 0) skipped a jump in the
  // first year and called 900 x 8, 950 x 28 exact (a review's find). And only where there are
  // more residuals than coefficients, which otherwise fit anything exactly.
  double mean_square = 0;  // of the series: its rounding is what the residuals carry
  for (double v : fit.y)
    if (!std::isnan(v)) mean_square += v * v / double(fit.y.size());
  const bool determined = start == 0 && w.size() > k + 1;
  const double sigma2_lik = determined ? std::max(fit.sigma2, 1e-20 * mean_square) : fit.sigma2;
  const double minus2ll = n_used * (log_basic(sigma2_lik) + 1 + kLog2Pi);
  const double np = double(k + 1);
  fit.loglik = -0.5 * minus2ll;
  fit.aic = minus2ll + 2 * np;
  fit.bic = minus2ll + log_basic(n_used) * np;
  fit.aicc = n_used - np - 1 > 0 ? fit.aic + 2 * np * (np + 1) / (n_used - np - 1) : kInf;
  if (!std::isfinite(fit.sigma2) || !(sigma2_lik > 0)) fit.aicc = kInf;
  // Residuals and one-step fitted values back on the scale of y.
  const size_t offset = fit.y.size() - w.size();
  fit.residuals.assign(fit.y.size(), std::numeric_limits<double>::quiet_NaN());
  fit.fitted = fit.residuals;
  for (size_t t = start; t < w.size(); ++t) {
    fit.residuals[t + offset] = resid[t];
    fit.fitted[t + offset] = fit.y[t + offset] - resid[t];
  }
  return fit;
}

ArimaForecast arima_forecast(const ArimaFit& fit, int h) {
  const ArimaOrder& o = fit.order;
  ExpandedArma arma;
  expand(pack(fit.coef, o).data(), o, arma);
  const std::vector<double>&ar = arma.ar.dense, &ma = arma.ma.dense;
  std::vector<double> w = differenced(fit.y, o);
  const size_t n_w = w.size(), offset = fit.y.size() - n_w;
  std::vector<double> e(n_w + size_t(h), 0.0);
  for (size_t t = 0; t < n_w; ++t)
    if (!std::isnan(fit.residuals[t + offset])) e[t] = fit.residuals[t + offset];
  const double mu = fit.coef.constant;
  for (int i = 0; i < h; ++i) {
    const size_t t = n_w + size_t(i);
    double v = mu;
    for (size_t k = 0; k < ar.size(); ++k)
      if (t >= k + 1) v += ar[k] * (w[t - k - 1] - mu);
    for (size_t j = 0; j < ma.size(); ++j)
      if (t >= j + 1) v += ma[j] * e[t - j - 1];
    w.push_back(v);
  }
  // Undo the differencing: delta(B) y_t = w_t with delta = (1 - B)^d (1 - B^m)^D.
  std::vector<double> delta{1};
  for (int i = 0; i < o.d; ++i) delta = poly_multiply(delta, {1, -1});
  std::vector<double> seasonal(size_t(o.m) + 1, 0.0);
  seasonal.front() = 1;
  seasonal.back() = -1;
  for (int i = 0; i < o.D; ++i) delta = poly_multiply(delta, seasonal);
  std::vector<double> y = fit.y;
  ArimaForecast out;
  for (int i = 0; i < h; ++i) {
    double v = w[n_w + size_t(i)];
    for (size_t k = 1; k < delta.size(); ++k) v -= delta[k] * y[y.size() - k];
    y.push_back(v);
    out.mean.push_back(v);
  }
  // psi weights of the whole model (differencing included) give the h-step variances.
  std::vector<double> phi{1};  // 1 - sum ar_k B^k
  for (double a : ar) phi.push_back(-a);
  std::vector<double> full = poly_multiply(phi, delta);
  std::vector<double> psi(size_t(h), 0.0);
  psi[0] = 1;
  double sum = 0;
  for (int j = 0; j < h; ++j) {
    if (j > 0) {
      double v = size_t(j) <= ma.size() ? ma[size_t(j) - 1] : 0.0;
      for (size_t k = 1; k < full.size() && k <= size_t(j); ++k) v -= full[k] * psi[size_t(j) - k];
      psi[size_t(j)] = v;
    }
    sum += psi[size_t(j)] * psi[size_t(j)];
    out.sd.push_back(std::sqrt(fit.sigma2 * sum));
  }
  return out;
}

double kpss_statistic(const std::vector<double>& y) {
  const size_t n = y.size();
  double mean = 0;
  for (double v : y) mean += v / double(n);
  double s = 0, eta = 0, s0 = 0;
  for (double v : y) {
    s += v - mean;
    eta += s * s;
    s0 += (v - mean) * (v - mean);
  }
  // Newey-West long-run variance with urca's "short" lag truncation, trunc(4 (n/100)^(1/4)).
  const int lags = int(std::trunc(4 * std::sqrt(std::sqrt(double(n) / 100))));
  double lrv = s0 / double(n);
  for (int l = 1; l <= lags; ++l) {
    double c = 0;
    for (size_t t = size_t(l); t < n; ++t) c += (y[t] - mean) * (y[t - size_t(l)] - mean);
    lrv += 2 * (1 - double(l) / (lags + 1)) * c / double(n);
  }
  return lrv > 0 ? eta / (double(n) * double(n)) / lrv : 0;
}

int kpss_diffs(const std::vector<double>& y_in, int max_d) {
  constexpr double kCritical5 = 0.463;  // KPSS level-stationarity, 5 % (Kwiatkowski et al. 1992)
  std::vector<double> y = y_in;
  int d = 0;
  while (d < max_d && y.size() > 3) {
    const auto [lo, hi] = std::minmax_element(y.begin(), y.end());
    if (*lo == *hi || kpss_statistic(y) <= kCritical5) break;
    y = difference(y, 1);
    ++d;
  }
  return d;
}

int seasonal_diffs(const std::vector<double>& y, int m) {
  if (m <= 1 || y.size() < size_t(2 * m + 1)) return 0;
  // Seasonal strength F = max(0, 1 - var(remainder) / var(season + remainder)) (Wang, Smith &
  // Hyndman 2006), as forecast's "seas" test. R takes season and remainder from STL, whose seasonal
  // component follows a changing amplitude; here the detrended values are averaged, position by
  // position, over a moving window of 7 seasons (STL's usual seasonal span) for the same effect
  // without its loess passes. A fixed seasonal figure would call a growing season noise.
  const size_t half = size_t(m / 2), n = y.size(), um = size_t(m);
  std::vector<double> detrended(n, std::numeric_limits<double>::quiet_NaN());
  for (size_t t = half; t + half < n; ++t) detrended[t] = y[t] - centred_trend(y, m, t);
  std::vector<double> rem, sr;
  for (size_t t = half; t + half < n; ++t) {
    double sum = 0;
    int count = 0;
    for (long k = -3; k <= 3; ++k) {
      const long u = long(t) + k * long(um);
      if (u < 0 || u >= long(n) || std::isnan(detrended[size_t(u)])) continue;
      sum += detrended[size_t(u)];
      ++count;
    }
    const double season = sum / count;
    sr.push_back(detrended[t]);
    rem.push_back(detrended[t] - season);
  }
  auto var = [](const std::vector<double>& v) {
    double mean = 0, s = 0;
    for (double x : v) mean += x / double(v.size());
    for (double x : v) s += (x - mean) * (x - mean);
    return s;
  };
  const double vsr = var(sr);
  const double strength = vsr > 0 ? std::max(0.0, 1 - var(rem) / vsr) : 0;
  return strength > 0.64 ? 1 : 0;
}

ArimaFit arima_auto(const std::vector<double>& y_in, int m, const ArimaSearch& lim) {
  const std::vector<double> y = interpolate_missing(y_in);
  const bool seasonal = m > 1;
  const int D = seasonal ? std::min(lim.max_D, seasonal_diffs(y, m)) : 0;
  std::vector<double> ys = y;
  for (int i = 0; i < D; ++i) ys = difference(ys, m);
  const int d = kpss_diffs(ys, lim.max_d);
  const bool constant_ok = d + D <= 1;

  // The search only ranks orders: AICc is n log(CSS / n) + penalty, so a CSS within a millionth of
  // its minimum moves it by n / 10^6 (under 0.001 on these series), while Gauss-Newton's last
  // digits on a flat likelihood cost as many steps as the first ones. The chosen order is then
  // refined to the default tolerance from where its coarse fit stopped.
  const ArimaEstimation coarse{1e-6, nullptr};
  ArimaFit best;
  best.aicc = kInf;
  std::set<std::tuple<int, int, int, int, bool>> tried;
  int fitted = 0;
  double spent = 0;
  const double budget = lim.max_work_per_value * double(y.size());
  auto consider = [&](int p, int q, int P, int Q, bool c) {
    if (p < 0 || q < 0 || P < 0 || Q < 0 || p > lim.max_p || q > lim.max_q || P > lim.max_P || Q > lim.max_Q)
      return false;
    if (!seasonal && (P || Q)) return false;
    if (c && !constant_ok) return false;
    if (!tried.insert({p, q, P, Q, c}).second || fitted >= lim.max_models || spent >= budget) return false;
    ++fitted;
    ArimaOrder o{p, d, q, P, D, Q, seasonal ? m : 1, c};
    ArimaFit f = arima_fit(y, o, nullptr, coarse);
    spent += f.work;
    if (f.aicc < best.aicc) {
      best = std::move(f);
      return true;
    }
    return false;
  };
  const int sP = seasonal ? 1 : 0;
  consider(2, 2, sP, sP, constant_ok);
  consider(0, 0, 0, 0, constant_ok);
  consider(1, 0, sP, 0, constant_ok);
  consider(0, 1, 0, sP, constant_ok);
  if (constant_ok) consider(0, 0, 0, 0, false);

  // Stepwise: move to the first neighbour that lowers AICc, until none does.
  bool improved = std::isfinite(best.aicc);
  while (improved) {
    improved = false;
    const ArimaOrder o = best.order;
    const int moves[16][4] = {{0, 0, -1, 0}, {0, 0, 1, 0},  {0, 0, 0, -1}, {0, 0, 0, 1},  {0, 0, -1, -1}, {0, 0, -1, 1},
                              {0, 0, 1, -1}, {0, 0, 1, 1},  {-1, 0, 0, 0}, {0, -1, 0, 0}, {1, 0, 0, 0},   {0, 1, 0, 0},
                              {-1, -1, 0, 0}, {-1, 1, 0, 0}, {1, -1, 0, 0}, {1, 1, 0, 0}};
    for (const auto& mv : moves) {
      if (consider(o.p + mv[0], o.q + mv[1], o.P + mv[2], o.Q + mv[3], o.constant)) { improved = true; break; }
    }
    if (!improved && constant_ok) improved = consider(o.p, o.q, o.P, o.Q, !o.constant);
  }
  ArimaFit out;
  if (!std::isfinite(best.aicc)) {  // nothing estimable: a random walk (or white noise) on this d, D
    out = arima_fit(y, ArimaOrder{0, d, 0, 0, D, 0, seasonal ? m : 1, false});
  } else {
    ArimaFit refined = arima_fit(y, best.order, nullptr, ArimaEstimation{1e-8, &best.coef});
    spent += refined.work;
    out = refined.aicc <= best.aicc ? std::move(refined) : std::move(best);
  }
  out.work = spent;  // the whole search's
  return out;
}

std::string inadmissible_arima_factor(const ArimaCoefficients& c) {
  // Strictly outside the unit circle (no 1.01 margin as for fits: a given unit root is the caller's
  // explicit choice of a random walk, which differencing expresses; here it is refused).
  if (!factor_ok(c.ar.data(), int(c.ar.size()), -1, 1)) return "ar";
  if (!factor_ok(c.ma.data(), int(c.ma.size()), 1, 1)) return "ma";
  if (!factor_ok(c.sar.data(), int(c.sar.size()), -1, 1)) return "sar";
  if (!factor_ok(c.sma.data(), int(c.sma.size()), 1, 1)) return "sma";
  return {};
}

}  // namespace nestegg
