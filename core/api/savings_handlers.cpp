// SPDX-License-Identifier: MIT
#include "savings_handlers.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "error.hpp"
#include "field_rules.hpp"
#include "format_text.hpp"
#include "registry_codec.hpp"
#include "savings_model_codec.hpp"
#include "money.hpp"
#include "monthly_reader.hpp"
#include "request.hpp"
#include "savings_model.hpp"
#include "student_t.hpp"
#include "train_options.hpp"

namespace nestegg {

using nlohmann::json;

namespace {


// Ids and names: 1 to 200 characters.

std::map<std::string, double> number_map(const json& obj, const std::string& where, Range range) {
  std::map<std::string, double> out;
  if (!obj.is_object()) fail_at(code::wrong_type, where, " must be an object of numbers");
  // `where` is never empty ("history[2].categories"): FieldPath(where, k) is where + "." + k.
  for (const auto& [k, v] : obj.items()) out[k] = checked_number(v, FieldPath(where, k), range);
  return out;
}

MonthRow read_month_row(const json& item, const std::string& where, bool allow_actual) {
  const Fields f(item, where);
  MonthRow row;
  const std::string m = f.text("month", 1, 7);
  const auto month = parse_month(m);
  // `where` is never empty ("months[3]"): FieldPath(where, "month") is where + ".month".
  if (!month) fail_at(code::invalid_date, FieldPath(where, "month"), " must be a real month YYYY-MM");
  row.month = *month;
  row.income = f.optional_number("income", kAmount);
  row.expenses = f.optional_number("expenses", kAmount);
  if (const json* c = f.optional_value("categories")) row.categories = number_map(*c, where + ".categories", kAmount);
  if (const json* x = f.optional_value("features")) row.extra = number_map(*x, where + ".features", kSignedAmount);
  if (allow_actual) row.actual = f.optional_number("actual", kSignedAmount);
  return row;
}

// The versions dropped to keep the model's stored record readable (versions_to_drop), as the
// answer's `dropped_versions` and a warning.
void write_dropped(const std::vector<int64_t>& dropped, CallContext& ctx, JsonWriter& w) {
  w.key("dropped_versions").begin_array();
  for (const int64_t v : dropped) w.integer(v);
  w.end_array();
  if (!dropped.empty())
    ctx.warnings.push_back({"versions_dropped",
                            "old versions dropped to keep the stored record within the request limits",
                            "user_id"});
}

// A request's months: `history` up to limits.max_array_items (training has its own work limit);
// months to predict or evaluate up to a century as well (kMaxSeriesLength: each costs a scoring
// with its lags, and 95 000 of them took 4 s in wasm).
std::vector<MonthRow> read_months(const Fields& f, const char* name, const Limits& limits, bool allow_actual) {
  const size_t most = allow_actual ? std::min(size_t(limits.max_array_items), kMaxSeriesLength) : size_t(limits.max_array_items);
  const json& arr = f.array(name, 0, most);
  if (arr.empty()) {
    fail_at(code::insufficient_data, f.at(name), " must have at least one month");
  }
  std::vector<MonthRow> rows;
  rows.reserve(arr.size());
  const std::string path = f.path(name);
  for (size_t i = 0; i < arr.size(); ++i) {
    rows.push_back(read_month_row(arr[i], format_text("%.*s[%zu]", int(path.size()), path.data(), i), allow_actual));
  }
  return rows;
}

// The coefficients' table: OLS standard errors, t and p only where they mean something.
void write_coefficients(JsonWriter& w, const SavingsModel& m, double ridge) {
  const LinearFit& fit = m.fit;
  const size_t q = fit.coef.size() + 1;
  auto row = [&](const std::string& name, double value, size_t index, bool dropped) {
    std::optional<double> se, t, p_value;
    // Standard errors are those of OLS; with a ridge penalty the estimator is biased and they are left out.
    if (!dropped && ridge == 0 && !fit.covariance.empty() && fit.dof > 0) {
      const double var = fit.covariance[index * q + index];
      if (var > 0) {
        se = std::sqrt(var);
        t = value / *se;
        p_value = 2 * (1 - student_t_cdf(std::fabs(*t), double(fit.dof)));
      }
    }
    w.begin_object();
    if (dropped) w.key("dropped").boolean(true);
    w.key("name").string(name);
    w.key("p_value").number(p_value);
    w.key("std_error").number(se);
    w.key("t").number(t);
    w.key("value").number(value);
    w.end_object();
  };
  w.begin_array();
  if (fit.intercept) row("(intercept)", fit.intercept_value, 0, false);
  for (size_t j = 0; j < fit.coef.size(); ++j) row(m.columns[j], fit.coef[j], j + 1, fit.dropped[j]);
  w.end_array();
}

void write(JsonWriter& w, const Prediction& p, int top_drivers) {
  w.begin_object();
  w.key("baseline").cents(p.baseline);
  w.key("drivers").begin_array();
  for (size_t i = 0; i < p.drivers.size() && int(i) < top_drivers; ++i) {
    w.begin_object();
    w.key("contribution").cents(p.drivers[i].contribution);
    w.key("feature").string(p.drivers[i].feature);
    w.end_object();
  }
  w.end_array();
  w.key("lags_predicted").boolean(p.lags_predicted);
  w.key("lower").begin_object();  // percent keys: the writer puts them in order
  for (const auto& [level, bounds] : p.intervals) w.key(percent_key(level)).cents(bounds.first);
  w.end_object();
  if (p.month) {
    w.key("month").string(format_month(*p.month));
  } else {
    w.key("month").null();
  }
  w.key("prediction").cents(p.value);
  w.key("upper").begin_object();
  for (const auto& [level, bounds] : p.intervals) w.key(percent_key(level)).cents(bounds.second);
  w.end_object();
  w.end_object();
}

// The model a predict/evaluate request means: inline, or stored (user_id, model_id, version).
struct ResolvedModel {
  SavingsModel model;
  std::string user_id, model_id;
  int64_t version = 0;
  bool stored = false;
  void write_summary(JsonWriter& w) const {
    w.begin_object();
    w.key("model_id").string(model.model_id);
    w.key("stored").boolean(stored);
    w.key("user_id").string(model.user_id);
    w.key("version").integer(version);
    w.end_object();
  }
};

// Money leaves finite: a model whose coefficients or sigma (imported, or edited) take a prediction
// or a bound past the doubles is refused rather than answered with nulls.
void require_finite(const ResolvedModel& r, const double* values, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (!std::isfinite(values[i]))
      fail(code::invalid_value, r.stored ? "model_id" : "model",
           "the model's predictions or their bounds overflow for these inputs (its coefficients "
           "or sigma are too large for them)");
}

ResolvedModel resolve_model(const Fields& f, CallContext& ctx) {
  ResolvedModel r;
  if (const json* model = f.optional_value("model")) {
    r.model = model_from_json(*model, f.path("model"));
    r.version = r.model.version;
    return r;
  }
  if (!f.has("user_id")) fail(code::missing_field, "model", "give a model, or the user_id of a stored one");
  r.user_id = f.text("user_id", 1, kMaxName);
  r.model_id = f.text_or("model_id", "savings", 1, kMaxName);
  const StoredVersion& v = ctx.registry.get(r.user_id, r.model_id, f.optional_integer("version", 1, kMaxVersionNumber));
  r.model = v.model;
  r.version = v.version;
  r.stored = true;
  return r;
}

// An "attachment:NAME" reference: the typed-array path, no JSON text. Values are checked here too.
const Attachment* attachment_for(const json& v, const std::string& where, const CallContext& ctx) {
  if (!v.is_string()) return nullptr;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.rfind("attachment:", 0) != 0) {
    fail_at(code::wrong_type, where, " must be an array, or \"attachment:NAME\"");
  }
  auto it = ctx.attachments.find(s.substr(11));
  if (it == ctx.attachments.end()) fail_at(code::not_found, where, " names no attached array");
  for (size_t i = 0; i < it->second.values.size(); ++i) {
    if (!std::isfinite(it->second.values[i])) {
      fail_at(code::not_finite, where, " holds a non-finite value at index %zu", i);
    }
  }
  return &it->second;
}

// A value of a design matrix or of its y: JSON rows and the packed reading check the same range.
constexpr Range kDesignValue{-1e15, 1e15};

std::vector<double> read_json_rows(const json& rows, const std::string& where, int64_t cols, const Limits& limits) {
  if (!rows.is_array()) fail_at(code::wrong_type, where, " must be an array of rows");
  if (int64_t(rows.size()) > limits.max_array_items) fail_at(code::too_large, where, " has too many rows");
  std::vector<double> X;
  X.reserve(rows.size() * size_t(cols));
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string at = format_text("%.*s[%zu]", int(where.size()), where.data(), i);
    if (!rows[i].is_array() || int64_t(rows[i].size()) != cols) {
      fail_at(code::wrong_type, at, " must be an array of %lld numbers", static_cast<long long>(cols));
    }
    for (size_t c = 0; c < rows[i].size(); ++c) X.push_back(checked_item(rows[i], c, at, kDesignValue));
  }
  return X;
}

