// SPDX-License-Identifier: MIT
#include "series_forecast.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "error.hpp"
#include "format_text.hpp"
#include "interval_pool.hpp"
#include "step_percentiles.hpp"
#include "student_t.hpp"
#include "theta.hpp"

namespace nestegg {

namespace {

using Warnings = std::vector<std::pair<std::string, std::string>>;  // code, message
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int observed_count(const std::vector<double>& y) {
  int c = 0;
  for (double v : y) c += !std::isnan(v);
  return c;
}

// Mean absolute lag-`lag` difference over pairs both observed (the MASE scale).
double mean_abs_difference(const std::vector<double>& y, int lag) {
  double sum = 0;
  int count = 0;
  for (size_t t = size_t(lag); t < y.size(); ++t) {
    if (std::isnan(y[t]) || std::isnan(y[t - size_t(lag)])) continue;
    sum += std::fabs(y[t] - y[t - size_t(lag)]);
    ++count;
  }
  return count ? sum / count : kNaN;
}

ForecastAccuracy in_sample_accuracy(const std::vector<double>& y, const std::vector<double>& fitted, int period) {
  double se = 0, ae = 0, e_sum = 0, pe = 0, ape = 0;
  int n = 0, np = 0;
  for (size_t t = 0; t < y.size(); ++t) {
    if (std::isnan(y[t]) || std::isnan(fitted[t])) continue;
    const double e = y[t] - fitted[t];
    e_sum += e;
    se += e * e;
    ae += std::fabs(e);
    ++n;
    if (y[t] != 0) {
      pe += 100 * e / y[t];
      ape += 100 * std::fabs(e / y[t]);
      ++np;
    }
  }
  const double scale = mean_abs_difference(y, y.size() > size_t(period) ? period : 1);
  ForecastAccuracy a{};
  a.me = n ? e_sum / n : kNaN;
  a.rmse = n ? std::sqrt(se / n) : kNaN;
  a.mae = n ? ae / n : kNaN;
  a.mpe = np ? pe / np : kNaN;
  a.mape = np ? ape / np : kNaN;
  a.mase = scale > 0 ? a.mae / scale : kNaN;
  return a;
}

// Intervals from a standard deviation per step (normal forecast errors).
void normal_intervals(SeriesForecast& out, const std::vector<double>& sd, const std::vector<double>& levels) {
  for (double level : levels) {
    const double z = normal_quantile(0.5 + level / 200);
    std::vector<double> lo(out.mean.size()), hi(out.mean.size());
    for (size_t i = 0; i < out.mean.size(); ++i) {
      lo[i] = out.mean[i] - z * sd[i];
      hi[i] = out.mean[i] + z * sd[i];
    }
    out.lower.push_back(std::move(lo));
    out.upper.push_back(std::move(hi));
  }
}

// Quantiles of simulated paths (type 7, R's and numpy's default) for each step.
void simulated_intervals(SeriesForecast& out, const std::vector<double>& paths, int n_paths,
                         const std::vector<double>& levels) {
  const size_t h = out.mean.size();
  out.lower.assign(levels.size(), std::vector<double>(h));
  out.upper.assign(levels.size(), std::vector<double>(h));
  out.spread_below.assign(h, 0.0);
  out.spread_above.assign(h, 0.0);
  std::vector<double> column(static_cast<size_t>(n_paths)), qs;
  for (double level : levels) qs.push_back(50 - level / 2), qs.push_back(50 + level / 2);
  qs.push_back(5), qs.push_back(95);
  StepPercentiles steps(qs);
  const double z90 = normal_quantile(0.95);
  for (size_t i = 0; i < h; ++i) {
    for (int p = 0; p < n_paths; ++p) column[size_t(p)] = paths[size_t(p) * h + i];
    const std::vector<double> bounds = steps.next(column, out.mean[i], std::fabs(out.mean[i]));
    // The point forecast is the paths' model mean, which a skewed distribution's central interval
    // need not hold at a narrow level (0.5 %: 627.08 to 628.02 around 628.12): each bound is
    // clamped to it, as the combination's are, so lower <= forecast <= upper and levels still nest.
    for (size_t l = 0; l < levels.size(); ++l) {
      out.lower[l][i] = std::min(bounds[2 * l], out.mean[i]);
      out.upper[l][i] = std::max(bounds[2 * l + 1], out.mean[i]);
    }
    const double q5 = bounds[2 * levels.size()], q95 = bounds[2 * levels.size() + 1];
    if (q5 <= out.mean[i] && out.mean[i] <= q95) {
      out.spread_below[i] = (out.mean[i] - q5) / z90;
      out.spread_above[i] = (q95 - out.mean[i]) / z90;
    } else {  // the 90 % of paths wholly on one side of the mean: the normal with those quantiles
      out.spread_below[i] = out.spread_above[i] = (q95 - q5) / (2 * z90);
    }
  }
}

SeriesForecast constant_forecast(const SeriesRequest& r, double value) {
  SeriesForecast out;
  out.model = "constant";
  out.mean.assign(size_t(r.horizon), value);
  out.lower.assign(r.levels.size(), out.mean);
  out.upper.assign(r.levels.size(), out.mean);
  out.intervals = "none";
  out.fitted.assign(r.y.size(), value);
  for (size_t t = 0; t < r.y.size(); ++t)
    if (std::isnan(r.y[t])) out.fitted[t] = kNaN;
  out.warnings.push_back({"constant_series", "every observed value is the same: forecast flat, no uncertainty"});
  return out;
}

// naive (lag 1) and seasonal naive (lag m), with R's rwf / snaive interval widths. Across a missing
// month the last observed value in the same position of the lag cycle carries forward, in the
// fitted values as in the forecast (R's lagwalk): months with gaps between them still measure
// the variance. With no pair at all to measure it from, no intervals.
SeriesForecast naive_forecast(const SeriesRequest& r, int lag) {
  SeriesForecast out;
  out.model = lag == 1 ? "naive" : "seasonal naive";
  const size_t n = r.y.size();
  out.fitted.assign(n, kNaN);
  double se = 0;
  int count = 0;
  std::vector<double> last(size_t(lag), kNaN);  // by position in the cycle: t % lag
  for (size_t t = 0; t < n; ++t) {
    double& carried = last[t % size_t(lag)];
    out.fitted[t] = carried;
    if (std::isnan(r.y[t])) continue;
    if (!std::isnan(carried)) {
      se += (r.y[t] - carried) * (r.y[t] - carried);
      ++count;
    }
    carried = r.y[t];
  }
  const double sigma2 = count ? se / count : 0;
  std::vector<double> sd(size_t(r.horizon));
  for (int i = 0; i < r.horizon; ++i) {
    double v = last[(n + size_t(i)) % size_t(lag)];
    if (std::isnan(v))
      fail(code::insufficient_data, "series", "no observed value to carry forward in part of the season");
    out.mean.push_back(v);
    sd[size_t(i)] = std::sqrt(sigma2 * (lag == 1 ? double(i + 1) : double(i / lag + 1)));
  }
  if (count == 0) {
    out.lower.assign(r.levels.size(), out.mean);
    out.upper.assign(r.levels.size(), out.mean);
    out.intervals = "none";
    out.warnings.push_back({"no_intervals", "no two observed values a lag apart to measure the variance: point forecasts only"});
    return out;
  }
  normal_intervals(out, sd, r.levels);
  out.intervals = "analytic";
  out.parameters.push_back({"sigma2", sigma2});
  return out;
}

SeriesForecast from_ets(const SeriesRequest& r, const EtsFit& fit) {
  SeriesForecast out;
  out.model = ets_name(fit.spec);
  out.mean = ets_point_forecast(fit.spec, fit.par, fit.filter.final_state, fit.m, r.horizon);
  const std::vector<double> sd = ets_analytic_sd(fit, r.horizon);
  if (!sd.empty()) {
    normal_intervals(out, sd, r.levels);
    out.intervals = "analytic";
  } else {
    if (simulation_work(r) > r.simulation_budget)
      fail(code::too_large, "series",
           "%.*s's simulated intervals (%lld units: paths x horizon x (4 + levels) / 200) would take the request over "
           "limits.max_forecast_work (a shorter horizon or fewer levels, or an additive season)",
           int(out.model.size()), out.model.data(), static_cast<long long>(int64_t(simulation_work(r))));
    simulated_intervals(out, ets_simulate(fit, r.horizon, r.paths, r.seed), r.paths, r.levels);
    out.intervals = "simulated";
  }
  out.parameters.push_back({"alpha", fit.par.alpha});
  if (fit.spec.trend != Component::none) out.parameters.push_back({"beta", fit.par.beta});
  if (fit.spec.season != Component::none) out.parameters.push_back({"gamma", fit.par.gamma});
  if (fit.spec.damped) out.parameters.push_back({"phi", fit.par.phi});
  out.parameters.push_back({"sigma2", fit.sigma2});
  out.parameters.push_back({"l0", fit.initial.level});
  if (fit.spec.trend != Component::none) out.parameters.push_back({"b0", fit.initial.trend});
  for (size_t k = 0; k < fit.initial.season.size(); ++k)
    out.parameters.push_back({format_text("s%zu", k), fit.initial.season[k]});
  if (std::isfinite(fit.aicc)) {
    out.aicc = fit.aicc;
    out.aic = fit.aic;
    out.bic = fit.bic;
    out.loglik = fit.loglik;
  }
  out.fitted = fit.filter.fitted;
  return out;
}

// R's drift is a slope per period; the model's constant is the mean of the differenced series,
// which after a seasonal difference is m slopes.
double drift_scale(const ArimaOrder& o) { return o.D == 1 ? o.m : 1; }

SeriesForecast from_arima(const SeriesRequest& r, const ArimaFit& fit) {
  SeriesForecast out;
  out.model = arima_name(fit.order);
  const ArimaForecast fc = arima_forecast(fit, r.horizon);
  out.mean = fc.mean;
  normal_intervals(out, fc.sd, r.levels);
  out.intervals = "analytic";
  auto put = [&](const char* prefix, const std::vector<double>& c) {
    for (size_t i = 0; i < c.size(); ++i) out.parameters.push_back({format_text("%s%zu", prefix, i + 1), c[i]});
  };
  put("ar", fit.coef.ar);
  put("ma", fit.coef.ma);
  put("sar", fit.coef.sar);
  put("sma", fit.coef.sma);
  if (fit.order.constant)
    out.parameters.push_back({fit.order.d + fit.order.D > 0 ? "drift" : "mean", fit.coef.constant / drift_scale(fit.order)});
  out.parameters.push_back({"sigma2", fit.sigma2});
  if (std::isfinite(fit.aicc)) {
    out.aicc = fit.aicc;
    out.aic = fit.aic;
    out.bic = fit.bic;
    out.loglik = fit.loglik;
  }
  out.fitted = fit.fitted;
  return out;
}

SeriesForecast from_theta(const SeriesRequest& r, const ThetaFit& fit) {
  SeriesForecast out;
  out.model = fit.last_season.empty() ? "Theta" : "Theta, multiplicative season";
  out.mean = theta_point_forecast(fit, r.horizon);
  normal_intervals(out, theta_sd(fit, r.horizon), r.levels);
  out.intervals = "analytic";
  out.parameters.push_back({"alpha", fit.ses.par.alpha});
  out.parameters.push_back({"drift", fit.drift});
  out.parameters.push_back({"sigma2", fit.ses.sigma2});
  out.parameters.push_back({"l0", fit.ses.initial.level});
  for (size_t k = 0; k < fit.last_season.size(); ++k)  // the index each step of a season is multiplied by
    out.parameters.push_back({format_text("index%zu", k + 1), fit.last_season[k]});
  out.fitted = fit.fitted;
  return out;
}

// Intervals of no width as the answer shows them: a 95 % interval within half a cent of the
// forecast (each bound's distance read as a spread through its level's normal quantile, so that
// a narrow level asked alone, 1 %, does not pass for one). A model with intervals "none" has none.
bool no_width(const SeriesForecast& out, const std::vector<double>& levels) {
  if (out.intervals == "none") return false;
  for (size_t l = 0; l < out.lower.size(); ++l) {
    const double spread = 0.005 / normal_quantile(0.975) * normal_quantile(0.5 + levels[l] / 200);
    for (size_t i = 0; i < out.mean.size(); ++i)
      if (!(out.mean[i] - out.lower[l][i] < spread && out.upper[l][i] - out.mean[i] < spread)) return false;
  }
  return true;
}

// How far ahead a combination's members are checked for forecasts below zero: two seasons, and
// at least 8 steps (two years of quarters; eight years without a season).
constexpr int kImpossibleStepsMin = 8;

// An amount that shows as negative once rounded to the cent (-0.01 or less); a hair under zero is 0.00.
bool shows_negative(double v) { return v <= -0.005; }

bool has_negative(const std::vector<double>& y) {
  return std::any_of(y.begin(), y.end(), [](double v) { return v < 0; });  // NaN (missing) compares false
}

// Whether the one-step fitted values match every observed value to half a cent.
bool reproduces(const SeriesForecast& f, const std::vector<double>& y) {
  if (f.fitted.size() != y.size()) return false;
  for (size_t t = 0; t < y.size(); ++t)
    if (!std::isnan(y[t]) && !(std::fabs(y[t] - f.fitted[t]) < 0.005)) return false;
  return true;
}

// The mean of the members' point forecasts and fitted values; the bounds those of the mixture of
// the members' forecast distributions (interval_pool.hpp), level by level and step by step. Each
// member's bounds are first widened from the normal's quantile to Student's t on that member's
// residual degrees of freedom `dof` (its observations less what it estimated): its variance is
// an estimate, which its own (R's) intervals ignore. The widening is largest on short series,
// whose members' intervals are the narrowest: on the M3 subset it took the yearly series' 95 %
// coverage from 89.8 to 91.5 % (README "Accuracy on M3"); nothing is fitted to the data. The
// intervals of several levels then nest.
SeriesForecast combine(const std::vector<SeriesForecast>& parts, const std::vector<double>& dof,
                       const std::vector<double>& levels) {
  SeriesForecast out = parts.front();
  const double k = double(parts.size());
  out.model = "Combination of " + parts.front().model;
  auto add = [](std::vector<double>& to, const std::vector<double>& from) {
    for (size_t i = 0; i < to.size(); ++i) to[i] += from[i];
  };
  for (size_t p = 1; p < parts.size(); ++p) {
    append_text(out.model, "%s%.*s", p + 1 == parts.size() ? " and " : ", ", int(parts[p].model.size()), parts[p].model.data());
    add(out.mean, parts[p].mean);
    add(out.fitted, parts[p].fitted);
    if (parts[p].intervals == "simulated") out.intervals = "simulated";
  }
  auto scale = [k](std::vector<double>& v) { for (double& x : v) x /= k; };
  scale(out.mean);
  scale(out.fitted);
  std::vector<double> mean(parts.size()), lower(parts.size()), upper(parts.size());
  std::vector<double> widen(parts.size());
  for (size_t l = 0; l < levels.size(); ++l) {
    const double upper_p = 1 - (1 - levels[l] / 100) / 2;
    const double z = normal_quantile(upper_p);
    for (size_t p = 0; p < parts.size(); ++p) widen[p] = student_t_quantile(upper_p, std::max(dof[p], 1.0)) / z;
    for (size_t i = 0; i < out.mean.size(); ++i) {
      for (size_t p = 0; p < parts.size(); ++p) {
        const SeriesForecast& m = parts[p];
        mean[p] = m.mean[i];
        const bool spread = !m.spread_below.empty();  // a simulated member: the same reading at every level
        lower[p] = spread ? mean[p] - z * m.spread_below[i] : m.lower[l][i];
        upper[p] = spread ? mean[p] + z * m.spread_above[i] : m.upper[l][i];
      }
      std::tie(out.lower[l][i], out.upper[l][i]) = pooled_interval(mean, lower, upper, widen, levels[l], out.mean[i]);
    }
  }
  // A wider level's interval holds every narrower one's. The mixture of members read the same at
  // every level does by itself, but the t widening grows with the level, and where a member has
  // very few degrees of freedom the intervals could cross: there the wider one is widened to it.
  for (size_t l = 0; l < levels.size(); ++l)  // at most 6 levels: each against every narrower one
    for (size_t n = 0; n < levels.size(); ++n) {
      if (!(levels[n] < levels[l])) continue;
      for (size_t i = 0; i < out.mean.size(); ++i) {
        out.lower[l][i] = std::min(out.lower[l][i], out.lower[n][i]);
        out.upper[l][i] = std::max(out.upper[l][i], out.upper[n][i]);
      }
    }
  out.parameters.clear();
  out.spread_below.clear();
  out.spread_above.clear();
  out.aicc = out.aic = out.bic = out.loglik = std::nullopt;
  return out;
}

bool all_positive(const std::vector<double>& y) {
  for (double v : y)
    if (!std::isnan(v) && v <= 0) return false;
  return true;
}

EtsSpec method_spec(const SeriesRequest& r, int m) {
  const Component season = m > 1 ? (r.multiplicative ? Component::multiplicative : Component::additive)
                                  : Component::none;
  if (r.method == "ses") return {Component::additive, Component::none, Component::none, false};
  if (r.method == "holt") return {Component::additive, Component::additive, Component::none, r.damped};
  // Holt-Winters: additive errors with an additive season, multiplicative with a multiplicative one.
  return {season == Component::multiplicative ? Component::multiplicative : Component::additive,
          Component::additive, season, r.damped};
}

SeriesForecast arima_method(const SeriesRequest& r, int m) {
  ArimaFit fit;
  if (r.arima_order) {
    ArimaOrder o = *r.arima_order;
    if (m == 1) o.P = o.D = o.Q = 0;
    o.m = m;
    std::optional<ArimaCoefficients> given = r.arima_coef;
    if (given) {
      const std::string factor = inadmissible_arima_factor(*given);
      if (!factor.empty())
        fail_at(code::invalid_value, FieldPath("coefficients", factor), "%s",
                factor == "ar" || factor == "sar"
                    ? " are not stationary: a root of the polynomial lies on or inside the unit circle, so "
                      "forecasts would grow without bound (difference instead, d or D, for a random walk)"
                    : " are not invertible: a root of the polynomial lies on or inside the unit circle, so "
                      "the errors recovered from the series would grow without bound");
      given->constant *= drift_scale(o);
    }
    fit = arima_fit(r.y, o, given ? &*given : nullptr);
  } else {
    fit = arima_auto(r.y, m);
  }
  // A given order on a long enough series is the order's fault, not the data's length.
  if (fit.residuals.empty()) {
    const std::string name = arima_name(fit.order);
    if (r.arima_order && !fit.too_short)
      fail(code::invalid_value, "order",
           "%.*s has no stationary and invertible fit on this series (try a lower order, or method arima without an "
           "order to search)",
           int(name.size()), name.data());
    fail(code::insufficient_data, "series", "%.*s cannot be estimated on this series: %s", int(name.size()), name.data(),
         fit.too_short ? "too few observations after differencing for its coefficients"
                       : "no stationary and invertible fit");
  }
  return from_arima(r, fit);
}

// Given smoothing parameters outside what R's ets() accepts are refused, not quietly refitted.
void refuse_inadmissible(const EtsSpec& spec, const EtsFixed& fixed, int m) {
  const std::string name = inadmissible_ets_parameter(spec, fixed, m);
  if (name.empty()) return;
  const std::string model = ets_name(spec);
  fail_at(code::invalid_value, FieldPath("parameters", name),
          " is outside what %.*s admits (R's ets() bounds: alpha, beta, gamma in [0.0001, 0.9999], beta <= alpha, "
          "gamma <= 1 - alpha, phi in [0.8, 0.98], and the admissible region when all are given)",
          int(model.size()), model.data());
}

bool every_position_observed(const std::vector<double>& y, int m) {
  std::vector<uint8_t> seen(size_t(m), 0);  // not vector<bool>: its code costs the .wasm 2 KB
  for (size_t t = 0; t < y.size(); ++t)
    if (!std::isnan(y[t])) seen[t % size_t(m)] = 1;
  return std::all_of(seen.begin(), seen.end(), [](uint8_t s) { return s != 0; });
}

// ets (chosen or given), holt_winters, ses, holt, and auto on series too short for anything else.
// Falls back to the naive forecast, with a warning, when no model can be estimated.
SeriesForecast ets_method(const SeriesRequest& r, int m, int n_obs, Warnings& warnings) {
  const bool automatic = r.method == "auto" || r.method == "combination" || (r.method == "ets" && !r.spec);
  EtsSpec spec;
  if (!automatic) {
    spec = r.method == "ets" ? *r.spec : method_spec(r, m);
    if (m == 1 && spec.season != Component::none) {
      spec.season = Component::none;
      if (spec.error == Component::multiplicative && r.method == "holt_winters") spec.error = Component::additive;
    }
    const bool mult = spec.error == Component::multiplicative || spec.season == Component::multiplicative;
    if (mult && !all_positive(r.y)) {
      const std::string model = ets_name(spec);
      fail(code::invalid_value, "method",
           "%.*s is multiplicative and needs every value above zero; the series has zeros or negatives (use an "
           "additive model or method \"auto\")",
           int(model.size()), model.data());
    }
  }
  if (!automatic && r.initial && spec.season != Component::none && r.initial->season.size() != size_t(m)) {
    const std::string model = ets_name(spec);
    fail(code::invalid_value, "parameters.s", "parameters.s must hold one initial seasonal state per period (%d) for %.*s",
         m, int(model.size()), model.data());
  }
  // l0 without b0 for a trend: the initial states are given together (b0 was taken as 0).
  if (!automatic && r.initial && spec.trend != Component::none && std::isnan(r.initial->trend))
    fail(code::missing_field, "parameters.b0", "parameters.b0 is required with parameters.l0 for a model with a trend");
  if (!automatic) refuse_inadmissible(spec, r.fixed, m);
  if (n_obs < (automatic ? 3 : 4)) {
    warnings.push_back({"too_few_observations", format_text("only %d observed values: naive forecast instead", n_obs)});
    return naive_forecast(r, 1);
  }
  EtsFixed fixed = r.fixed;
  std::optional<EtsState> initial = r.initial;
  if (initial && std::isnan(initial->trend)) initial->trend = 0;  // a model without a trend
  if (initial) fixed.initial = &*initial;

  const EtsFit fit = automatic ? ets_auto(r.y, m, r.optimizer) : ets_fit(r.y, m, spec, fixed, r.optimizer);
  if (!std::isfinite(fit.filter.lik) || fit.filter.residuals.empty()) {
    // Residuals are kept only where the model was run through the series: without them it had
    // more parameters than observations; with them its forecasts left the finite (positive) range.
    const bool too_short = fit.filter.residuals.empty();
    const bool all_given = !automatic && r.initial && !std::isnan(fixed.alpha) &&
                           (spec.trend == Component::none || !std::isnan(fixed.beta)) &&
                           (spec.season == Component::none || !std::isnan(fixed.gamma)) && (!spec.damped || !std::isnan(fixed.phi));
    const std::string model = automatic ? std::string("any ETS model") : ets_name(spec);
    if (all_given && !too_short)
      fail(code::invalid_value, "parameters",
           "the given parameters take %.*s's one-step forecasts out of range on this series (not finite, or not "
           "positive with a multiplicative error), and nothing is left to estimate",
           int(model.size()), model.data());
    // A seasonal model asked for by name falls back to the season a year back, not the last
    // month (a December bill of 1e6 among months of 1 was forecast 1e6 for every month), where
    // every month of the season has been seen.
    const int lag = !automatic && spec.season != Component::none && every_position_observed(r.y, m) ? m : 1;
    warnings.push_back({"model_not_estimable",
                        format_text("%s%.*s%s: %snaive forecast instead",
                                    too_short ? "too few observations to estimate " : "no estimate keeps the one-step forecasts of ",
                                    int(model.size()), model.data(),
                                    too_short ? "" : " finite (and positive with a multiplicative error)", lag > 1 ? "seasonal " : "")});
    return naive_forecast(r, lag);
  }
  return from_ets(r, fit);
}

// method theta. Given `parameters` alpha and l0 fix the smoothing (nothing is estimated).
SeriesForecast theta_method(const SeriesRequest& r, int m, int n_obs, Warnings& warnings) {
  if (!std::isnan(r.fixed.alpha)) refuse_inadmissible({Component::additive, Component::none, Component::none, false}, r.fixed, m);
  if (n_obs >= 4) {
    const ThetaFit fit = theta_fit(r.y, m, r.fixed.alpha, r.initial ? r.initial->level : kNotGiven);
    if (std::isfinite(fit.ses.filter.lik) && !fit.ses.filter.residuals.empty()) return from_theta(r, fit);
  }
  warnings.push_back({"too_few_observations", format_text("only %d observed values: naive forecast instead", n_obs)});
  return naive_forecast(r, 1);
}

// method combination (and auto): each family's choice on the whole series (ETS by AICc, ARIMA by the
// stepwise search, Theta), their forecasts and fitted values averaged, their forecast distributions
// pooled for the bounds. A family that cannot
// be estimated on the series is left out; with none, the ETS search's fallbacks (naive).
// `why`, when given, says why one member alone answers where a rule chose it.
SeriesForecast combination_method(const SeriesRequest& r, int m, int n_obs, Warnings& warnings,
                                  const char** why = nullptr) {
  std::vector<SeriesForecast> parts;
  std::vector<double> dof;  // each member's observations less its estimated parameters and initial states
  std::vector<uint8_t> below_zero;  // its point forecast goes under 0 within `ahead` steps
  const int ahead = std::max(2 * m, kImpossibleStepsMin);
  const bool nonnegative = !has_negative(r.y);  // only then is a forecast below zero impossible
  auto under = [](const std::vector<double>& f) { return std::any_of(f.begin(), f.end(), shows_negative); };
  if (n_obs >= 4) {
    const EtsFit e = ets_auto(r.y, m, r.optimizer);
    if (std::isfinite(e.aicc)) {
      parts.push_back(from_ets(r, e));
      dof.push_back(e.dof);
      below_zero.push_back(nonnegative && under(ets_point_forecast(e.spec, e.par, e.filter.final_state, e.m, ahead)));
    }
    const ArimaFit a = arima_auto(r.y, m);
    if (std::isfinite(a.aicc) && !a.residuals.empty()) {
      parts.push_back(from_arima(r, a));
      const size_t k = a.coef.ar.size() + a.coef.ma.size() + a.coef.sar.size() + a.coef.sma.size() + a.order.constant;
      dof.push_back(double(std::count_if(a.residuals.begin(), a.residuals.end(), [](double x) { return std::isfinite(x); })) - double(k));
      below_zero.push_back(nonnegative && under(arima_forecast(a, ahead).mean));
    }
    // A Theta fit without the season its test found (values at or below zero: an annual bill
    // among months of nothing) would pull every month toward the year's mean: left out.
    const ThetaFit t = theta_fit(r.y, m);
    if (std::isfinite(t.ses.filter.lik) && !t.ses.filter.residuals.empty() && !t.season_dropped) {
      parts.push_back(from_theta(r, t));
      dof.push_back(t.ses.filter.observed - 3 - (t.last_season.empty() ? 0 : t.m - 1));
      below_zero.push_back(nonnegative && under(theta_point_forecast(t, ahead)));
    }
  }
  if (parts.empty()) return ets_method(r, m, n_obs, warnings);
  // A member that reproduces every value is the series' own rule (the same bill each December; a
  // straight line down to zero, floored there after): averaging it with members that do not
  // would only blur it. Every observed value, to the cent: an ARIMA fit has no residuals across
  // a gap, and one value after it is no evidence.
  for (const SeriesForecast& part : parts)
    if (parts.size() > 1 && no_width(part, r.levels) && reproduces(part, r.y)) {
      if (why) *why = "the family that fits every observed value exactly";
      return part;
    }
  // On a series without negative values a member whose forecast goes below zero forecasts the
  // impossible (Theta's drift from one month of 1e12 before 35 of 100 ran to -5e10): left out
  // while another member does not. Checked over two seasons whatever the horizon, so that the
  // first months' forecast does not change with how many are asked for.
  const size_t impossible = size_t(std::count(below_zero.begin(), below_zero.end(), 1));
  if (impossible > 0 && impossible < below_zero.size()) {
    std::vector<SeriesForecast> kept;
    std::vector<double> kept_dof;
    for (size_t p = 0; p < parts.size(); ++p)
      if (!below_zero[p]) kept.push_back(std::move(parts[p])), kept_dof.push_back(dof[p]);
    if (why && kept.size() == 1) *why = "the only family whose forecast stays at or above zero";
    parts.swap(kept);
    dof.swap(kept_dof);
  }
  return parts.size() == 1 ? parts.front() : combine(parts, dof, r.levels);
}

// method auto: the combination of ETS, ARIMA and Theta. On the shared M3 subset combining beat
// choosing one model per series by a held-out season (the rule auto had before, ETS vs ARIMA, and
// the same rule over ETS, ARIMA, Theta and their combination); ETS and Theta alone did as well
// there but worse on the 26 R series of tests/forecast, whose cycles need ARIMA (README,
// "Accuracy on M3").
SeriesForecast auto_forecast(const SeriesRequest& r, int m, int n_obs, Warnings& warnings) {
  const char* why = nullptr;
  SeriesForecast out = combination_method(r, m, n_obs, warnings, &why);
  out.selection = why ? why : out.model.rfind("Combination", 0) ? "the only family that could be estimated" : "combination";
  return out;
}

// auto and combination on a series without negative values: spending does not go below zero, so
// neither do their forecasts and bounds (a bound floored at 0 still holds at least as much of a
// non-negative outcome). A model asked for by name keeps its own numbers.
void floor_at_zero(const SeriesRequest& r, SeriesForecast& out, Warnings& warnings) {
  if (has_negative(r.y)) return;
  bool floored = false;  // said when a value would have shown as a negative amount
  auto floor = [&](std::vector<double>& values) {
    for (double& v : values)
      if (v < 0) floored = floored || shows_negative(v), v = 0;
  };
  floor(out.mean);
  for (auto* bounds : {&out.lower, &out.upper})
    for (std::vector<double>& level : *bounds) floor(level);
  if (floored)
    warnings.push_back({"floored_at_zero", "the series has no negative values: forecasts and bounds below 0 are given as 0"});
}

}  // namespace

const std::vector<std::pair<std::string, int>>& forecast_weights() {
  static const std::vector<std::pair<std::string, int>> weights = {
      {"auto", 32}, {"combination", 32}, {"ets", 16},        {"arima", 8},  {"ets_spec", 4},  {"arima_order", 4},
      {"holt_winters", 4}, {"holt", 4},  {"ses", 4},         {"theta", 1},  {"naive", 1},     {"snaive", 1}};
  return weights;
}

int forecast_weight(const SeriesRequest& r) {
  std::string key = r.method;
  if (key == "ets" && r.spec) key = "ets_spec";
  if (key == "arima" && r.arima_order) key = "arima_order";
  for (const auto& [name, weight] : forecast_weights())
    if (name == key) return weight;
  return forecast_weights().front().second;  // an unknown method is refused later; count it as the dearest
}

double simulation_work(const SeriesRequest& r) {
  return double(r.paths) * r.horizon * (4 + double(r.levels.size())) / kSimulationStepsPerUnit;
}

// The methods whose optimizer option applies, and how many fits it multiplies.
static int optimizer_factor(const SeriesRequest& r) {
  if (r.optimizer != EtsOptimizer::nelder_mead) return 1;
  const bool search = r.method == "auto" || r.method == "combination" || (r.method == "ets" && !r.spec);
  if (search) return 8;
  const bool ets_family = r.method == "ets" || r.method == "holt_winters" || r.method == "holt" || r.method == "ses";
  return ets_family ? 4 : 1;
}

bool always_simulates(const SeriesRequest& r) {
  return (r.method == "ets" && r.spec && r.spec->season == Component::multiplicative) ||
         (r.method == "holt_winters" && r.multiplicative);
}

double forecast_work(const SeriesRequest& r, size_t months) {
  return double(std::max<size_t>(months, kMinWorkMonths)) * forecast_weight(r) * optimizer_factor(r) +
         (always_simulates(r) ? simulation_work(r) : 0);
}

SeriesForecast forecast_series(const SeriesRequest& r) {
  const int n_obs = observed_count(r.y);
  if (n_obs == 0) fail(code::insufficient_data, "series", "the series has no observed values");
  double lo = INFINITY, hi = -INFINITY;
  for (double v : r.y)
    if (!std::isnan(v)) { lo = std::min(lo, v); hi = std::max(hi, v); }
  if (lo == hi && r.method != "naive" && r.method != "snaive") return constant_forecast(r, lo);

  Warnings warnings;
  int m = r.period;
  if (m > 1 && int(r.y.size()) < 2 * m) {
    warnings.push_back(
        {"short_series", format_text("fewer than two full seasons (%zu < %d): fitted without a season", r.y.size(), 2 * m)});
    m = 1;
  }
  SeriesForecast out;
  if (r.method == "arima") out = arima_method(r, m);
  else if (r.method == "auto" && n_obs >= 3) out = auto_forecast(r, m, n_obs, warnings);
  else if (r.method == "theta") out = theta_method(r, m, n_obs, warnings);
  else if (r.method == "combination") out = combination_method(r, m, n_obs, warnings);
  else if (r.method == "naive" || r.method == "snaive") out = naive_forecast(r, r.method == "naive" ? 1 : m);
  else out = ets_method(r, m, n_obs, warnings);
  if (r.method == "auto" || r.method == "combination") floor_at_zero(r, out, warnings);
  // A model asked for by name can be the likelihood's degenerate edge on a series (MNN on months
  // of 500 and one of 1e12: a level of 1e-9, a variance of 1e23), its bounds past the range of
  // doubles. Refused, as a series this model cannot describe, rather than answered with nulls.
  bool finite = std::all_of(out.mean.begin(), out.mean.end(), [](double v) { return std::isfinite(v); });
  for (const auto* bounds : {&out.lower, &out.upper})
    for (const std::vector<double>& level : *bounds)
      for (double v : level) finite = finite && std::isfinite(v);
  if (!finite)
    fail(code::invalid_value, "series",
         "%.*s does not describe this series: its forecasts overflow (choose another method or spec)",
         int(out.model.size()), out.model.data());
  // A model that reproduces every observed value (a straight line for Holt) measures no error, so
  // its intervals have no width: true of the model, and said, since a user reads them as certainty.
  if (no_width(out, r.levels))
    warnings.push_back({"exact_fit", out.model + " fits every observed value exactly: no error, so intervals of no width"});
  out.accuracy = in_sample_accuracy(r.y, out.fitted, r.period);
  out.warnings.insert(out.warnings.begin(), warnings.begin(), warnings.end());
  return out;
}

}  // namespace nestegg
