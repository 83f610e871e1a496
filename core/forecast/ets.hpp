// SPDX-License-Identifier: MIT
// Exponential smoothing in the innovations state-space form of Hyndman, Koehler, Ord & Snyder
// (2008), "Forecasting with Exponential Smoothing": ETS(error, trend, season) with additive or
// multiplicative error, no / additive / damped trend, no / additive / multiplicative season.
//
// Conventions follow R's forecast::ets so that a model given the same parameters and initial
// states gives the same forecasts: beta and gamma are the error-correction smoothing weights
// (0 < beta < alpha, 0 < gamma < 1 - alpha), the damped trend's h-step multiplier is
// phi + phi^2 + ... + phi^h, and seasonal states are listed most recent first.
// A missing observation (NaN) is forecast and not corrected: the state moves on by its own
// one-step forecast and the likelihood counts only the months that were observed.
#pragma once
#include <string>
#include <vector>

namespace nestegg {

// Longest season handled (as forecast::ets): beyond it a season has too many states to estimate.
inline constexpr int kMaxPeriod = 24;

enum class Component { none, additive, multiplicative };

struct EtsSpec {
  Component error = Component::additive;
  Component trend = Component::none;  // additive only: multiplicative trends are not offered
  Component season = Component::none;
  bool damped = false;
};

std::string ets_name(const EtsSpec& spec);  // "ETS(M,Ad,M)"
// Parses "ANN", "MAdM", "AAdA", ... (the letters R's ets takes); throws NesteggError on `field`.
EtsSpec parse_ets_spec(const std::string& text, const std::string& field);

struct EtsParams {
  double alpha = 0, beta = 0, gamma = 0, phi = 1;
};

// State at one time: level, trend (0 when none) and m seasonal states, most recent first.
struct EtsState {
  double level = 0;
  double trend = 0;
  std::vector<double> season;
};

// The smallest sum of squared errors the likelihood takes: errors within 1e-10 of the forecasts
// (relative ones with a multiplicative error) are rounding, and a series the model reproduces
// exactly (a straight line for Holt, a repeating year for Holt-Winters) is its best fit, not a
// likelihood of minus infinity that no model can be chosen by. `scale2` is the sum of the squared
// forecasts (additive error) or the number of observations (multiplicative).
inline double ets_sse_floor(double scale2) { return 1e-20 * scale2; }

struct EtsFilterResult {
  double lik = 0;  // n log(max(SSE, floor)) (+ 2 sum log|forecast| with multiplicative error): -2 log L + const
  double sse = 0;
  int observed = 0;
  std::vector<double> residuals;  // y - f, or (y - f) / f with multiplicative error; NaN if missing
  std::vector<double> fitted;     // one-step forecasts
  EtsState final_state;
};

// Runs the model through y (oldest first). Returns lik = +inf if a forecast goes non-finite.
// Residuals, fitted values and the final state only with keep_series.
EtsFilterResult ets_filter(const std::vector<double>& y, int m, const EtsSpec& spec, const EtsParams& par,
                           const EtsState& initial, bool keep_series);

// Point forecasts 1..h steps after `state`.
std::vector<double> ets_point_forecast(const EtsSpec& spec, const EtsParams& par, const EtsState& state,
                                       int m, int h);

struct EtsFit {
  EtsSpec spec;
  int m = 1;
  EtsParams par;
  EtsState initial;
  EtsFilterResult filter;
  double loglik = 0, aic = 0, aicc = 0, bic = 0;
  double sigma2 = 0;  // residual variance (relative residuals with multiplicative error)
  int dof = 0;        // what sigma2 divides by: observations less every parameter and free initial state
};

// Which smoothing parameters are fixed by the caller (NaN: estimate). Initial states are fixed
// too when `initial` has a level given (its season must then hold m values).
struct EtsFixed {
  double alpha, beta, gamma, phi;
  const EtsState* initial = nullptr;
};
EtsFixed no_fixed_params();

// What R's ets() checks of the parameters a caller fixes (check.param, bounds "both"): each in its
// usual range (alpha, beta, gamma in [1e-4, 0.9999], beta <= alpha, gamma <= 1 - alpha, phi in
// [0.8, 0.98]) and, when every smoothing parameter of the model is given, inside the admissible
// region. The name of the first one that is not ("alpha", "beta", "gamma", "phi"; the region is
// charged to the last of them), or empty.
std::string inadmissible_ets_parameter(const EtsSpec& spec, const EtsFixed& fixed, int m);

// How the likelihood is maximised. nelder_mead is R's: the same start, simplex and 2000-evaluation
// cap as forecast::ets, hence the same fits (tests hold it to R's). levenberg_marquardt (the
// default) starts from the same point and treats -2 log L as the sum of squares it is
// (ets_jacobian.hpp), with Gauss-Newton steps on the filter's exact Jacobian: tens of steps where
// the simplex takes hundreds to thousands, and on seasonal series mostly a higher likelihood than
// the simplex reaches before its cap. Missing values are stepped over the same way by both.
enum class EtsOptimizer { levenberg_marquardt, nelder_mead };

// Maximum likelihood fit of one model over parameters and initial states, inside R's "both"
// bounds (the usual ranges and the admissible region). Returns aicc = +inf when the model
// cannot be estimated on this series (too few observations for its parameters).
EtsFit ets_fit(const std::vector<double>& y, int m, const EtsSpec& spec, const EtsFixed& fixed,
               EtsOptimizer optimizer = EtsOptimizer::levenberg_marquardt);

// Every admissible model on this series, the one with the smallest AICc. Multiplicative error or
// season only when all observations are positive; season only when m > 1 and n > m; additive
// error never with multiplicative season (infinite forecast variance); never a multiplicative-error
// fit that gives a negative next value more than a 5 % chance (sigma2 above 1/1.645^2: the
// likelihood's degenerate edge, ets_fit.cpp), nor one whose point forecasts ever reach zero.
EtsFit ets_auto(const std::vector<double>& y, int m, EtsOptimizer optimizer = EtsOptimizer::levenberg_marquardt);

// Forecast standard deviations for h = 1..n, analytic (Hyndman et al. 2008, ch. 6) for classes 1
// (all additive) and 2 (multiplicative error, additive trend and season); empty for a
// multiplicative season (class 3), whose intervals the caller simulates.
std::vector<double> ets_analytic_sd(const EtsFit& fit, int h);

// Sample paths from the fitted model (Gaussian innovations with variance sigma2), for interval
// quantiles of the non-linear models. Returns paths * h values, path-major.
std::vector<double> ets_simulate(const EtsFit& fit, int h, int paths, unsigned long long seed);

}  // namespace nestegg