// Rows of a matrix: JSON arrays of numbers (copied), or an attachment with `cols` columns (viewed
// in place: a 100k x 20 matrix must not be held twice).
struct Matrix {
  std::vector<double> owned;
  MatrixView view;
};

Matrix read_matrix(const json& rows, const std::string& where, int64_t cols, const CallContext& ctx) {
  Matrix m;
  if (const Attachment* a = packed_at(ctx, where)) {  // every row checked as read_json_rows does
    if (a->cols != cols) {  // all rows alike: the first is the one read_json_rows would name
      fail_at(code::wrong_type, FieldPath::item(where, 0), " must be an array of %lld numbers", static_cast<long long>(cols));
    }
    m.view = MatrixView{a->values.data(), a->rows, a->cols};
    return m;
  }
  if (const Attachment* a = attachment_for(rows, where, ctx)) {
    if (a->cols != cols) fail_at(code::invalid_value, where, " must have %lld columns", static_cast<long long>(cols));
    // The host said rows x cols; the view must never reach past the values it actually sent.
    if (a->rows < 0 || int64_t(a->values.size()) != a->rows * a->cols) {
      fail_at(code::invalid_value, where, " holds %zu numbers, not rows x columns", a->values.size());
    }
    m.view = MatrixView{a->values.data(), a->rows, a->cols};
    return m;
  }
  m.owned = read_json_rows(rows, where, cols, ctx.limits);
  m.view = MatrixView{m.owned.data(), cols ? int64_t(m.owned.size()) / cols : int64_t(rows.size()), cols};
  return m;
}

