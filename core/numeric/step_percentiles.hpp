// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace nestegg {

// The same percentiles of a sequence of samples that move little from one step to the next: the
// months of a goal simulation, the days of a cash-flow projection, the steps of simulated forecast
// paths. Each percentile is predicted from its last two steps; one pass over the values counts
// those below a narrow bracket around each prediction and collects those inside it, and only that
// handful is ordered. A bracket that misses its ranks gets one more pass eight times as wide, then
// the step goes to percentiles_in_place on a copy and the brackets widen; values all alike are
// answered at once. Either way every answer is percentiles_in_place's, to the bit: the predictions
// decide only how much is ordered. `values` are left as they are; at least one.
class StepPercentiles {
 public:
  explicit StepPercentiles(std::vector<double> qs);
  // This step's percentiles, in the order of qs. `centre` and `scale` say where this step's values
  // sit and how far they spread (a mean and 1; a forecast and its size), so that a step moving or
  // stretching them all alike is foreseen: each percentile is predicted as centre + scale z, with
  // z carried forward from its last steps.
  std::vector<double> next(const std::vector<double>& values, double centre = 0, double scale = 1);

 private:
  static constexpr std::size_t kMaxBrackets = 16;  // more percentiles than this: a full selection every step
  using Brackets = std::array<double, kMaxBrackets>;
  bool bracketed(const std::vector<double>& values, double centre, double scale, const Brackets& predicted,
                 std::vector<double>& out, std::array<bool, kMaxBrackets>& missed);
  std::vector<double> fallback(const std::vector<double>& values, double centre, double scale);
  void remember(const std::vector<double>& out, double centre, double scale);

  std::vector<double> qs_, prev_, prev2_, width_, scratch_;  // prev_, prev2_ and width_ as z
  std::vector<std::vector<double>> inside_;                   // kept across steps: capacity reused
  int64_t seen_ = 0;                                          // steps remembered
};

}  // namespace nestegg
