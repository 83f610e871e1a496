// SPDX-License-Identifier: MIT
#include "savings_model_codec.hpp"

#include <cmath>

#include "error.hpp"
#include "request.hpp"

namespace nestegg {

using nlohmann::json;

static json accuracy_json(const Accuracy& a) {
  return object({{"n", a.n}, {"mae", a.mae}, {"rmse", a.rmse}, {"r2", a.r2},
          {"adj_r2", a.adj_r2 ? json(*a.adj_r2) : json(nullptr)}});
}

// Flags as JSON booleans (a byte vector would be written as numbers).
static json booleans(const std::vector<uint8_t>& flags) {
  json out = json::array();
  for (uint8_t f : flags) out.push_back(f != 0);
  return out;
}

static json finite_or_null(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json model_metrics_json(const SavingsModel& m) {
  return object({{"in_sample", accuracy_json(m.in_sample)},
                 {"cross_validated", m.cross_validated ? accuracy_json(*m.cross_validated) : json(nullptr)},
                 {"cv_folds", m.cv_folds_used}});
}

json model_to_json(const SavingsModel& m) {
  const LinearFit& f = m.fit;
  json state = nullptr;
  if (m.kind == "history") {
    state = object({{"origin", format_month(m.state.origin)},
             {"last_month", m.state.last_month ? json(format_month(*m.state.last_month)) : json(nullptr)},
             {"recent", m.state.recent},
             {"last_income", m.state.last_income ? json(*m.state.last_income) : json(nullptr)},
             {"last_expenses", m.state.last_expenses ? json(*m.state.last_expenses) : json(nullptr)}});
  }
  return object({{"format", "nestegg.savings.linear/1"},
          {"kind", m.kind},
          {"model_id", m.model_id},
          {"user_id", m.user_id},
          {"variant", m.variant},
          {"version", m.version},
          {"trained_at", m.trained_at},
          {"target", m.kind == "history" ? json(m.spec.target) : json(nullptr)},
          {"features", m.kind == "history" ? json(m.spec.tokens) : json(nullptr)},
          {"columns", m.columns},
          {"intercept", f.intercept},
          {"intercept_value", f.intercept_value},
          {"coefficients", f.coef},
          {"mean", f.mean},
          {"scale", f.scale},
          {"dropped", booleans(f.dropped)},
          {"solver", f.solver},
          {"sigma", f.sigma},
          {"dof", f.dof},
          {"n_train", f.n},
          {"condition_estimate", finite_or_null(f.condition_estimate)},
          {"covariance", f.covariance},
          {"state", state},
          {"metrics", model_metrics_json(m)}});
}

static Date month_field(const Fields& f, const char* name) {
  auto d = parse_month(f.text(name, 0, 7));
  if (!d) fail_at(code::invalid_date, f.at(name), " must be a month YYYY-MM");
  return *d;
}

SavingsModel model_from_json(const json& j, const std::string& where) {
  const Fields f(j, where);
  constexpr Range kAny{-1e300, 1e300};
  constexpr size_t kMaxText = 200;
  if (f.text_or("format", "", 0, 64) != "nestegg.savings.linear/1") {
    fail_at(code::invalid_value, f.at("format"), " must be \"nestegg.savings.linear/1\"");
  }
  SavingsModel m;
  m.kind = f.choice_or("kind", "history", {"history", "design"});
  m.model_id = f.text_or("model_id", "", 0, kMaxText);
  m.user_id = f.text_or("user_id", "", 0, kMaxText);
  m.variant = f.text_or("variant", "", 0, kMaxText);
  m.trained_at = f.text_or("trained_at", "", 0, kMaxText);
  m.version = f.integer_or("version", 0, 0, int64_t(1) << 40);
  m.columns = f.texts("columns", 0, 10000);
  const size_t p = m.columns.size();
  if (m.kind == "history") {
    m.spec.target = f.text_or("target", "savings", 1, kMaxText);
    m.spec.tokens = f.texts("features", 0, 1000);
    validate_features(m.spec);
    if (column_names(m.spec) != m.columns) {
      fail_at(code::invalid_value, f.at("columns"), " do not match the features");
    }
  }
  LinearFit& fit = m.fit;
  fit.intercept = f.boolean_or("intercept", true);
  fit.intercept_value = f.number("intercept_value", kAny);
  // Training writes 0 without an intercept; a value there would still move every prediction.
  if (!fit.intercept && fit.intercept_value != 0) fail_at(code::invalid_value, f.at("intercept_value"), " must be 0 when intercept is false");
  fit.coef = f.numbers("coefficients", p, p, kAny);
  fit.mean = f.numbers("mean", p, p, kAny);
  fit.scale = f.numbers("scale", p, p, Range{1e-300, 1e300});
  const json& dropped = f.array("dropped", p, p);
  for (size_t i = 0; i < p; ++i) {
    if (!dropped[i].is_boolean()) fail_at(code::wrong_type, f.at("dropped"), " must hold booleans");
    fit.dropped.push_back(dropped[i].get<bool>());
  }
  fit.solver = f.text_or("solver", "", 0, 16);
  fit.sigma = f.number("sigma", Range{0, 1e300});
  fit.dof = f.integer_or("dof", 0, 0, int64_t(1) << 40);
  fit.n = f.integer_or("n_train", 0, 0, int64_t(1) << 40);
  fit.condition_estimate = f.number_or("condition_estimate", 0, Range{0, 1e300});
  // (columns + 1)^2 numbers; none when there are no residual degrees of freedom.
  const size_t q = fit.dof > 0 ? (p + 1) * (p + 1) : 0;
  fit.covariance = f.numbers("covariance", q, q, kAny);
  // Its diagonal holds variances: a negative one has no interval (predict then failed with an
  // overflow blamed on model_id).
  const size_t side = q ? p + 1 : 0;
  for (size_t i = 0; i < side; ++i)
    if (fit.covariance[i * side + i] < 0)
      fail(code::invalid_value, f.at("covariance"), "%s[%zu] is a variance (the diagonal of a %zu x %zu matrix) and must not be negative",
           f.path("covariance").c_str(), i * side + i, side, side);
  if (m.kind == "history") {
    const Fields s = f.object("state");
    m.state.origin = month_field(s, "origin");
    if (s.has("last_month")) m.state.last_month = month_field(s, "last_month");
    m.state.recent = s.numbers("recent", size_t(m.spec.max_lag()), size_t(m.spec.max_lag()), kAny);
    m.state.last_income = s.optional_number("last_income", kAny);
    m.state.last_expenses = s.optional_number("last_expenses", kAny);
  }
  if (const auto metrics = f.optional_object("metrics")) {
    const Fields& mf = *metrics;
    auto accuracy = [&](const char* name) {
      const Fields af = mf.object(name);
      Accuracy a;
      a.n = af.integer_or("n", 0, 0, int64_t(1) << 40);
      a.mae = af.number("mae", Range{0, 1e300});
      a.rmse = af.number("rmse", Range{0, 1e300});
      a.r2 = af.number("r2", kAny);
      a.adj_r2 = af.optional_number("adj_r2", kAny);
      return a;
    };
    m.in_sample = accuracy("in_sample");
    if (mf.has("cross_validated")) m.cross_validated = accuracy("cross_validated");
    m.cv_folds_used = mf.integer_or("cv_folds", 0, 0, 100);
  }
  return m;
}

}  // namespace nestegg
