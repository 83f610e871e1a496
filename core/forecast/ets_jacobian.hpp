// SPDX-License-Identifier: MIT
// Gauss-Newton's normal equations for the ETS likelihood, by forward-mode differentiation of the
// filter. -2 log L is, up to a constant, n log(sum r_t^2) with r_t = e_t (additive error) or
// r_t = e_t * G where G is the geometric mean of |f_t| (multiplicative error: n log SSE +
// 2 sum log|f_t| = n log sum (e_t G)^2), so maximising the likelihood is least squares in r and
// Levenberg-Marquardt applies to every ETS model.
#pragma once
#include <vector>

#include "ets.hpp"

namespace nestegg {

// How each optimiser coordinate moves the model's inputs: smoothing parameters (alpha, beta,
// gamma, phi), initial level, trend and the m seasonal states (most recent first).
struct EtsDirection {
  double alpha = 0, beta = 0, gamma = 0, phi = 0, level = 0, trend = 0;
  std::vector<double> season;  // m values, or empty for none
};

struct EtsNormalEquations {
  double lik = 0;  // as ets_filter's
  // J'J (p x p, row-major) and J'r, both divided by G^2: a common factor does not change the step.
  std::vector<double> jtj, jtr;
  std::vector<double> work;  // scratch, kept between calls: the optimiser calls this dozens of times
};

// False when a forecast is not finite (or not positive with multiplicative error, as ets_filter).
bool ets_normal_equations(const std::vector<double>& y, int m, const EtsSpec& spec, const EtsParams& par,
                          const EtsState& initial, const std::vector<EtsDirection>& directions,
                          EtsNormalEquations& out);

}  // namespace nestegg
