// SPDX-License-Identifier: MIT
// The ETS likelihood and its exact gradient by reverse-mode differentiation of the filter: one
// forward pass that keeps each month's intermediates, one backward pass. The gradient costs about
// two likelihood evaluations whatever the number of parameters (17 for a monthly Holt-Winters),
// where finite differences would cost 18 and Nelder-Mead needs hundreds of evaluations.
#pragma once
#include <vector>

#include "ets.hpp"

namespace nestegg {

struct EtsGradient {
  double alpha = 0, beta = 0, gamma = 0, phi = 0;
  double level = 0, trend = 0;
  std::vector<double> season;  // d lik / d initial seasonal state k (most recent first), all m
};

// lik as ets_filter computes it (n log SSE, + 2 sum log|f| with multiplicative error) and its
// gradient. Missing values (NaN) are stepped over as the filter does. Returns +inf if a forecast
// is not finite.
double ets_likelihood_gradient(const std::vector<double>& y, int m, const EtsSpec& spec, const EtsParams& par,
                               const EtsState& initial, EtsGradient& grad);

}  // namespace nestegg
