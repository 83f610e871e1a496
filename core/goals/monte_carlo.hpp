// SPDX-License-Identifier: MIT
// Probability of reaching a goal when returns are uncertain.
//
// Each path compounds the balance month by month with a lognormal gross return
//   G = exp(mu + s Z),  s = annual_volatility / sqrt(12),  mu = log1p(annual_return / 12) - s^2 / 2,
// so E[G] = 1 + annual_return / 12: the mean path is exactly the deterministic plan, and with zero
// volatility every path is that plan. Contributions are paid at each month's end, as in the planner.
// Paths are simulated month-major (all paths advance one month together), which keeps memory at
// O(paths) however long the horizon, and lets percentiles be taken month by month.
#pragma once
#include <cstdint>
#include <vector>

#include "civil_date.hpp"

namespace nestegg {

struct SimulationInput {
  double target = 0;
  double current = 0;
  double contribution = 0;
  double annual_return = 0;
  double annual_volatility = 0;
  int64_t months = 0;
  int64_t paths = 10000;
  uint64_t seed = 42;
  std::vector<double> percentiles{10, 50, 90};  // 0..100, numpy's default linear interpolation
  bool include_bands = true;
};

struct MonthBand {
  int64_t month = 0;
  std::vector<double> values;  // one per requested percentile
  double probability_reached = 0;  // share of paths that have touched the target by this month
};

struct SimulationResult {
  double probability_of_success = 0;  // share of paths at or above target at the final month
  double probability_reached_anytime = 0;
  double mean_final_balance = 0;
  double expected_final_balance = 0;  // closed form E[balance]: the deterministic plan
  std::vector<double> final_percentiles;
  std::vector<double> months_to_target_percentiles;  // over paths that reached; empty if none did
  std::vector<MonthBand> bands;
};

SimulationResult simulate_goal(const SimulationInput& in);

}  // namespace nestegg
