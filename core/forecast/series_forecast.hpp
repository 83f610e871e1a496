// SPDX-License-Identifier: MIT
// One series in, its forecast out: picks and fits the model a method names, handles what real
// household series do (short histories, missing months, constant or zero spending), and gives
// point forecasts, prediction intervals and in-sample accuracy. Plain data; no JSON here.
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "arima.hpp"
#include "ets.hpp"
#include "theta.hpp"

namespace nestegg {

struct SeriesRequest {
  std::vector<double> y;        // oldest first; NaN = missing
  int period = 12;              // 12 monthly, 4 quarterly, 1 none
  int horizon = 12;
  std::vector<double> levels{80, 95};  // percent, each in (0, 100)
  // auto | ets | arima | holt_winters | ses | holt | theta | combination | naive | snaive
  std::string method = "auto";
  std::optional<ArimaOrder> arima_order;        // method arima: a fixed order; none: searched
  std::optional<ArimaCoefficients> arima_coef;  // with an order: given coefficients, nothing estimated
  std::optional<EtsSpec> spec;  // method ets: a fixed model ("MAdM"); none: chosen by AICc
  bool multiplicative = false;  // method holt_winters: multiplicative season
  bool damped = false;          // methods holt / holt_winters
  EtsFixed fixed = no_fixed_params();  // given smoothing parameters (and states) of an ets-family model
  std::optional<EtsState> initial;     // given initial states: with all parameters, nothing is estimated
  EtsOptimizer optimizer = EtsOptimizer::levenberg_marquardt;  // nelder_mead: R's own search, for R's exact fits
  uint64_t seed = 42;                  // for simulated intervals
  int paths = 5000;
  // Units of forecasting work (forecast_work) left for simulated intervals: a model whose
  // intervals must be simulated (multiplicative season) is refused with too_large, before it
  // simulates, when simulation_work() is over this. The handler sets it from limits.max_forecast_work.
  double simulation_budget = std::numeric_limits<double>::infinity();
};

struct ForecastAccuracy {  // in-sample one-step errors, as R's accuracy(): MASE scaled by seasonal naive
  double me, rmse, mae, mpe, mape, mase;
};

struct SeriesForecast {
  std::vector<double> mean;
  std::vector<std::vector<double>> lower, upper;  // [level][step]
  std::string model;                              // "ETS(M,Ad,M)", "naive", "seasonal naive", ...
  std::vector<std::pair<std::string, double>> parameters;  // alpha, beta, gamma, phi, sigma2, l0, b0, s0..
  std::optional<double> aicc, aic, bic, loglik;
  std::string intervals;  // "analytic" | "simulated" | "none"
  std::string selection;  // method auto: which family won the hold-out comparison, and by how much
  ForecastAccuracy accuracy{};
  std::vector<double> fitted;
  // Simulated intervals only: per step, the spread below and above the point forecast that puts
  // the paths' 5th and 95th percentiles at the normal's quantiles. A combination reads such a
  // member's distribution from these, the same at every level (its bounds at a narrow level are
  // mostly simulation noise), so its intervals nest and one level's bounds never depend on which
  // other levels were asked for.
  std::vector<double> spread_below, spread_above;
  std::vector<std::pair<std::string, std::string>> warnings;  // code, message
};

// The work of forecasting a series, for a limit checked before any fit (the engine's
// limits.max_forecast_work): max(months, kMinWorkMonths) x the method's weight, the weight its
// cost per month relative to the cheapest methods, measured in wasm on series of 60 and 1 200
// months (README "Reliability"): a search over models (auto, combination: ETS, ARIMA and Theta
// all searched; ets without a spec; arima without an order) costs 32 / 16 / 8, one fitted model
// with estimated parameters 4, theta and the naive methods 1. A short series still pays each
// fit's fixed cost: it counts as kMinWorkMonths months.
//
// Two more factors, measured the same way (tests/bench/bench_worst_case.mjs):
// - optimizer nelder_mead: a fitted ETS model costs 4 times as much (R's simplex against
//   Levenberg-Marquardt), a search 8 times (every candidate fitted in full, no race; 3-9x measured);
// - simulated intervals (class 3 ETS: a multiplicative season) add simulation_work(): paths x
//   horizon x (4 + levels) / 200, each step of a path and each level's selection over the paths.
//   forecast_work counts it when the request fixes such a model (ets with spec "??M",
//   holt_winters multiplicative); a search that picks one is charged before it simulates
//   (SeriesRequest::simulation_budget).
inline constexpr int kMinWorkMonths = 24;
inline constexpr double kSimulationStepsPerUnit = 200;
int forecast_weight(const SeriesRequest& request);
double simulation_work(const SeriesRequest& request);
// The request fixes a model with simulated intervals: forecast_work counts simulation_work.
bool always_simulates(const SeriesRequest& request);
double forecast_work(const SeriesRequest& request, size_t months);
// The weight of each way a method can be asked for, by the name info reports it under
// ("ets" searched, "ets_spec" a given model, "arima_order" a given order).
const std::vector<std::pair<std::string, int>>& forecast_weights();

// Throws NesteggError (on field "method" / "series") when the method cannot apply to the data,
// e.g. a multiplicative model for a series with zeros.
SeriesForecast forecast_series(const SeriesRequest& request);

}  // namespace nestegg