// A least-squares fit costs rows x params^2 (the factorisation) plus params^3 (the covariance),
// and cross-validation refits up to cv_folds times on prefixes: refused before any fit past
// limits.max_regression_work.
void check_regression_work(int64_t rows, size_t columns, const TrainOptions& o, const Limits& limits, const char* field) {
  const double params = double(columns) + 1;
  const double work = (double(rows) + params) * params * params * double(o.cv_folds + 1);
  if (work <= double(limits.max_regression_work)) return;
  fail_at(code::too_large, field,
          ": (rows + params) x params^2 x (cv_folds + 1), params = columns + 1: (%lld + %zu) x %zu^2 x %d is over "
          "limits.max_regression_work of %lld",
          static_cast<long long>(rows), columns + 1, columns + 1, o.cv_folds + 1,
          static_cast<long long>(limits.max_regression_work));
}

// A prediction's interval costs the quadratic form x' C x, params^2 a row (params = columns + 1):
// 100 000 rows of a 500-column model took 15 s. Refused past limits.max_regression_work, as a
// fit of that size would be.
static void check_prediction_work(int64_t rows, size_t columns, bool intervals, const Limits& limits, const char* field) {
  const double params = double(columns) + 1;
  if (double(rows) * (intervals ? params * params : params) <= double(limits.max_regression_work)) return;
  fail_at(code::too_large, field, ": %lld rows x %zu params (columns + 1)%s are over limits.max_regression_work",
          static_cast<long long>(rows), columns + 1, intervals ? " squared for the intervals" : "");
}

// A month's absolute error as a percentage of its actual value; none when the actual is 0.
std::optional<double> error_percentage(const Evaluation& e) {
  if (e.actual == 0) return std::nullopt;
  return 100 * std::fabs(e.actual - e.predicted) / std::fabs(e.actual);
}

}  // namespace

