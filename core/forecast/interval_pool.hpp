// SPDX-License-Identifier: MIT
// The prediction interval of a combination as the linear opinion pool: the bounds of the equal-weight
// mixture of the members' forecast distributions (Stone 1961; "probability averaging" in Gaba,
// Tsetlin & Winkler, Decision Analysis 14 (2017) 241-260). Averaging the members' bounds instead
// (quantile averaging) ignores how far the members disagree; the mixture widens by that
// disagreement, which is the uncertainty about the model that no single member's interval holds.
// On the 2,002 M3 series the mean of the bounds held 76.8 % / 91.0 % of the held-out values at
// 80 / 95 %, the pool 79.8 % / 93.3 %, and 80.3 % / 93.7 % with the members' bounds read as
// Student's t intervals (series_forecast.cpp's combine; README "Accuracy on M3"); nothing here is
// fitted to them.
#pragma once
#include <utility>
#include <vector>

namespace nestegg {

// One step at one level: members' point forecasts `mean[k]` and bounds `lower[k]`, `upper[k]` at
// `level` percent. Each member's distribution is read off its own bounds: a normal whose spread
// below and above its point forecast is what puts those bounds at the level's quantiles (two
// half-normals when the interval is not symmetric; a point mass when it has no width; the normal
// with those two quantiles when the bounds do not hold the point forecast), its spread then
// multiplied by `widen[k]` (Student's t over the
// normal quantile: series_forecast.cpp). Returns the mixture's (50 - level/2) and
// (50 + level/2) % quantiles, moved out where need be to contain `centre` (the combination's point
// forecast, the members' mean, which a skewed mixture's central interval need not hold), so that
// lower <= point <= upper.
std::pair<double, double> pooled_interval(const std::vector<double>& mean, const std::vector<double>& lower,
                                          const std::vector<double>& upper, const std::vector<double>& widen,
                                          double level, double centre);

}  // namespace nestegg
