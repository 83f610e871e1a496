// SPDX-License-Identifier: MIT
#include "savings_model.hpp"

#include <algorithm>
#include <utility>
#include <cmath>

#include "error.hpp"
#include "format_text.hpp"
#include "student_t.hpp"

namespace nestegg {


Accuracy accuracy_of(const std::vector<double>& actual, const std::vector<double>& predicted, int64_t predictors,
                     bool centred) {
  Accuracy a;
  a.n = int64_t(actual.size());
  if (a.n == 0) return a;
  double mean = 0;
  if (centred) {
    for (double v : actual) mean += v;
    mean /= double(a.n);
  }
  double sae = 0, sse = 0, sst = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    const double e = actual[i] - predicted[i];
    sae += std::fabs(e);
    sse += e * e;
    sst += (actual[i] - mean) * (actual[i] - mean);
  }
  a.mae = sae / double(a.n);
  a.rmse = std::sqrt(sse / double(a.n));
  // Squares of errors near 1e-160 and below underflow (rmse 0 beside mae 5e-300, r2 1 of a fit
  // that misses, which no data gives): then both sums again over values scaled by the largest.
  // Beyond rounding only, so every other fit keeps its figures to the bit.
  if (a.rmse < a.mae * (1 - 1e-12)) {
    double largest = 0;
    for (size_t i = 0; i < actual.size(); ++i)
      largest = std::max({largest, std::fabs(actual[i] - predicted[i]), std::fabs(actual[i] - mean)});
    sse = sst = 0;
    for (size_t i = 0; i < actual.size(); ++i) {
      const double miss = (actual[i] - predicted[i]) / largest, spread = (actual[i] - mean) / largest;
      sse += miss * miss;
      sst += spread * spread;
    }
    a.rmse = std::max(a.mae, largest * std::sqrt(sse / double(a.n)));
  }
  a.r2 = sst > 0 ? 1 - sse / sst : (sse == 0 ? 1 : 0);
  const int64_t lost = centred ? 1 : 0;  // the mean is one more estimated parameter
  if (a.n > predictors + lost) a.adj_r2 = 1 - (1 - a.r2) * double(a.n - lost) / double(a.n - predictors - lost);
  return a;
}

static int64_t predictors_of(const LinearFit& fit) {
  return int64_t(std::count(fit.dropped.begin(), fit.dropped.end(), false));
}

// Expanding-window cross-validation: refit on the rows before each origin, score the rows up to
// the next origin. A fold whose prefix cannot be fitted (say, a month dummy never seen yet) is skipped.
static std::optional<Accuracy> cross_validate(const MatrixView& X, const double* y, const TrainOptions& options,
                                              const std::vector<std::string>& names, int64_t& folds_used,
                                              std::vector<Warning>& warnings) {
  folds_used = 0;
  const int64_t n = X.rows, params = X.cols + (options.fit.intercept ? 1 : 0);
  const int64_t min_train = std::max<int64_t>(params + 2, n / 2);
  if (options.cv_folds <= 0 || n - min_train < 1) {
    if (options.cv_folds > 0) {
      const char* rows = options.fit.fields.rows;
      warnings.push_back(Warning{"no_cross_validation",
                                 format_text("too few rows in %s to hold any out; cross-validated accuracy is unavailable", rows), rows});
    }
    return std::nullopt;
  }
  const int64_t k = std::min<int64_t>(options.cv_folds, n - min_train);
  std::vector<double> actual, predicted;
  for (int64_t f = 0; f < k; ++f) {
    const int64_t start = min_train + f * (n - min_train) / k;
    const int64_t end = min_train + (f + 1) * (n - min_train) / k;
    try {
      const LinearFit fold = fit_least_squares(MatrixView{X.data, start, X.cols}, y, options.fit, names);
      for (int64_t i = start; i < end; ++i) {
        actual.push_back(y[i]);
        predicted.push_back(fold.predict(X.data + i * X.cols));
      }
      ++folds_used;
    } catch (const NesteggError&) {
    }
  }
  if (folds_used < k) {
    warnings.push_back(Warning{"cv_folds_skipped",
                               format_text("%lld fold(s) could not be fitted on their earlier months and were skipped",
                                           static_cast<long long>(k - folds_used)),
                               "cv_folds"});
  }
  if (actual.empty()) return std::nullopt;
  return accuracy_of(actual, predicted, X.cols);
}