void savings_train(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  ParsedTrainOptions opts = read_train_options(f);
  std::string experiment, variant;
  if (f.has("experiment")) {
    experiment = f.text("experiment", 1, kMaxName);
    const std::string user = f.text("user_id", 1, kMaxName);
    const Variant& v = ctx.registry.assign(experiment, user);
    variant = v.name;
    const json options = parse_json(v.options);
    opts = read_train_options(Fields(options, "experiment options"), opts);  // the variant decides
  }
  TrainResult trained;
  if (const auto design = f.optional_object("design")) {
    const Fields& df = *design;
    const std::vector<std::string> names = df.texts("columns", 0, 1000);
    // A coefficient, a driver and a prediction row are named by their column: two alike could not be told apart.
    for (size_t j = 1; j < names.size(); ++j)
      if (std::find(names.begin(), names.begin() + ptrdiff_t(j), names[j]) != names.begin() + ptrdiff_t(j)) {
        fail_at(code::invalid_value, FieldPath::item("design.columns", j), " repeats the name \"%.*s\"",
                int(names[j].size()), names[j].data());
      }
    const Matrix X = read_matrix(df.value("rows"), "design.rows", int64_t(names.size()), ctx);
    const size_t n = size_t(X.view.rows);
    std::vector<double> y;
    if (const Attachment* a = packed_at(ctx, "design.y")) {
      (void)df.value("y");  // read, for the unknown-field check
      y = a->values;
    } else if (const Attachment* a = attachment_for(df.value("y"), "design.y", ctx)) {
      y = a->values;
    } else {
      y = df.numbers("y", 0, size_t(ctx.limits.max_array_items), kDesignValue);
    }
    if (y.size() != n) {
      fail(code::invalid_value, "design.y", "design.y must have one value per row (%zu)", n);
    }
    check_regression_work(X.view.rows, names.size(), opts.train, ctx.limits, "design.rows");
    opts.train.fit.fields = {"design.rows", "design.columns"};
    trained = train_on_matrix(X.view, y.data(), names, opts.train);
  } else {
    if (!f.has("history"))  // neither form given: say both, not only the first
      fail(code::missing_field, "history", "give history (monthly rows) or design (rows of numbers and y)");
    const std::vector<MonthRow> history = read_months(f, "history", ctx.limits, false);
    check_regression_work(int64_t(history.size()), column_names(opts.spec).size(), opts.train, ctx.limits, "history");
    opts.train.fit.fields = {"history", "features"};
    trained = train_on_history(opts.spec, history, opts.train);
  }
  SavingsModel& model = trained.model;
  model.trained_at = now(ctx);
  model.variant = variant;
  const bool keep = f.has("user_id") && f.boolean_or("store", true);
  const bool activate = f.boolean_or("activate", true);
  if (keep) {
    model.user_id = f.text("user_id", 1, kMaxName);
    model.model_id = f.text_or("model_id", "savings", 1, kMaxName);
  } else if (f.has("model_id")) {  // a field of this method, unused here: say why, not "not a field"
    f.text("model_id", 1, kMaxName);
    ctx.warnings.push_back({"not_stored", "the model is not stored (store is false, or no user_id): model_id names nothing",
                            "model_id"});
  }
  warn_unread(f, ctx);
  for (auto& warning : trained.warnings) ctx.warnings.push_back(std::move(warning));
  json model_json = model_to_json(model);
  bool active = false;
  std::vector<int64_t> dropped;
  if (keep) {
    // Its stored record must stay readable: older versions make room, or nothing is stored.
    const ModelEntry* held = ctx.registry.find(model.user_id, model.model_id);
    model.version = ctx.registry.next_version(model.user_id, model.model_id);
    if (model.version > kMaxVersionNumber)  // a number the loader and savings.predict would refuse
      fail(code::too_large, "model_id", "model '%.*s' of user '%.*s' has used every version number (up to 2^40)",
           int(model.model_id.size()), model.model_id.data(), int(model.user_id.size()), model.user_id.data());
    const StoredVersion added{model.version, model, model.trained_at, experiment, variant, {}};
    const int64_t in_use = activate || !held || held->active == 0 ? model.version : held->active;
    dropped = versions_to_drop(ctx.registry, model.user_id, model.model_id, &added, in_use, 0, nullptr, ctx.limits,
                               f.has("design") ? "design.columns" : "history");
    // Added first: its number follows the newest held, which may be among those dropped.
    model.version = ctx.registry.add(model.user_id, model.model_id, model, model.trained_at, experiment, variant, activate);
    // Its size as measured goes with it: the next training measures only its own new version.
    const StoredVersion& stored = ctx.registry.find(model.user_id, model.model_id)->versions.back();
    if (stored.version == added.version)
      stored.sized_bytes = added.sized_bytes, stored.sized_values = added.sized_values, stored.sized_depth = added.sized_depth;
    ctx.registry.drop_versions(model.user_id, model.model_id, dropped);
    model_json["version"] = model.version;
    active = ctx.registry.get(model.user_id, model.model_id, std::nullopt).version == model.version;
  }
  write_coefficients(w.key("coefficients"), model, opts.train.fit.ridge);
  if (experiment.empty()) {
    w.key("experiment").null();
  } else {
    w.key("experiment").begin_object();
    w.key("name").string(experiment);
    w.key("variant").string(variant);
    w.end_object();
  }
  w.key("metrics").value(model_json["metrics"]);
  w.key("model").value(model_json);
  w.key("solver").string(model.fit.solver);
  if (keep) {
    w.key("stored").begin_object();
    w.key("active").boolean(active);
    write_dropped(dropped, ctx, w);
    w.key("model_id").string(model.model_id);
    w.key("user_id").string(model.user_id);
    w.key("version").integer(model.version);
    w.end_object();
  } else {
    w.key("stored").null();
  }
}

