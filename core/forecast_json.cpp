// SPDX-License-Identifier: MIT
#include "forecast_json.hpp"

#include <array>
#include <cmath>
#include <limits>

#include "error.hpp"
#include "money.hpp"
#include "request.hpp"
#include "series_forecast.hpp"

namespace nestegg {

using nlohmann::json;

namespace {

constexpr size_t kMaxSeriesLength = 1200;  // a century of months
constexpr size_t kMaxCategories = 64;
constexpr Range kSpending{-kMaxAmount, kMaxAmount};
constexpr Range kUnit{0, 1};

// Numbers oldest first; null is a missing month.
std::vector<double> read_series(const json& v, const std::string& path) {
  if (!v.is_array())
    throw NesteggError(code::wrong_type, path + " must be an array of numbers (null for a missing month), got " +
                                             describe(v), path);
  if (v.empty()) throw NesteggError(code::insufficient_data, path + " must have at least one value", path);
  if (v.size() > kMaxSeriesLength)
    throw NesteggError(code::too_large, path + " must have at most " + std::to_string(kMaxSeriesLength) +
                                            " values, got " + std::to_string(v.size()), path);
  std::vector<double> y(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    y[i] = v[i].is_null() ? std::numeric_limits<double>::quiet_NaN()
                          : checked_number(v[i], path + "[" + std::to_string(i) + "]", kSpending);
  }
  return y;
}

// Given parameters of an ETS-family model: {alpha, beta, gamma, phi, l0, b0, s: [...]}.
void read_parameters(const Fields& p, SeriesRequest& r) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  r.fixed.alpha = p.optional_number("alpha", kUnit).value_or(nan);
  r.fixed.beta = p.optional_number("beta", kUnit).value_or(nan);
  r.fixed.gamma = p.optional_number("gamma", kUnit).value_or(nan);
  r.fixed.phi = p.optional_number("phi", kUnit).value_or(nan);
  if (auto l0 = p.optional_number("l0", kSpending)) {
    EtsState s;
    s.level = *l0;
    s.trend = p.number_or("b0", 0, kSpending);
    if (p.has("s")) s.season = p.numbers("s", 1, 24, kSpending);
    r.initial = s;
  }
}

// order [p, d, q], seasonal_order [P, D, Q], include_constant, coefficients {ar, ma, sar, sma, constant}.
void read_arima(const Fields& f, const json& request, SeriesRequest& r, CallContext& ctx) {
  if (!f.has("order")) {
    for (const char* name : {"seasonal_order", "include_constant", "coefficients"})
      if (f.has(name))
        throw NesteggError(code::missing_field, std::string("order is required with ") + name, "order");
    return;
  }
  auto triple = [&](const char* name, int max0, int max1, int max2) {
    const std::vector<double> v = f.numbers(name, 3, 3, Range{0, 5});
    const int lim[3] = {max0, max1, max2};
    for (int i = 0; i < 3; ++i)
      if (v[size_t(i)] != std::floor(v[size_t(i)]) || v[size_t(i)] > lim[i])
        throw NesteggError(code::out_of_range, std::string(name) + "[" + std::to_string(i) +
                                                   "] must be a whole number from 0 to " + std::to_string(lim[i]),
                           std::string(name) + "[" + std::to_string(i) + "]");
    return std::array<int, 3>{int(v[0]), int(v[1]), int(v[2])};
  };
  ArimaOrder o;
  const auto ns = triple("order", 5, 2, 5);
  o.p = ns[0], o.d = ns[1], o.q = ns[2];
  if (f.has("seasonal_order")) {
    const auto s = triple("seasonal_order", 2, 1, 2);
    o.P = s[0], o.D = s[1], o.Q = s[2];
  }
  o.constant = f.boolean_or("include_constant", false);
  if (o.constant && o.d + o.D > 1)
    throw NesteggError(code::invalid_value, "include_constant needs d + D <= 1 (a constant after two differences "
                                            "is a quadratic trend)", "include_constant");
  r.arima_order = o;
  if (f.has("coefficients")) {
    const Fields c(request["coefficients"], "coefficients");
    constexpr Range kCoef{-10, 10};
    ArimaCoefficients k;
    auto list = [&](const char* name, int count) {
      if (count == 0 && !c.has(name)) return std::vector<double>{};
      const std::vector<double> v = c.numbers(name, size_t(count), size_t(count), kCoef);
      return v;
    };
    k.ar = list("ar", o.p);
    k.ma = list("ma", o.q);
    k.sar = list("sar", o.P);
    k.sma = list("sma", o.Q);
    k.constant = o.constant ? c.number("constant", kSpending) : 0.0;
    warn_unread(c, ctx);
    r.arima_coef = k;
  }
}

json numbers_json(const std::vector<double>& v, bool cents) {
  json out = json::array();
  for (double x : v) out.push_back(std::isnan(x) ? json(nullptr) : json(cents ? to_cents(x) : x));
  return out;
}

json or_null(const std::optional<double>& x) { return x ? json(*x) : json(nullptr); }
json finite_or_null(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json result_json(const SeriesRequest& r, const SeriesForecast& f, bool include_fitted) {
  json lower = json::object(), upper = json::object();
  for (size_t l = 0; l < r.levels.size(); ++l) {
    const std::string key = format_number(r.levels[l]);
    lower[key] = numbers_json(f.lower[l], true);
    upper[key] = numbers_json(f.upper[l], true);
  }
  json params = json::object();
  for (const auto& [name, value] : f.parameters) params[name] = value;
  const Accuracy& a = f.accuracy;
  json accuracy = json::object();
  put(accuracy, "me", finite_or_null(a.me));
  put(accuracy, "rmse", finite_or_null(a.rmse));
  put(accuracy, "mae", finite_or_null(a.mae));
  put(accuracy, "mpe", finite_or_null(a.mpe));
  put(accuracy, "mape", finite_or_null(a.mape));
  put(accuracy, "mase", finite_or_null(a.mase));
  json model = json::object();
  put(model, "name", f.model);
  put(model, "parameters", std::move(params));
  put(model, "aicc", or_null(f.aicc));
  put(model, "aic", or_null(f.aic));
  put(model, "bic", or_null(f.bic));
  put(model, "loglik", or_null(f.loglik));
  put(model, "intervals", f.intervals);
  put(model, "selection", f.selection.empty() ? json(nullptr) : json(f.selection));
  put(model, "accuracy", std::move(accuracy));
  json out = json::object();
  put(out, "forecast", numbers_json(f.mean, true));
  put(out, "lower", std::move(lower));
  put(out, "upper", std::move(upper));
  put(out, "model", std::move(model));
  if (include_fitted) put(out, "fitted", numbers_json(f.fitted, true));
  if (!f.warnings.empty()) {
    json w = json::array();
    for (const auto& [c, m] : f.warnings) {
      json item = json::object();
      put(item, "code", c);
      put(item, "message", m);
      w.push_back(std::move(item));
    }
    put(out, "warnings", std::move(w));
  }
  return out;
}

}  // namespace

json forecast_expenses(const json& request, CallContext& ctx) {
  const Fields f(request);
  SeriesRequest r;
  r.period = int(f.integer_or("period", 12, 1, kMaxPeriod));
  r.horizon = int(f.integer_or("horizon", 12, 1, 120));
  if (f.has("level")) r.levels = f.numbers("level", 1, 6, Range{0.5, 99.9});
  r.method = f.choice_or("method", "auto", {"auto", "ets", "arima", "holt_winters", "ses", "holt", "naive", "snaive"});
  if (r.method == "arima") read_arima(f, request, r, ctx);
  if (r.method == "ets" && f.has("spec")) r.spec = parse_ets_spec(f.text("spec", 3, 4), "spec");
  if (r.method == "holt_winters")
    r.multiplicative = f.choice_or("seasonal", "additive", {"additive", "multiplicative"}) == "multiplicative";
  if (r.method == "holt" || r.method == "holt_winters") r.damped = f.boolean_or("damped", false);
  if (f.has("parameters")) {
    if (r.method == "auto" || r.method == "arima" || r.method == "naive" || r.method == "snaive")
      throw NesteggError(code::invalid_value, "parameters can only be given to an ETS-family method (ets with a "
                                              "spec, ses, holt, holt_winters)", "parameters");
    if (r.method == "ets" && !r.spec)
      throw NesteggError(code::missing_field, "spec is required when parameters are given to method ets", "spec");
    const Fields p(request["parameters"], "parameters");
    read_parameters(p, r);
    warn_unread(p, ctx);
  }
  r.seed = uint64_t(f.integer_or("seed", 42, 0, int64_t(1) << 53));
  const bool include_fitted = f.boolean_or("include_fitted", false);

  const bool batch = f.has("categories");
  if (batch == f.has("series"))
    throw NesteggError(batch ? code::invalid_value : code::missing_field,
                       "give exactly one of series (one array) or categories (name -> array)", "series");
  json out;
  if (!batch) {
    r.y = read_series(request["series"], "series");
    warn_unread(f, ctx);
    out["series"] = result_json(r, forecast_series(r), include_fitted);
  } else {
    const json& cats = request["categories"];
    if (!cats.is_object() || cats.empty())
      throw NesteggError(code::wrong_type, "categories must be an object of name -> array of numbers, got " +
                                               describe(cats), "categories");
    if (cats.size() > kMaxCategories)
      throw NesteggError(code::too_large, "categories must have at most " + std::to_string(kMaxCategories) +
                                              " entries", "categories");
    warn_unread(f, ctx);
    json results = json::object();
    std::vector<double> total(size_t(r.horizon), 0.0);
    for (auto it = cats.begin(); it != cats.end(); ++it) {
      r.y = read_series(it.value(), "categories." + it.key());
      try {
        const SeriesForecast one = forecast_series(r);
        for (size_t i = 0; i < total.size(); ++i) total[i] += one.mean[i];
        results[it.key()] = result_json(r, one, include_fitted);
      } catch (NesteggError& e) {  // name the category, not "series"
        Error err = e.error();
        err.field = "categories." + it.key();
        throw NesteggError(err);
      }
    }
    out["categories"] = results;
    out["total"] = {{"forecast", numbers_json(total, true)}};
  }
  out["period"] = r.period;
  out["horizon"] = r.horizon;
  out["level"] = r.levels;
  return out;
}

}  // namespace nestegg
