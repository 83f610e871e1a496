// SPDX-License-Identifier: MIT
// Savings prediction: a linear model trained on the user's own months, its honest accuracy, and
// predictions with intervals and the features behind them.
//
// Honest accuracy means out-of-sample: besides in-sample MAE/RMSE/R^2, a rolling-origin
// (expanding-window) cross-validation refits the model on the months before each origin and
// scores the months after it, the way the model is used — never on months it was trained on.
//
// Prediction intervals are the OLS ones: yhat +- t(dof, 1 - a/2) * sqrt(sigma^2 + x' C x). When
// lag features are fed by earlier predictions (multi-step), the interval ignores the uncertainty
// of those predicted lags and the row says lags_predicted: it is then too narrow.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>


#include "linear_model.hpp"
#include "savings_features.hpp"
#include "warning.hpp"

namespace nestegg {

struct TrainOptions {
  FitOptions fit;
  int cv_folds = 5;  // 0: no cross-validation
};

struct Accuracy {
  int64_t n = 0;
  double mae = 0, rmse = 0, r2 = 0;
  std::optional<double> adj_r2;
};

struct SavingsModel {
  std::string kind = "history";  // history (features from months) | design (caller's matrix)
  FeatureSpec spec;               // kind == history
  std::vector<std::string> columns;
  LinearFit fit;
  FeatureState state;  // where prediction starts (history models)
  Accuracy in_sample;
  std::optional<Accuracy> cross_validated;
  int64_t cv_folds_used = 0;
  // Registry bookkeeping, carried in the JSON.
  std::string model_id, user_id, variant, trained_at;
  int64_t version = 0;
};

struct TrainResult {
  SavingsModel model;
  std::vector<Warning> warnings;
};

TrainResult train_on_history(const FeatureSpec& spec, const std::vector<MonthRow>& history, const TrainOptions& options);
TrainResult train_on_matrix(const MatrixView& X, const double* y, const std::vector<std::string>& columns,
                            const TrainOptions& options);

struct Driver {
  std::string feature;
  double contribution;  // coefficient x (value - training mean): the pull away from the average month
  size_t column;        // the model's column it comes from
};

struct Prediction {
  std::optional<Date> month;
  double value = 0;
  std::vector<std::pair<double, std::pair<double, double>>> intervals;  // level -> (lower, upper)
  std::vector<Driver> drivers;  // largest |contribution| first
  double baseline = 0;          // the prediction for an average training month
  bool lags_predicted = false;
};

// Future months in order (history models); each row's target, when known (`actual`, or income and
// expenses for savings), feeds later lags instead of the prediction.
std::vector<Prediction> predict_months(const SavingsModel& model, const std::vector<MonthRow>& months,
                                       const std::vector<double>& levels);
std::vector<Prediction> predict_rows(const SavingsModel& model, const MatrixView& X, const std::vector<double>& levels);

// Bulk scoring: one array per output, no per-row objects or drivers (100k rows in a few MB).
struct PredictionColumns {
  std::vector<double> value;
  std::vector<std::vector<double>> lower, upper;  // one array per level
};
PredictionColumns predict_columns(const SavingsModel& model, const MatrixView& X, const std::vector<double>& levels);

// R^2 is centred (about the mean) unless `centred` is false: a model without intercept is judged
// against zero, as statsmodels and R do.
Accuracy accuracy_of(const std::vector<double>& actual, const std::vector<double>& predicted, int64_t predictors,
                     bool centred = true);

}  // namespace nestegg