void savings_predict(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  ResolvedModel r = resolve_model(f, ctx);
  const std::vector<double> levels = read_levels(f, true);
  const int top = int(f.integer_or("top_drivers", 5, 0, 100));
  // "columns": one array per field, no drivers, for scoring many rows; "attachments": the same
  // arrays left as engine outputs for the host to copy out (no JSON text for 100k numbers).
  const std::string output = f.choice_or("output", "rows", {"rows", "columns", "attachments"});
  const bool columnar = output != "rows";
  if (columnar && !f.has("rows")) {
    fail(code::invalid_value, "output", "output \"%.*s\" goes with rows (a design-matrix model)", int(output.size()),
         output.data());
  }
  if (columnar) {
    const Matrix X = read_matrix(f.value("rows"), "rows", int64_t(r.model.columns.size()), ctx);
    check_prediction_work(X.view.rows, r.model.columns.size(), !levels.empty(), ctx.limits, "rows");
    PredictionColumns c = predict_columns(r.model, X.view, levels);
    require_finite(r, c.value.data(), c.value.size());
    for (size_t k = 0; k < c.lower.size(); ++k) {
      require_finite(r, c.lower[k].data(), c.lower[k].size());
      require_finite(r, c.upper[k].data(), c.upper[k].size());
    }
    warn_unread(f, ctx);
    // An output named by its path ("lower.80"): the host copies it out where the reference stands.
    auto column = [&](const std::string& name, std::vector<double>& values) {
      if (output != "attachments") {
        w.begin_array();
        for (const double x : values) w.cents(x);
        w.end_array();
        return;
      }
      for (double& x : values) x = to_cents(x);
      const int64_t rows = int64_t(values.size());
      ctx.outputs[name] = Attachment{std::move(values), rows, 1};
      w.string("attachment:" + name);
    };
    r.write_summary(w.key("model"));
    w.key("predictions").begin_object();
    w.key("lower").begin_object();  // percent keys: the writer puts them in order
    for (size_t k = 0; k < c.lower.size(); ++k) {
      const std::string key = percent_key(levels[k]);
      w.key(key);
      column("lower." + key, c.lower[k]);
    }
    w.end_object();
    w.key("prediction");
    column("prediction", c.value);
    w.key("upper").begin_object();
    for (size_t k = 0; k < c.lower.size(); ++k) {
      const std::string key = percent_key(levels[k]);
      w.key(key);
      column("upper." + key, c.upper[k]);
    }
    w.end_object();
    w.end_object();
    return;
  }
  std::vector<Prediction> predictions;
  const char* asked_by = f.has("rows") ? "rows" : f.has("horizon") ? "horizon" : "months";  // the warning's field
  if (f.has("rows")) {
    const Matrix X = read_matrix(f.value("rows"), "rows", int64_t(r.model.columns.size()), ctx);
    check_prediction_work(X.view.rows, r.model.columns.size(), !levels.empty(), ctx.limits, "rows");
    predictions = predict_rows(r.model, X.view, levels);
  } else if (f.has("horizon")) {
    const int64_t h = f.integer_or("horizon", 1, 1, 120);
    if (r.model.kind != "history" || !r.model.state.last_month) {
      fail(code::invalid_value, "horizon", "horizon needs a model trained on monthly history");
    }
    std::vector<MonthRow> months;
    months.resize(size_t(h));
    for (int64_t i = 0; i < h; ++i) {
      const std::optional<Date> month = add_months(*r.model.state.last_month, i + 1);
      if (!month) fail(code::out_of_range, "horizon", "horizon runs past 9999-12");
      months[size_t(i)].month = *month;
    }
    predictions = predict_months(r.model, months, levels);
  } else {
    predictions = predict_months(r.model, read_months(f, "months", ctx.limits, true), levels);
  }
  for (const Prediction& p : predictions) {
    const double point[2] = {p.value, p.baseline};
    require_finite(r, point, 2);
    for (const auto& [level, bounds] : p.intervals) require_finite(r, &bounds.first, 1), require_finite(r, &bounds.second, 1);
    for (const Driver& d : p.drivers) require_finite(r, &d.contribution, 1);
  }
  warn_unread(f, ctx);
  r.write_summary(w.key("model"));
  bool any_predicted_lags = false;
  w.key("predictions").begin_array();
  for (const Prediction& p : predictions) {
    any_predicted_lags |= p.lags_predicted;
    write(w, p, top);
  }
  w.end_array();
  if (any_predicted_lags) {
    ctx.warnings.push_back({"predicted_lags",
                            "later months use earlier predictions as lag inputs; their intervals do not include that uncertainty and are too narrow",
                            asked_by});
  }
}