static TrainResult finish_training(SavingsModel model, const MatrixView& X, const double* y, const TrainOptions& options) {
  TrainResult out;
  model.fit = fit_least_squares(X, y, options.fit, model.columns);
  for (size_t j = 0; j < model.fit.dropped.size(); ++j) {
    if (model.fit.dropped[j]) {
      out.warnings.push_back(Warning{"constant_feature", model.columns[j] + " is constant over the training rows and was left out",
                                     options.fit.fields.columns});
    }
  }
  std::vector<double> actual(y, y + X.rows), fitted(size_t(X.rows));
  for (int64_t i = 0; i < X.rows; ++i) fitted[size_t(i)] = model.fit.predict(X.data + i * X.cols);
  model.in_sample = accuracy_of(actual, fitted, predictors_of(model.fit), options.fit.intercept);
  if (model.fit.sigma < 1e-9 * (1 + model.in_sample.mae) && X.rows > 0 && model.in_sample.r2 > 1 - 1e-12) {
    out.warnings.push_back(Warning{"perfect_fit", "the columns reproduce the target exactly (e.g. income and expenses for savings): "
                                        "predictions will only be as good as the columns' future values", options.fit.fields.columns});
  }
  model.cross_validated = cross_validate(X, y, options, model.columns, model.cv_folds_used, out.warnings);
  out.model = std::move(model);
  return out;
}

TrainResult train_on_history(const FeatureSpec& spec, const std::vector<MonthRow>& history, const TrainOptions& options) {
  validate_features(spec);
  Design d = build_design(spec, history);
  SavingsModel model;
  model.kind = "history";
  model.spec = spec;
  model.columns = column_names(spec);
  model.state = d.state;
  return finish_training(std::move(model), MatrixView{d.X.data(), d.rows, d.cols}, d.y.data(), options);
}

TrainResult train_on_matrix(const MatrixView& X, const double* y, const std::vector<std::string>& columns,
                            const TrainOptions& options) {
  SavingsModel model;
  model.kind = "design";
  model.spec.tokens.clear();
  model.columns = columns;
  return finish_training(std::move(model), X, y, options);
}

// t quantiles depend only on the level and the degrees of freedom: compute them once per call.
static std::vector<double> interval_multipliers(const LinearFit& fit, const std::vector<double>& levels) {
  std::vector<double> t;
  if (fit.dof <= 0 || fit.covariance.empty()) return t;
  for (double level : levels) t.push_back(student_t_quantile(0.5 + level / 200, double(fit.dof)));
  return t;
}

static Prediction predict_one(const SavingsModel& model, const double* x, const std::vector<double>& levels,
                              const std::vector<double>& multipliers) {
  Prediction p;
  const LinearFit& fit = model.fit;
  p.value = fit.predict(x);
  p.baseline = fit.intercept_value;
  for (size_t j = 0; j < fit.coef.size(); ++j) {
    p.baseline += fit.coef[j] * fit.mean[j];
    if (!fit.dropped[j]) p.drivers.push_back({model.columns[j], fit.coef[j] * (x[j] - fit.mean[j]), j});
  }
  // Largest pull first, ties in column order (the drivers are in column order), a NaN last: as
  // (-pull, index) pairs in their natural order, a sort the .wasm holds already (planning's), where
  // a sort of drivers by a comparator of their own cost 1.3 KB and stable_sort's merge 1.1 KB gzipped.
  std::vector<std::pair<double, size_t>> order(p.drivers.size());
  for (size_t i = 0; i < order.size(); ++i) {
    const double c = p.drivers[i].contribution;
    order[i] = {std::isnan(c) ? 1.0 : -std::fabs(c), i};
  }
  std::sort(order.begin(), order.end());
  std::vector<Driver> sorted;
  sorted.reserve(order.size());
  for (const auto& item : order) sorted.push_back(std::move(p.drivers[item.second]));
  p.drivers = std::move(sorted);
  if (!multipliers.empty()) {
    const double sd = fit.prediction_sd(x);
    for (size_t k = 0; k < levels.size(); ++k) {
      p.intervals.push_back({levels[k], {p.value - multipliers[k] * sd, p.value + multipliers[k] * sd}});
    }
  }
  return p;
}

