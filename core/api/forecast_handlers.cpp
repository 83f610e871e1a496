// SPDX-License-Identifier: MIT
#include "forecast_handlers.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "cashflow.hpp"
#include "error.hpp"
#include "money.hpp"
#include "field_rules.hpp"
#include "monthly_reader.hpp"
#include "request.hpp"
#include "series_forecast.hpp"

namespace nestegg {

using nlohmann::json;

namespace {

constexpr Range kSpending{-kMaxAmount, kMaxAmount};
constexpr Range kUnit{0, 1};

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
void read_arima(const Fields& f, SeriesRequest& r, CallContext& ctx) {
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
  // A given coefficients.constant asks for the constant term: include_constant defaults to it.
  const std::optional<Fields> coefficients = f.optional_object("coefficients");
  const bool constant_given = coefficients && coefficients->has("constant");
  o.constant = f.boolean_or("include_constant", constant_given);
  if (constant_given && !o.constant)
    throw NesteggError(code::invalid_value, "coefficients.constant goes with include_constant true (or left out)",
                       "include_constant");
  if (o.constant && o.d + o.D > 1)
    throw NesteggError(code::invalid_value, "include_constant needs d + D <= 1 (a constant after two differences "
                                            "is a quadratic trend)", "include_constant");
  r.arima_order = o;
  if (coefficients) {
    const Fields& c = *coefficients;
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
    const std::string key = percent_key(r.levels[l]);
    lower[key] = numbers_json(f.lower[l], true);
    upper[key] = numbers_json(f.upper[l], true);
  }
  json params = json::object();
  for (const auto& [name, value] : f.parameters) params[name] = value;
  const ForecastAccuracy& a = f.accuracy;
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

json levels_json(const std::vector<double>& levels, const std::vector<Band>& bands, bool lower) {
  json out = json::object();
  for (size_t l = 0; l < levels.size(); ++l)
    put(out, percent_key(levels[l]).c_str(), numbers_json(lower ? bands[l].lower : bands[l].upper, true));
  return out;
}

std::vector<Recurring> read_recurring(const Fields& f, const char* name, const Date& start, CallContext& ctx) {
  std::vector<Recurring> out;
  const json* items = f.optional_array(name, 0, 200);
  if (!items) return out;
  for (size_t i = 0; i < items->size(); ++i) {
    const Fields item((*items)[i], f.path(name) + "[" + std::to_string(i) + "]");
    Recurring r;
    r.name = item.text_or("name", "", 0, 100);
    r.amount = item.number("amount", Range{0, kMaxAmount});
    const std::string cadence = item.choice_or("cadence", "monthly", {"weekly", "biweekly", "monthly", "annual"});
    r.cadence = cadence == "weekly" ? Cadence::weekly : cadence == "biweekly" ? Cadence::biweekly
              : cadence == "annual" ? Cadence::annual : Cadence::monthly;
    r.first = item.date_or("start_date", start);
    r.day = int(r.cadence == Cadence::monthly ? item.integer_or("day", r.first.day, 1, 31) : r.first.day);
    r.end = item.optional_date("end_date");
    if (r.end) require_order(r.first, *r.end, item.path("end_date"), "start_date", true);
    warn_unread(item, ctx);
    out.push_back(std::move(r));
  }
  return out;
}

// Forecasting work is refused before any fit (limits.max_forecast_work; series_forecast.hpp).
void check_forecast_work(double work, const Limits& limits, const std::string& field) {
  if (work <= double(limits.max_forecast_work)) return;
  throw NesteggError(code::too_large,
                     field + " asks for " + std::to_string(int64_t(work)) +
                         " units of forecasting work (max(months, 24) x the method's weight, x 4 or 8 with "
                         "optimizer nelder_mead, plus paths x horizon x (4 + levels) / 200 for simulated intervals, "
                         "summed over series; info.forecast_weights), over limits.max_forecast_work of " +
                         std::to_string(limits.max_forecast_work),
                     field);
}

}  // namespace

CashflowInput read_cashflow_input(const Fields& f, const Date& default_start, CallContext& ctx, bool& include_daily) {
  CashflowInput in;
  in.start = f.date_or("start_date", default_start);
  in.starting_balance = f.number("starting_balance", kSpending);
  in.months = int(f.integer_or("months", 6, 1, 36));
  in.threshold = f.number_or("threshold", 0, kSpending);
  in.period = int(f.integer_or("period", 12, 1, kMaxPeriod));
  in.levels = read_levels(f);
  in.paths = int(f.integer_or("paths", 2000, 100, 20000));
  in.seed = uint64_t(f.integer_or("seed", 42, 0, int64_t(1) << 53));
  include_daily = f.boolean_or("include_daily", true);
  in.incomes = read_recurring(f, "incomes", in.start, ctx);
  in.bills = read_recurring(f, "bills", in.start, ctx);
  const std::string spending_path = f.path("spending");
  if (const json* spending = f.optional_value("spending"))
    for_each_category(*spending, spending_path.c_str(), ctx.limits, [&](const std::string& name, std::vector<double> y,
                                                                      const std::string&) {
      in.spending.push_back({name, std::move(y)});
    });
  warn_unread(f, ctx);
  const std::optional<Date> end = add_months(in.start, in.months);
  if (!end) throw NesteggError(code::out_of_range, "start_date plus months runs past the year 9999", f.path("start_date"));
  // The work, checked before any: each spending series an ETS search, then every path every day.
  SeriesRequest searched;
  searched.method = "ets";
  double work = 0;
  for (const SpendingHistory& h : in.spending) work += forecast_work(searched, h.monthly.size());
  check_forecast_work(work, ctx.limits, spending_path);
  const int64_t steps = int64_t(in.paths) * (days_from_civil(*end) - days_from_civil(in.start));
  if (steps > ctx.limits.max_cashflow_steps)
    throw NesteggError(code::too_large, f.path("paths") + " x days (" + std::to_string(in.paths) + " x " +
                                            std::to_string(steps / in.paths) + ") is over limits.max_cashflow_steps of " +
                                            std::to_string(ctx.limits.max_cashflow_steps),
                       f.path("paths"));
  return in;
}

json forecast_cashflow(const json& request, CallContext& ctx) {
  const Fields f(request);
  bool include_daily = true;
  const CashflowInput in = read_cashflow_input(f, ctx.today, ctx, include_daily);

  const CashflowResult r = project_cashflow(in);
  json out = json::object();
  put(out, "start_date", format_date(in.start));
  put(out, "end_date", format_date(r.days.back()));
  put(out, "starting_balance", to_cents(in.starting_balance));
  put(out, "threshold", to_cents(in.threshold));
  put(out, "first_below_date", r.first_below ? json(format_date(*r.first_below)) : json(nullptr));
  put(out, "first_below_date_median", r.first_below_median ? json(format_date(*r.first_below_median)) : json(nullptr));
  put(out, "probability_below", r.probability_below);
  put(out, "level", in.levels);
  if (include_daily) {
    json dates = json::array();
    for (const Date& d : r.days) dates.push_back(format_date(d));
    put(out, "daily", object({{"dates", std::move(dates)}, {"expected", numbers_json(r.expected, true)},
                              {"lower", levels_json(in.levels, r.daily_bands, true)},
                              {"upper", levels_json(in.levels, r.daily_bands, false)}}));
  }
  json months = json::array();
  for (size_t k = 0; k < r.months.size(); ++k) {
    json lo = json::object(), hi = json::object();
    for (size_t l = 0; l < in.levels.size(); ++l) {
      put(lo, percent_key(in.levels[l]).c_str(), to_cents(r.month_end_bands[l].lower[k]));
      put(hi, percent_key(in.levels[l]).c_str(), to_cents(r.month_end_bands[l].upper[k]));
    }
    months.push_back(object({{"month", format_month(r.months[k])}, {"income", to_cents(r.month_income[k])},
                             {"bills", to_cents(r.month_bills[k])}, {"spending", to_cents(r.month_spending[k])},
                             {"end_balance", to_cents(r.month_end_expected[k])}, {"lower", std::move(lo)},
                             {"upper", std::move(hi)}}));
  }
  put(out, "monthly", std::move(months));
  json spending = json::object();
  for (const CategoryProjection& c : r.categories)
    put(spending, c.category.c_str(), object({{"model", c.model}, {"forecast", numbers_json(c.forecast, true)}}));
  put(out, "spending", std::move(spending));
  for (const std::string& w : r.warnings)
    ctx.warnings.push_back({"short_history", w, "spending"});
  return out;
}

nlohmann::json forecast_weights_json() {
  json out = json::object();
  for (const auto& [name, weight] : forecast_weights()) put(out, name.c_str(), weight);
  return out;
}

json forecast_expenses(const json& request, CallContext& ctx) {
  const Fields f(request);
  SeriesRequest r;
  r.period = int(f.integer_or("period", 12, 1, kMaxPeriod));
  r.horizon = int(f.integer_or("horizon", 12, 1, 120));
  r.levels = read_levels(f);
  r.method = f.choice_or("method", "auto", {"auto", "ets", "arima", "holt_winters", "ses", "holt", "theta", "combination", "naive", "snaive"});
  if (r.method == "arima") read_arima(f, r, ctx);
  if (r.method == "ets" && f.has("spec")) r.spec = parse_ets_spec(f.text("spec", 3, 4), "spec");
  if (r.method == "holt_winters")
    r.multiplicative = f.choice_or("seasonal", "additive", {"additive", "multiplicative"}) == "multiplicative";
  if (r.method == "holt" || r.method == "holt_winters") r.damped = f.boolean_or("damped", false);
  if (f.has("parameters")) {
    if (r.method == "auto" || r.method == "arima" || r.method == "combination" || r.method == "naive" ||
        r.method == "snaive")
      throw NesteggError(code::invalid_value, "parameters can only be given to an ETS-family method (ets with a "
                                              "spec, ses, holt, holt_winters) or theta", "parameters");
    if (r.method == "ets" && !r.spec)
      throw NesteggError(code::missing_field, "spec is required when parameters are given to method ets", "spec");
    const Fields p = f.object("parameters");
    read_parameters(p, r);
    warn_unread(p, ctx);
  }
  r.seed = uint64_t(f.integer_or("seed", 42, 0, int64_t(1) << 53));
  if (f.choice_or("optimizer", "levenberg_marquardt", {"levenberg_marquardt", "nelder_mead"}) == "nelder_mead")
    r.optimizer = EtsOptimizer::nelder_mead;
  const bool include_fitted = f.boolean_or("include_fitted", false);

  const bool batch = f.has("categories");
  if (batch == f.has("series"))
    throw NesteggError(batch ? code::invalid_value : code::missing_field,
                       "give exactly one of series (one array) or categories (name -> array)", "series");
  json out = json::object();
  if (!batch) {
    r.y = read_series(f.value("series"), "series", ctx.limits);
    warn_unread(f, ctx);
    const double work = forecast_work(r, r.y.size());
    check_forecast_work(work, ctx.limits, "series");
    if (!always_simulates(r)) r.simulation_budget = double(ctx.limits.max_forecast_work) - work;
    put(out, "series", result_json(r, forecast_series(r), include_fitted));
  } else {
    warn_unread(f, ctx);
    // Every series read (and the work summed) before the first fit.
    struct Named {
      std::string name, path;
      std::vector<double> y;
    };
    std::vector<Named> series;
    double work = 0;
    for_each_category(f.value("categories"), "categories", ctx.limits, [&](const std::string& name, std::vector<double> y,
                                                                const std::string& path) {
      work += forecast_work(r, y.size());
      series.push_back({name, path, std::move(y)});
    });
    check_forecast_work(work, ctx.limits, "categories");
    json results = json::object();
    std::vector<double> total(static_cast<size_t>(r.horizon), 0.0);
    for (Named& s : series) {
      const std::string& name = s.name;
      const std::string& path = s.path;
      r.y = std::move(s.y);
      // A search that picks a simulated model is charged for it before it simulates.
      if (!always_simulates(r)) r.simulation_budget = double(ctx.limits.max_forecast_work) - work;
      try {
        const SeriesForecast one = forecast_series(r);
        if (!always_simulates(r) && one.intervals == "simulated") work += simulation_work(r);
        for (size_t i = 0; i < total.size(); ++i) total[i] += one.mean[i];
        put(results, name.c_str(), result_json(r, one, include_fitted));
      } catch (NesteggError& e) {  // name the category, not "series"; a field of the request stays named
        Error err = e.error();
        if (err.field == "series") err.field = path;
        else err.message = path + ": " + err.message;
        throw NesteggError(err);
      }
    }
    if (results.empty()) throw NesteggError(code::insufficient_data, "categories must not be empty", "categories");
    put(out, "categories", std::move(results));
    put(out, "total", object({{"forecast", numbers_json(total, true)}}));
  }
  put(out, "period", r.period);
  put(out, "horizon", r.horizon);
  put(out, "level", r.levels);
  return out;
}

}  // namespace nestegg
