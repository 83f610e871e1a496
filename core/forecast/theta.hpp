// SPDX-License-Identifier: MIT
// The Theta method of Assimakopoulos & Nikolopoulos (2000), as Hyndman & Billah (2003) showed it
// to be: simple exponential smoothing with a drift of half the slope of the series' linear trend,
// on the seasonally adjusted series, reseasonalised. Written the way R's forecast::thetaf (8.20)
// writes it, so that the same smoothing estimates give the same forecasts and intervals:
// - a season only when m > 1, n > 2m and the lag-m autocorrelation passes a 90 % test,
//   |r_m| > 1.645 sqrt((1 + 2 sum_{k<m} r_k^2) / n); then classical multiplicative decomposition
//   (R's decompose(): centred moving average, mean ratio per position, indices averaging 1),
//   dropped again if an index is within 1e-4 of zero;
// - ETS(A,N,N) fitted by least squares on the adjusted series (ses()'s fit: alpha in [1e-4, 0.9999]),
//   here by a search over alpha with the best initial level in closed form at each (theta.cpp);
// - forecast = SES forecast + b/2 (h - 1 + (1 - (1 - alpha)^n) / alpha), b the least-squares slope
//   of the adjusted series on time; times the last season's indices;
// - intervals: the SES model's, sigma sqrt(1 + (h - 1) alpha^2), around the reseasonalised forecast.
// Beyond R: missing values (NaN) are interpolated for the test, the decomposition and the slope and
// stepped over by the smoothing; a season needs every value above zero (R does not check).
#pragma once
#include <limits>
#include <vector>

#include "ets.hpp"

namespace nestegg {

inline constexpr double kNotGiven = std::numeric_limits<double>::quiet_NaN();

struct ThetaFit {
  int n = 0;                         // observations, missing ones included
  int m = 1;                         // season length used: 1 when not seasonal
  std::vector<double> season;        // multiplicative index of each observation (empty: none)
  std::vector<double> last_season;   // the last m indices, oldest first: the forecast's
  EtsFit ses;                        // ETS(A,N,N) on the adjusted series
  double drift = 0;                  // half the least-squares slope of the adjusted series
  std::vector<double> fitted;        // one-step SES forecasts, reseasonalised (as R's, without drift)
  // The test found a season that the multiplicative decomposition cannot take (a value at or
  // below zero, or an index under 1e-4, where R's thetaf() warns and goes on without one): the
  // fit is without a season the series has.
  bool season_dropped = false;
};

// thetaf()'s test for a season; y without missing values.
bool theta_seasonal_test(const std::vector<double>& y, int m);

// Fits the Theta model. `alpha` and `l0` given (not NaN) are used as they are; the others estimated.
ThetaFit theta_fit(const std::vector<double>& y, int m, double alpha = kNotGiven, double l0 = kNotGiven);

std::vector<double> theta_point_forecast(const ThetaFit& fit, int h);
std::vector<double> theta_sd(const ThetaFit& fit, int h);  // forecast standard deviations, h = 1..

}  // namespace nestegg
