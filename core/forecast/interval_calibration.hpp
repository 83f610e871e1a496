// SPDX-License-Identifier: MIT
// Prediction intervals of the combination (methods combination and auto) widened by multipliers
// learned on in-sample hold-outs of the M3 competition's training parts: each series fitted on its
// history less the last h values and its forecasts compared with those h values
// (tests/forecast/m3_calibrate.cpp learns them; README "Accuracy on M3"). The members' own intervals
// assume the model is right and its parameters known; on the hold-outs the mean of the members'
// bounds held 74 % of values at 80 % and 89 % at 95 %, and the shortfall grows with the step.
#pragma once
#include <vector>

namespace nestegg {

// The factor on the half-width (each side's distance from the point forecast) at `level` percent,
// `step` (1-based) steps ahead, for a season of `period`: a + b ln(step), learned at 80 and 95 %,
// linear in the level between them and held beyond them.
double interval_multiplier(int period, int step, double level);

// Moves each bound away from the point forecast by interval_multiplier; lower <= mean <= upper stays.
void widen_intervals(const std::vector<double>& mean, const std::vector<double>& levels, int period,
                     std::vector<std::vector<double>>& lower, std::vector<std::vector<double>>& upper);

}  // namespace nestegg