void savings_evaluate(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  const std::string user = f.text("user_id", 1, kMaxName);
  const std::string model_id = f.text_or("model_id", "savings", 1, kMaxName);
  const auto version = f.optional_integer("version", 1, kMaxVersionNumber);
  std::vector<MonthRow> months = read_months(f, "months", ctx.limits, true);
  warn_unread(f, ctx);
  StoredVersion& stored = ctx.registry.get_mutable(user, model_id, version);
  const SavingsModel& model = stored.model;
  const std::vector<Prediction> predictions = predict_months(model, months, {});
  // A prediction the stored record could not hold (read back within +-kMaxEvaluationValue) is
  // refused as savings.predict refuses it: recorded, it left the whole model unreadable at the
  // next start (an imported model with a coefficient of 1e300).
  for (const Prediction& p : predictions)
    if (!(std::fabs(p.value) <= kMaxEvaluationValue))
      fail(code::invalid_value, "model_id", "the model's predictions overflow for these months (its coefficients are too large for them)");
  // Every month checked before any is recorded: a failed call changes nothing stored.
  std::map<std::string, Evaluation> arriving;  // by month (each once: the months are read in order)
  for (size_t i = 0; i < months.size(); ++i) {
    const auto actual = target_of(months[i], model.spec.target);
    if (!actual) {
      fail_at(code::missing_field, FieldPath::item("months", i), " needs its actual value (actual, or income and expenses)");
    }
    const std::string m = format_month(months[i].month);
    arriving[m] = {m, *actual, predictions[i].value};
  }
  // Re-recording a month replaces it: callers may resend every month since training. In month
  // order through the map (no sort of its own to carry: 1.4 KB of wasm), each month once.
  for (const Evaluation& e : stored.evaluations)
    if (!arriving.count(e.month)) arriving[e.month] = e;
  std::vector<Evaluation> merged;
  for (auto& [month, e] : arriving) merged.push_back(std::move(e));
  if (merged.size() > ModelRegistry::kMaxEvaluations) merged.erase(merged.begin(), merged.end() - ModelRegistry::kMaxEvaluations);
  // The stored record must stay readable: older versions make room, or nothing is recorded.
  const int64_t evaluated = stored.version;
  const std::vector<int64_t> dropped = versions_to_drop(ctx.registry, user, model_id, nullptr,
                                                        ctx.registry.find(user, model_id)->active, evaluated, &merged,
                                                        ctx.limits, "months");
  ctx.registry.drop_versions(user, model_id, dropped);  // `stored` may move
  StoredVersion& kept = ctx.registry.get_mutable(user, model_id, evaluated);
  kept.sized_bytes = -1;  // to be measured again
  auto& evals = kept.evaluations;
  evals = std::move(merged);
  // The original ModelPerformanceMetrics: per month actual, predicted, error %, and running metrics.
  // The running metrics are kept per month: "metrics" (the whole series) is written before "over_time".
  std::vector<double> actual, predicted;
  std::vector<Accuracy> running;
  running.reserve(evals.size());
  double ape_sum = 0;
  int64_t ape_n = 0;
  for (const Evaluation& e : evals) {
    actual.push_back(e.actual);
    predicted.push_back(e.predicted);
    if (const auto pct = error_percentage(e)) ape_sum += *pct, ++ape_n;
    running.push_back(accuracy_of(actual, predicted, 0));
  }
  const Accuracy all = accuracy_of(actual, predicted, 0);
  w.key("metrics").begin_object();
  w.key("mae").number(all.mae);
  w.key("mape").number(ape_n ? std::optional<double>(ape_sum / double(ape_n)) : std::nullopt);
  w.key("n").integer(all.n);
  w.key("r2").number(all.n > 1 ? std::optional<double>(all.r2) : std::nullopt);
  w.key("rmse").number(all.rmse);
  w.end_object();
  w.key("model").begin_object();
  write_dropped(dropped, ctx, w);
  w.key("model_id").string(model_id);
  w.key("user_id").string(user);
  w.key("version").integer(evaluated);
  w.end_object();
  w.key("over_time").begin_array();
  for (size_t i = 0; i < evals.size(); ++i) {
    const Evaluation& e = evals[i];
    const Accuracy& a = running[i];
    w.begin_object();
    w.key("actual").cents(e.actual);
    w.key("error").cents(e.actual - e.predicted);
    w.key("error_percentage").number(error_percentage(e));
    w.key("mae").number(a.mae);
    w.key("month").string(e.month);
    w.key("predicted").cents(e.predicted);
    w.key("r2").number(i > 0 ? std::optional<double>(a.r2) : std::nullopt);  // needs two months
    w.key("rmse").number(a.rmse);
    w.end_object();
  }
  w.end_array();
  w.key("recorded").integer(int64_t(months.size()));
}

