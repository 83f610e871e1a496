// SPDX-License-Identifier: MIT
// Starting values for an ETS fit, by forecast::ets's heuristics (initstate / initparam): a classical
// decomposition (or, under three seasons, a trend + first-harmonic regression) for the seasonal
// states, then a least-squares line through the first max(10, 2m) seasonally adjusted values.
// Starting where R starts matters: the likelihood surface has several local optima.
#pragma once
#include <vector>

#include "ets.hpp"

namespace nestegg {

// Initial states in optimiser order: level, [trend], m-1 seasonal states most recent first
// (the last seasonal state is implied: the states sum to 0, or to m when multiplicative).
std::vector<double> ets_initial_states(const std::vector<double>& y, int m, const EtsSpec& spec);

// R's decompose() trend at t: the centred moving average over one season (2 x m when m is even);
// defined for m/2 <= t < n - m/2.
double centred_trend(const std::vector<double>& y, int m, size_t t);

// Classical decomposition's seasonal figure (R's decompose()), one value per position in the cycle
// starting at y[0]: centred 2xm moving average, mean detrended value per position, normalised.
std::vector<double> seasonal_figure(const std::vector<double>& y, int m, bool multiplicative);

}  // namespace nestegg
