// SPDX-License-Identifier: MIT
#include "monte_carlo.hpp"

#include <algorithm>
#include <cmath>

#include "annuity.hpp"
#include "basic_math.hpp"
#include "stats.hpp"
#include "step_percentiles.hpp"
#include "random.hpp"

namespace nestegg {

SimulationResult simulate_goal(const SimulationInput& in) {
  SimulationResult out;
  const size_t paths = size_t(in.paths);
  const double s = in.annual_volatility / std::sqrt(12.0);
  const double mu = log1p_basic(in.annual_return / 12) - 0.5 * s * s;
  const double r = in.annual_return / 12;
  Rng rng(in.seed);

  std::vector<double> balance(paths, in.current);
  std::vector<int32_t> first_hit(paths, in.current >= in.target ? 0 : -1);
  size_t reached = in.current >= in.target ? paths : 0;
  StepPercentiles monthly(in.percentiles);
  if (in.include_bands) out.bands.reserve(size_t(in.months));

  const double mean_growth = exp_basic(mu);  // the growth when s == 0 (no draws at all)
  double typical = in.current;              // the path of mean_growth: where the bands sit
  for (int64_t m = 1; m <= in.months; ++m) {
    if (s > 0)
      for (double& b : balance) b = b * exp_basic(mu + s * rng.normal()) + in.contribution;
    else  // every path the closed form (annuity.hpp), as expected_final_balance: no rounding piled up over months
      std::fill(balance.begin(), balance.end(), future_value(in.current, in.contribution, r, double(m)));
    for (size_t p = 0; p < paths; ++p)
      if (first_hit[p] < 0 && balance[p] >= in.target) {
        first_hit[p] = int32_t(m);
        ++reached;
      }
    if (in.include_bands) {
      typical = typical * mean_growth + in.contribution;
      out.bands.push_back({m, monthly.next(balance, typical), double(reached) / double(paths)});
    }
  }

  size_t success = 0;
  double sum = 0;
  for (double b : balance) {
    success += b >= in.target;
    sum += b;
  }
  out.probability_of_success = double(success) / double(paths);
  out.probability_reached_anytime = double(reached) / double(paths);
  out.mean_final_balance = sum / double(paths);
  out.expected_final_balance = future_value(in.current, in.contribution, r, double(in.months));
  std::vector<double> scratch = balance;
  out.final_percentiles = percentiles_in_place(scratch, in.percentiles);

  std::vector<double> hits;
  for (int32_t h : first_hit) {
    if (h >= 0) hits.push_back(double(h));
  }
  if (!hits.empty()) out.months_to_target_percentiles = percentiles_in_place(hits, in.percentiles);
  return out;
}

}  // namespace nestegg
