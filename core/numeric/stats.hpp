// SPDX-License-Identifier: MIT
// Small descriptive statistics shared by the domains (goal simulation, cash-flow bands,
// forecasting), written once so that every method takes a percentile or fills a gap the same way.
#pragma once
#include <vector>

namespace nestegg {

// numpy.percentile(values, q) with its default linear interpolation, q in [0, 100]; reorders
// `values` (a selection, not a sort). `values` must not be empty.
double percentile_in_place(std::vector<double>& values, double q);

// Several percentiles of the same values, each exactly percentile_in_place's, in the order of `qs`.
// One selection splits the values at the middle requested rank and the others are selected on
// their side of it only, so the bands of a simulation (4 or 5 percentiles of thousands of paths,
// per step or per day) cost about two passes over the values instead of one per percentile.
std::vector<double> percentiles_in_place(std::vector<double>& values, const std::vector<double>& qs);

// Missing values (NaN) filled by straight lines between their neighbours (ends: the nearest
// value); for starting values and tests of seasonality only, never for a likelihood.
std::vector<double> interpolate_missing(const std::vector<double>& y);

}  // namespace nestegg
