// SPDX-License-Identifier: MIT
#include "forecast_handlers.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "cashflow.hpp"
#include "error.hpp"
#include "format_text.hpp"
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
  // The initial states are given together, l0 first: b0 or s alone was ignored (b0 reported as
  // "not a field") and the states estimated. b0 left NaN here is refused by a trend model.
  if (auto l0 = p.optional_number("l0", kSpending)) {
    EtsState s;
    s.level = *l0;
    s.trend = p.optional_number("b0", kSpending).value_or(nan);
    if (p.has("s")) s.season = p.numbers("s", 1, 24, kSpending);
    r.initial = s;
  } else if (p.has("b0") || p.has("s")) {
    fail(code::missing_field, p.at("l0"), "parameters.l0 is required with b0 or s: the initial states are given together");
  }
}

// order [p, d, q], seasonal_order [P, D, Q], include_constant, coefficients {ar, ma, sar, sma, constant}.
void read_arima(const Fields& f, SeriesRequest& r, CallContext& ctx) {
  if (!f.has("order")) {
    for (const char* name : {"seasonal_order", "include_constant", "coefficients"})
      if (f.has(name))
        fail(code::missing_field, "order", "order is required with %s", name);
    return;
  }
  auto triple = [&](const char* name, int max0, int max1, int max2) {
    const std::vector<double> v = f.numbers(name, 3, 3, Range{0, 5});
    const int lim[3] = {max0, max1, max2};
    for (int i = 0; i < 3; ++i)
      if (v[size_t(i)] != std::floor(v[size_t(i)]) || v[size_t(i)] > lim[i])
        fail_at(code::out_of_range, FieldPath::item(name, size_t(i)), " must be a whole number from 0 to %d", lim[i]);
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
    fail(code::invalid_value, "include_constant", "coefficients.constant goes with include_constant true (or left out)");
  if (o.constant && o.d + o.D > 1)
    fail(code::invalid_value, "include_constant",
         "include_constant needs d + D <= 1 (a constant after two differences is a quadratic trend)");
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

// Money per step: forecasts, bounds, fitted values, balances. A missing step (NaN) is null.
void write_cents(JsonWriter& w, const std::vector<double>& v) {
  w.begin_array();
  for (double x : v) w.cents(x);
  w.end_array();
}

void write_numbers(JsonWriter& w, const std::vector<double>& v) {
  w.begin_array();
  for (double x : v) w.number(x);
  w.end_array();
}

// {"80": [...], "95": [...]}: one money series per level ("5" < "50" < "80": the writer puts the
// keys in order).
void write_per_level(JsonWriter& w, const std::vector<double>& levels, const std::vector<std::vector<double>>& series) {
  w.begin_object();
  for (size_t l = 0; l < levels.size(); ++l) write_cents(w.key(percent_key(levels[l])), series[l]);
  w.end_object();
}

void write_per_level(JsonWriter& w, const std::vector<double>& levels, const std::vector<Band>& bands,
                     std::vector<double> Band::*side) {
  w.begin_object();
  for (size_t l = 0; l < levels.size(); ++l) write_cents(w.key(percent_key(levels[l])), bands[l].*side);
  w.end_object();
}

// The fitted model: its parameters, information criteria and in-sample accuracy (a measure that
// cannot be computed, MAPE with every month 0 or MASE of a constant series, is NaN: written null).
void write_model(JsonWriter& w, const SeriesForecast& f) {
  const ForecastAccuracy& a = f.accuracy;
  w.begin_object();
  w.key("accuracy").begin_object();
  w.key("mae").number(a.mae);
  w.key("mape").number(a.mape);
  w.key("mase").number(a.mase);
  w.key("me").number(a.me);
  w.key("mpe").number(a.mpe);
  w.key("rmse").number(a.rmse);
  w.end_object();
  w.key("aic").number(f.aic);
  w.key("aicc").number(f.aicc);
  w.key("bic").number(f.bic);
  w.key("intervals").string(f.intervals);
  w.key("loglik").number(f.loglik);
  w.key("name").string(f.model);
  w.key("parameters").begin_object();  // alpha, ..., l0, s0..s11: the writer puts them in order
  for (const auto& [name, value] : f.parameters) w.key(name).number(value);
  w.end_object();
  w.key("selection").string_or_null(f.selection);
  w.end_object();
}

void write_result(JsonWriter& w, const SeriesRequest& r, const SeriesForecast& f, bool include_fitted) {
  w.begin_object();
  if (include_fitted) write_cents(w.key("fitted"), f.fitted);
  write_cents(w.key("forecast"), f.mean);
  write_per_level(w.key("lower"), r.levels, f.lower);
  write_model(w.key("model"), f);
  write_per_level(w.key("upper"), r.levels, f.upper);
  if (!f.warnings.empty()) {
    w.key("warnings").begin_array();
    for (const auto& [c, m] : f.warnings) {
      w.begin_object();
      w.key("code").string(c);
      w.key("message").string(m);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

// The request's horizon, level and period, echoed: their keys fall between "categories" and
// "series" / "total".
void write_echo(JsonWriter& w, const SeriesRequest& r) {
  w.key("horizon").integer(r.horizon);
  write_numbers(w.key("level"), r.levels);
  w.key("period").integer(r.period);
}

// One calendar month of the projection: flows, the expected end balance and its band per level.
void write_month(JsonWriter& w, const std::vector<double>& levels, const CashflowResult& r, size_t k) {
  w.begin_object();
  w.key("bills").cents(r.month_bills[k]);
  w.key("end_balance").cents(r.month_end_expected[k]);
  w.key("income").cents(r.month_income[k]);
  w.key("lower").begin_object();
  for (size_t l = 0; l < levels.size(); ++l) w.key(percent_key(levels[l])).cents(r.month_end_bands[l].lower[k]);
  w.end_object();
  w.key("month").string(format_month(r.months[k]));
  w.key("spending").cents(r.month_spending[k]);
  w.key("upper").begin_object();
  for (size_t l = 0; l < levels.size(); ++l) w.key(percent_key(levels[l])).cents(r.month_end_bands[l].upper[k]);
  w.end_object();
  w.end_object();
}

std::vector<Recurring> read_recurring(const Fields& f, const char* name, const Date& start, CallContext& ctx) {
  std::vector<Recurring> out;
  const json* items = f.optional_array(name, 0, 200);
  if (!items) return out;
  const std::string path = f.path(name);
  for (size_t i = 0; i < items->size(); ++i) {
    const Fields item((*items)[i], FieldPath::item(path, i));
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
  fail_at(code::too_large, field,
          " asks for %lld units of forecasting work (max(months, 24) x the method's weight, x 4 or 8 with "
          "optimizer nelder_mead, plus paths x horizon x (4 + levels) / 200 for simulated intervals, "
          "summed over series; info.forecast_weights), over limits.max_forecast_work of %lld",
          static_cast<long long>(int64_t(work)), static_cast<long long>(limits.max_forecast_work));
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
    for_each_category(*spending, spending_path.c_str(), ctx, [&](const std::string& name, std::vector<double> y,
                                                                      const std::string&) {
      in.spending.push_back({name, std::move(y)});
    });
  warn_unread(f, ctx);
  const std::optional<Date> end = span_end(in.start, in.months);  // exclusive
  if (!end) fail(code::out_of_range, f.at("start_date"), "start_date plus months runs past the year 9999");
  // The work, checked before any: each spending series an ETS search, then every path every day.
  SeriesRequest searched;
  searched.method = "ets";
  double work = 0;
  for (const SpendingHistory& h : in.spending) work += forecast_work(searched, h.monthly.size());
  check_forecast_work(work, ctx.limits, spending_path);
  const int64_t steps = int64_t(in.paths) * (days_from_civil(*end) - days_from_civil(in.start));
  if (steps > ctx.limits.max_cashflow_steps)
    fail_at(code::too_large, f.at("paths"), " x days (%d x %lld) is over limits.max_cashflow_steps of %lld", in.paths,
            static_cast<long long>(steps / in.paths), static_cast<long long>(ctx.limits.max_cashflow_steps));
  return in;
}

void forecast_cashflow(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  bool include_daily = true;
  const CashflowInput in = read_cashflow_input(f, ctx.today, ctx, include_daily);

  const CashflowResult r = project_cashflow(in);
  if (include_daily) {
    w.key("daily").begin_object();
    w.key("dates").begin_array();
    for (const Date& d : r.days) w.date(d);
    w.end_array();
    write_cents(w.key("expected"), r.expected);
    write_per_level(w.key("lower"), in.levels, r.daily_bands, &Band::lower);
    write_per_level(w.key("upper"), in.levels, r.daily_bands, &Band::upper);
    w.end_object();
  }
  w.key("end_date").date(r.days.back());
  w.key("first_below_date").date(r.first_below);
  w.key("first_below_date_median").date(r.first_below_median);
  write_numbers(w.key("level"), in.levels);
  w.key("monthly").begin_array();
  for (size_t k = 0; k < r.months.size(); ++k) write_month(w, in.levels, r, k);
  w.end_array();
  w.key("probability_below").number(r.probability_below);
  w.key("spending").begin_object();  // by category name: the writer puts them in order
  for (const CategoryProjection& c : r.categories) {
    w.key(c.category).begin_object();
    write_cents(w.key("forecast"), c.forecast);
    w.key("model").string(c.model);
    w.end_object();
  }
  w.end_object();
  w.key("start_date").date(in.start);
  w.key("starting_balance").cents(in.starting_balance);
  w.key("threshold").cents(in.threshold);
  for (const std::string& message : r.warnings)
    ctx.warnings.push_back({"short_history", message, "spending"});
}

nlohmann::json forecast_weights_json() {
  json out = json::object();
  for (const auto& [name, weight] : forecast_weights()) put(out, name.c_str(), weight);
  return out;
}

void forecast_expenses(const json& request, CallContext& ctx, JsonWriter& w) {
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
      fail(code::invalid_value, "parameters",
           "parameters can only be given to an ETS-family method (ets with a spec, ses, holt, holt_winters) or theta");
    if (r.method == "ets" && !r.spec)
      fail(code::missing_field, "spec", "spec is required when parameters are given to method ets");
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
    fail(batch ? code::invalid_value : code::missing_field, "series",
         "give exactly one of series (one array) or categories (name -> array)");
  if (!batch) {
    r.y = read_series(f.value("series"), "series", ctx);
    warn_unread(f, ctx);
    const double work = forecast_work(r, r.y.size());
    check_forecast_work(work, ctx.limits, "series");
    if (!always_simulates(r)) r.simulation_budget = double(ctx.limits.max_forecast_work) - work;
    const SeriesForecast one = forecast_series(r);
    write_echo(w, r);
    write_result(w.key("series"), r, one, include_fitted);
  } else {
    warn_unread(f, ctx);
    // Every series read (and the work summed) before the first fit.
    struct Named {
      std::string name, path;
      std::vector<double> y;
    };
    std::vector<Named> series;
    double work = 0;
    for_each_category(f.value("categories"), "categories", ctx, [&](const std::string& name, std::vector<double> y,
                                                                const std::string& path) {
      work += forecast_work(r, y.size());
      series.push_back({name, path, std::move(y)});
    });
    check_forecast_work(work, ctx.limits, "categories");
    if (series.empty()) fail(code::insufficient_data, "categories", "categories must not be empty");
    // Each category written as it is forecast: a later one that fails drops the answer whole.
    w.key("categories").begin_object();  // by name: the writer puts them in order
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
            write_result(w.key(name), r, one, include_fitted);
      } catch (NesteggError& e) {  // name the category, not "series"; a field of the request stays named
        Error err = e.error();
        if (err.field == "series") err.field = path;
        else err.message = format_text("%.*s: %.*s", int(path.size()), path.data(), int(err.message.size()), err.message.data());
        throw NesteggError(err);
      }
    }
    w.end_object();
    write_echo(w, r);
    w.key("total").begin_object();
    write_cents(w.key("forecast"), total);
    w.end_object();
  }
}

}  // namespace nestegg