void savings_models(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  const std::string user = f.text("user_id", 1, kMaxName);
  warn_unread(f, ctx);
  w.key("models").value(registry_list_json(ctx.registry, user));
  w.key("user_id").string(user);
}

void savings_activate(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  const std::string user = f.text("user_id", 1, kMaxName);
  const std::string model_id = f.text_or("model_id", "savings", 1, kMaxName);
  const auto version = f.optional_integer("version", 1, kMaxVersionNumber);
  if (!version) fail(code::missing_field, "version", "version is required");
  warn_unread(f, ctx);
  ctx.registry.get(user, model_id, *version);  // held, or not_found
  // An imported record is measured with its own active version: a longer number must still fit.
  check_model_record(user, model_id, *ctx.registry.find(user, model_id), *version, ctx.limits, "version");
  ctx.registry.activate(user, model_id, *version);
  w.key("active_version").integer(*version);
  w.key("model_id").string(model_id);
  w.key("user_id").string(user);
}

void savings_experiment(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  const std::string name = f.text("name", 1, kMaxName);
  const Experiment e = read_variants(f.array("variants", 2, 16), f.at("variants"), &ctx);
  warn_unread(f, ctx);
  check_experiment_record(name, e, ctx.limits, "variants");  // the next start must be able to read it
  ctx.registry.set_experiment(name, e);
  double total = 0;
  for (const auto& v : e.variants) total += v.weight;
  w.key("name").string(name);
  w.key("variants").begin_array();
  for (const Variant& v : e.variants) {
    w.begin_object();
    w.key("name").string(v.name);
    w.key("options").value(parse_json(v.options));
    w.key("share").number(v.weight / total);
    w.end_object();
  }
  w.end_array();
}

void savings_assign(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  const std::string name = f.text("experiment", 1, kMaxName);
  const std::string user = f.text("user_id", 1, kMaxName);
  warn_unread(f, ctx);
  double bucket = 0;
  const Variant& v = ctx.registry.assign(name, user, &bucket);
  w.key("bucket").number(bucket);
  w.key("experiment").string(name);
  w.key("options").value(parse_json(v.options));
  w.key("user_id").string(user);
  w.key("variant").string(v.name);
}

