// SPDX-License-Identifier: MIT
// One series in, its forecast out: picks and fits the model a method names, handles what real
// household series do (short histories, missing months, constant or zero spending), and gives
// point forecasts, prediction intervals and in-sample accuracy. Plain data; no JSON here.
#pragma once
#include <cstdint>
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
  std::vector<std::pair<std::string, std::string>> warnings;  // code, message
};

// Throws NesteggError (on field "method" / "series") when the method cannot apply to the data,
// e.g. a multiplicative model for a series with zeros.
SeriesForecast forecast_series(const SeriesRequest& request);

}  // namespace nestegg
