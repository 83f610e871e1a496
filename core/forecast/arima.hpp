// SPDX-License-Identifier: MIT
// Seasonal ARIMA(p,d,q)(P,D,Q)m, estimated by conditional sum of squares, and automatic order
// selection in the manner of Hyndman & Khandakar (2008, JSS 27(3)): D from the strength of the
// season, d from repeated KPSS tests, then a stepwise search over p, q, P, Q and the constant by
// AICc. Sign conventions are R's: (1 - sum ar_i B^i) w_t = (1 + sum ma_j B^j) e_t.
//
// CSS rather than exact maximum likelihood: it is what auto.arima itself uses for the search on
// long or seasonal series (approximation = TRUE), it is orders of magnitude cheaper, and its
// estimates converge to the ML ones as the series grows. Forecasts condition on the first
// observations; with given coefficients they equal R's exactly for pure AR models and to within
// theta^n for models with MA terms.
#pragma once
#include <string>
#include <vector>

namespace nestegg {

constexpr int kMaxFactorOrder = 8;  // p, q, P or Q: arima_fit refuses more (the search stops at 5 and 2)

struct ArimaOrder {
  int p = 0, d = 0, q = 0;
  int P = 0, D = 0, Q = 0;
  int m = 1;
  bool constant = false;  // the mean (d + D = 0) or the drift (d + D = 1); never with d + D > 1
};

std::string arima_name(const ArimaOrder& o);  // "ARIMA(1,1,1)(0,1,1)[12] with drift"

struct ArimaCoefficients {
  std::vector<double> ar, ma, sar, sma;
  double constant = 0;  // mean of the differenced series
};

// Given coefficients whose factor is not stationary (AR, seasonal AR: a root of 1 - sum c_i z^i on
// or inside the unit circle) or not invertible (MA, seasonal MA): "ar", "sar", "ma" or "sma"; empty
// when every factor is fine. A seasonal factor is a polynomial in z^m, checked in w = z^m.
std::string inadmissible_arima_factor(const ArimaCoefficients& c);

struct ArimaFit {
  ArimaOrder order;
  ArimaCoefficients coef;
  double sigma2 = 0;
  double loglik = 0, aic = 0, aicc = 0, bic = 0;
  std::vector<double> y;         // the series fitted (missing values interpolated)
  std::vector<double> residuals;  // on the differenced scale, aligned with y (NaN before the start)
  std::vector<double> fitted;
  // Residuals empty: too few observations left after differencing for the coefficients (true), or
  // the search found no stationary and invertible coefficients (false).
  bool too_short = false;
  // What the estimation cost, in multiply-adds of its residual and derivative passes (an estimate
  // from the passes' lengths and lags); from arima_auto, the whole search's. The search spends
  // against a budget of it (ArimaSearch::max_work_per_value).
  double work = 0;
};

// How closely coefficients are estimated. arima_auto ranks candidate orders on coarse fits and then
// refines only the one it keeps, from where its coarse fit stopped.
struct ArimaEstimation {
  double rel_tol = 1e-8;                        // stop when a step lowers the CSS by less than this part
  const ArimaCoefficients* start = nullptr;     // instead of zeros (and the mean for the constant)
};

// Fits the given order; coefficients are estimated unless `given` is non-null. Returns aicc = +inf
// when the order cannot be estimated (too few observations, or a non-stationary/non-invertible fit).
ArimaFit arima_fit(const std::vector<double>& y, const ArimaOrder& order, const ArimaCoefficients* given = nullptr,
                   const ArimaEstimation& how = {});

struct ArimaSearch {
  int max_p = 5, max_q = 5, max_P = 2, max_Q = 2, max_d = 2, max_D = 1;
  int max_models = 94;
  // The coarse fits' work (ArimaFit::work) per value of the series, after which no further order is
  // tried: the search's time is then bounded by the series' length, whatever its values. On the
  // M3 subset the median search costs 8 000 per value and 30 of 2 002 pass 100 000; spikes of 1e12
  // every few months cost 300 000 (94 orders at up to 100 steps each), 2-4 s for 64 x 150 months
  // (README "The ARIMA search's work budget" says how these were measured).
  double max_work_per_value = 1e5;
};

ArimaFit arima_auto(const std::vector<double>& y, int m, const ArimaSearch& limits = {});

// Number of differences the KPSS test (level stationarity, 5 %) asks for; seasonal differences by
// the seasonal strength of detrended values against their moving 7-season mean (> 0.64, as
// forecast's "seas" test).
int kpss_diffs(const std::vector<double>& y, int max_d);
double kpss_statistic(const std::vector<double>& y);
int seasonal_diffs(const std::vector<double>& y, int m);

struct ArimaForecast {
  std::vector<double> mean, sd;
};
ArimaForecast arima_forecast(const ArimaFit& fit, int h);

}  // namespace nestegg