void savings_compare(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  const std::string name = f.text("experiment", 1, kMaxName);
  const double alpha = f.number_or("alpha", 0.05, Range{1e-6, 0.5});
  warn_unread(f, ctx);
  const Experiment& e = ctx.registry.experiment(name);
  struct Stats {
    std::string name;
    std::vector<double> abs_errors;
    Accuracy accuracy;
    size_t users = 0;
    std::optional<double> mape;
  };
  std::vector<Stats> stats;
  for (const auto& v : e.variants) {
    Stats s{v.name, {}, {}, 0, std::nullopt};
    std::vector<double> actual, predicted;
    std::set<std::string> users;
    double ape = 0;
    int64_t ape_n = 0;
    for (const auto& [user, ev] : ctx.registry.evaluations_of(name, v.name)) {
      users.insert(user);
      actual.push_back(ev.actual);
      predicted.push_back(ev.predicted);
      s.abs_errors.push_back(std::fabs(ev.actual - ev.predicted));
      if (ev.actual != 0) ape += std::fabs(ev.actual - ev.predicted) / std::fabs(ev.actual), ++ape_n;
    }
    s.accuracy = accuracy_of(actual, predicted, 0);
    s.users = users.size();
    if (ape_n) s.mape = 100 * ape / double(ape_n);
    stats.push_back(std::move(s));
  }
  const Stats* best = nullptr;  // a variant with errors has n > 0: its mae is a number
  for (const auto& s : stats) {
    if (!s.abs_errors.empty() && (!best || s.accuracy.mae < best->accuracy.mae)) best = &s;
  }
  w.key("alpha").number(alpha);
  if (best) {
    w.key("best").string(best->name);
  } else {
    w.key("best").null();
  }
  w.key("comparisons").begin_array();
  bool all_significant = best != nullptr;
  for (const auto& s : stats) {
    if (!best || &s == best) continue;
    // Welch's t-test on absolute errors: is the best variant's mean absolute error really lower?
    WelchResult welch;
    const bool tested = welch_t_test(best->abs_errors, s.abs_errors, welch);
    const bool significant = tested && welch.p_value < alpha && welch.mean_difference > 0;
    all_significant &= significant;
    w.begin_object();
    w.key("best").string(best->name);
    w.key("other").string(s.name);
    w.key("significant").boolean(significant);
    if (tested) {
      w.key("test").begin_object();
      w.key("dof").number(welch.dof);
      w.key("mae_difference").number(welch.mean_difference);
      w.key("p_value").number(welch.p_value);
      w.key("t").number(welch.t);
      w.end_object();
    } else {
      w.key("test").null();
    }
    w.end_object();
  }
  w.end_array();
  w.key("experiment").string(name);
  std::string recommendation;
  if (!best) recommendation = "No evaluations recorded yet: train models in the experiment and record actual months with savings.evaluate.";
  else recommendation = format_text("Variant '%.*s' has the lowest error %s", int(best->name.size()), best->name.data(),
                                     all_significant ? "and the difference is significant: roll it out."
                                                     : "so far, but not significantly: keep collecting months.");
  w.key("recommendation").string(recommendation);
  w.key("variants").begin_array();
  for (const Stats& s : stats) {
    const Accuracy& a = s.accuracy;
    auto when = [](bool known, double x) { return known ? std::optional<double>(x) : std::nullopt; };
    w.begin_object();
    w.key("mae").number(when(a.n > 0, a.mae));
    w.key("mape").number(s.mape);
    w.key("n").integer(a.n);
    w.key("r2").number(when(a.n > 1, a.r2));
    w.key("rmse").number(when(a.n > 0, a.rmse));
    w.key("users").integer(int64_t(s.users));
    w.key("variant").string(s.name);
    w.end_object();
  }
  w.end_array();
}

void savings_export(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  warn_unread(f, ctx);
  w.members(registry_snapshot_json(ctx.registry));
}

void savings_import(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  const json& snapshot = f.value("snapshot");
  const bool merge = f.boolean_or("merge", false);
  warn_unread(f, ctx);
  registry_import(ctx.registry, snapshot, merge, ctx.limits);
  w.key("experiments").integer(int64_t(ctx.registry.experiments().size()));
  w.key("models").integer(int64_t(ctx.registry.models().size()));
}

const PackedField kSavingsTrainPacked[] = {{"design.rows", true, kDesignValue.lo, kDesignValue.hi},
                                          {"design.y", false, kDesignValue.lo, kDesignValue.hi},
                                          {nullptr, false, 0, 0}};
const PackedField kSavingsPredictPacked[] = {{"rows", true, kDesignValue.lo, kDesignValue.hi}, {nullptr, false, 0, 0}};

}  // namespace nestegg