std::vector<Prediction> predict_months(const SavingsModel& model, const std::vector<MonthRow>& months,
                                       const std::vector<double>& levels) {
  if (model.kind != "history") {
    fail(code::invalid_value, "months", "this model was trained on a design matrix: predict with rows");
  }
  std::vector<Prediction> out;
  FeatureState state = model.state;
  std::vector<uint8_t> predicted(state.recent.size(), false);  // parallel to state.recent
  const std::vector<double> multipliers = interval_multipliers(model.fit, levels);
  const bool lags = model.spec.uses_lags();
  std::vector<double> x;
  for (size_t i = 0; i < months.size(); ++i) {
    const MonthRow& row = months[i];
    const std::string where = format_text("months[%zu]", i);
    if (state.last_month) {
      const int64_t step = month_index(row.month) - month_index(*state.last_month);
      if (step <= 0) {
        const std::string last = format_month(*state.last_month);
        fail_at(code::date_order, FieldPath(where, "month"), " must come after %.*s", int(last.size()), last.data());
      }
      if (lags && step != 1) {
        const std::string next = format_month(*add_months(*state.last_month, 1));
        fail_at(code::date_order, FieldPath(where, "month"), " must be %.*s: lag features need consecutive months",
                int(next.size()), next.data());
      }
    }
    month_features(model.spec, row, state, where, x);
    Prediction p = predict_one(model, x.data(), levels, multipliers);
    p.month = row.month;
    p.lags_predicted = std::find(predicted.begin(), predicted.end(), true) != predicted.end();
    // A future month's own target, when the row carries it, feeds later lags instead of the guess.
    const bool absent_category = model.spec.target.rfind("category:", 0) == 0 && !row.actual &&
                                 !row.categories.count(model.spec.target.substr(9));
    const auto known = absent_category ? std::nullopt : target_of(row, model.spec.target);
    advance_state(model.spec, state, row, known ? *known : p.value);
    if (lags) {
      predicted.push_back(!known);
      if (predicted.size() > state.recent.size()) predicted.erase(predicted.begin());
    }
    out.push_back(std::move(p));
  }
  return out;
}

static void check_columns(const SavingsModel& model, const MatrixView& X) {
  if (X.cols != int64_t(model.columns.size())) {
    fail(code::invalid_value, "rows", "rows must have %zu columns like the model", model.columns.size());
  }
}

std::vector<Prediction> predict_rows(const SavingsModel& model, const MatrixView& X, const std::vector<double>& levels) {
  check_columns(model, X);
  const std::vector<double> multipliers = interval_multipliers(model.fit, levels);
  std::vector<Prediction> out;
  out.reserve(size_t(X.rows));
  for (int64_t i = 0; i < X.rows; ++i) out.push_back(predict_one(model, X.data + i * X.cols, levels, multipliers));
  return out;
}

PredictionColumns predict_columns(const SavingsModel& model, const MatrixView& X, const std::vector<double>& levels) {
  check_columns(model, X);
  const std::vector<double> multipliers = interval_multipliers(model.fit, levels);
  PredictionColumns out;
  out.value.reserve(size_t(X.rows));
  out.lower.assign(multipliers.size(), {});
  out.upper.assign(multipliers.size(), {});
  for (int64_t i = 0; i < X.rows; ++i) {
    const double* x = X.data + i * X.cols;
    const double v = model.fit.predict(x);
    out.value.push_back(v);
    if (multipliers.empty()) continue;
    const double sd = model.fit.prediction_sd(x);
    for (size_t k = 0; k < multipliers.size(); ++k) {
      out.lower[k].push_back(v - multipliers[k] * sd);
      out.upper[k].push_back(v + multipliers[k] * sd);
    }
  }
  return out;
}

}  // namespace nestegg
