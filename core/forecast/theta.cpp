// SPDX-License-Identifier: MIT
#include "theta.hpp"

#include <cmath>

#include "basic_math.hpp"
#include "stats.hpp"

namespace nestegg {

namespace {

// Autocorrelations r_1..r_m, as R's acf(): lag-k sums over n, divided by the lag-0 one.
std::vector<double> autocorrelations(const std::vector<double>& y, int m) {
  const size_t n = y.size();
  double mean = 0;
  for (double v : y) mean += v;
  mean /= double(n);
  double c0 = 0;
  for (double v : y) c0 += (v - mean) * (v - mean);
  std::vector<double> r(size_t(m) + 1, 0.0);
  for (size_t k = 1; k <= size_t(m) && k < n; ++k) {
    double c = 0;
    for (size_t t = 0; t + k < n; ++t) c += (y[t] - mean) * (y[t + k] - mean);
    r[k] = c / c0;
  }
  return r;
}

// decompose(type = "multiplicative")'s seasonal indices per position from the series' start:
// ratios to a centred moving average (weights 1/2m at the ends for even m), their mean per
// position, scaled to average 1.
std::vector<double> multiplicative_indices(const std::vector<double>& y, int m) {
  const int n = int(y.size());
  std::vector<double> sum(size_t(m), 0.0);
  std::vector<int> count(size_t(m), 0);
  const int half = m / 2;
  for (int t = half; t + half < n; ++t) {
    double trend = 0;
    if (m % 2 == 0) {
      trend = 0.5 * (y[size_t(t - half)] + y[size_t(t + half)]);
      for (int j = -half + 1; j < half; ++j) trend += y[size_t(t + j)];
    } else {
      for (int j = -half; j <= half; ++j) trend += y[size_t(t + j)];
    }
    trend /= m;
    sum[size_t(t % m)] += y[size_t(t)] / trend;
    ++count[size_t(t % m)];
  }
  double mean = 0;
  for (int i = 0; i < m; ++i) {
    sum[size_t(i)] /= count[size_t(i)];
    mean += sum[size_t(i)] / m;
  }
  for (double& s : sum) s /= mean;
  return sum;
}

// SES's sum of squared one-step errors at `alpha`, with the initial level that minimises it: the
// errors are linear in l0 (e_t = a_t - d_t l0, d_t = (1 - alpha)^t but for missing months, which
// carry the level forward), so l0 comes from one pass in closed form.
double ses_profile(const std::vector<double>& y, double alpha, double& l0) {
  double level = 0, d = 1, sad = 0, sdd = 0, saa = 0;
  for (double v : y) {
    if (std::isnan(v)) continue;  // the state moves on by its own forecast: level and d unchanged
    const double a = v - level;
    sad += a * d, sdd += d * d, saa += a * a;
    level += alpha * a;
    d *= 1 - alpha;
  }
  l0 = sdd > 0 ? sad / sdd : 0.0;
  return saa - l0 * sad;
}

// ses()'s estimate: the least-squares alpha within forecast::ets's bounds [1e-4, 0.9999], by a grid
// of 17 points refined 12 times around the best (to 1e-11). On the flat profiles of trend-free
// series a local method can stop short of the bound where the optimum is (M3 N1495: Levenberg-
// Marquardt on ETS(A,N,N) stopped at alpha 0.0028, R's simplex reached 1e-4).
double ses_least_squares(const std::vector<double>& y) {
  double lo = 1e-4, hi = 0.9999, best = lo, best_sse = INFINITY, l0;
  for (int round = 0; round < 12; ++round) {
    const double step = (hi - lo) / 16;
    for (int i = 0; i <= 16; ++i) {
      const double sse = ses_profile(y, lo + i * step, l0);
      if (sse < best_sse) best_sse = sse, best = lo + i * step;
    }
    lo = std::max(1e-4, best - step), hi = std::min(0.9999, best + step);
  }
  return best;
}

}  // namespace

bool theta_seasonal_test(const std::vector<double>& y, int m) {
  const size_t n = y.size();
  if (m <= 1 || n <= size_t(2 * m)) return false;
  const std::vector<double> r = autocorrelations(y, m);
  double sum = 0;
  for (int k = 1; k < m; ++k) sum += r[size_t(k)] * r[size_t(k)];
  return std::fabs(r[size_t(m)]) / std::sqrt((1 + 2 * sum) / double(n)) > 1.6448536269514722;  // qnorm(0.95)
}

ThetaFit theta_fit(const std::vector<double>& y, int m, double alpha, double l0) {
  ThetaFit fit;
  const size_t n = y.size();
  fit.n = int(n);
  std::vector<double> filled = interpolate_missing(y), adjusted = y;
  bool positive = true;
  for (double v : filled) positive = positive && v > 0;
  if (theta_seasonal_test(filled, m)) {
    const std::vector<double> index = positive ? multiplicative_indices(filled, m) : std::vector<double>{};
    bool usable = positive;
    for (double s : index) usable = usable && std::fabs(s) >= 1e-4;
    fit.season_dropped = !usable;
    if (usable) {
      fit.m = m;
      for (size_t t = 0; t < n; ++t) {
        fit.season.push_back(index[t % size_t(m)]);
        adjusted[t] /= fit.season[t];
        filled[t] /= fit.season[t];
      }
      fit.last_season.assign(fit.season.end() - m, fit.season.end());
    }
  }
  // lsfit(0:(n - 1), x)'s slope of the adjusted series (gaps filled) on time.
  double sxy = 0, sxx = 0;
  for (size_t t = 0; t < n; ++t) {
    const double dt = double(t) - double(n - 1) / 2;
    sxy += dt * filled[t];
    sxx += dt * dt;
  }
  fit.drift = sxx > 0 ? sxy / sxx / 2 : 0.0;
  if (std::isnan(alpha)) alpha = ses_least_squares(adjusted);
  double best_l0;
  ses_profile(adjusted, alpha, best_l0);
  if (std::isnan(l0)) l0 = best_l0;
  EtsFixed fixed = no_fixed_params();
  fixed.alpha = alpha;
  EtsState initial{l0, 0, {}};
  fixed.initial = &initial;
  fit.ses = ets_fit(adjusted, 1, EtsSpec{Component::additive, Component::none, Component::none, false}, fixed);
  fit.fitted = fit.ses.filter.fitted;
  if (!fit.season.empty())
    for (size_t t = 0; t < fit.fitted.size(); ++t) fit.fitted[t] *= fit.season[t];
  return fit;
}

std::vector<double> theta_point_forecast(const ThetaFit& fit, int h) {
  const double alpha = std::max(1e-10, fit.ses.par.alpha);
  const double level = fit.ses.filter.final_state.level;
  const double start = (1 - pow_whole(1 - alpha, fit.n)) / alpha;
  std::vector<double> f(static_cast<size_t>(h));
  for (int i = 0; i < h; ++i) {
    f[size_t(i)] = level + fit.drift * (i + start);
    if (!fit.last_season.empty()) f[size_t(i)] *= fit.last_season[size_t(i % fit.m)];
  }
  return f;
}

std::vector<double> theta_sd(const ThetaFit& fit, int h) {
  const double alpha = std::max(1e-10, fit.ses.par.alpha);
  std::vector<double> sd(static_cast<size_t>(h));
  for (int i = 0; i < h; ++i) sd[size_t(i)] = std::sqrt(fit.ses.sigma2 * (1 + i * alpha * alpha));
  return sd;
}

}  // namespace nestegg
