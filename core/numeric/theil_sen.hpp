// SPDX-License-Identifier: MIT
// The Theil-Sen slope (the median of all pairwise slopes) with Sen's (1968) distribution-free
// confidence interval, and the Mann-Kendall test it inverts. Robust to outliers (29 % breakdown)
// and free of any assumption on the noise's distribution; it does assume independent errors, so
// strongly autocorrelated noise makes the interval too narrow.
//
// The interval: Kendall's S = sum over pairs of sign(y_j - y_i) has, with no trend, mean 0 and
//   var S = [n(n-1)(2n+5) - sum_t t(t-1)(2t+5)] / 18      (t: sizes of groups of tied y values)
// (x values are month indices, never tied). With N pairwise slopes sorted ascending and
// C = z_{(1+level)/2} sqrt(var S), the bounds are the slopes of 1-based rank round((N - C)/2) and
// round((N + C)/2) + 1 (Sen 1968 eq. 2.6; the rounding is scipy.stats.theilslopes'). This is the
// normal approximation to S's distribution, not its exact table: for n >= 10 the two agree to a
// rank; below that the interval is approximate. A bound whose rank falls off the sorted slopes
// (too few points for the level) is reported as absent: the data cannot bound the slope there.
//
// Cost: all n(n-1)/2 pairs are formed, O(n^2) memory and time (720 000 slopes, 5.8 MB, for the
// 1 200-month maximum); the order statistics are taken by selection, not by a full sort.
#pragma once
#include <optional>
#include <vector>

namespace nestegg {

struct SlopeInterval {
  double level = 0;              // percent, as asked
  std::optional<double> lower;   // nullopt: unbounded at this level (too few points)
  std::optional<double> upper;
};

struct TheilSen {
  double slope = 0;      // median pairwise slope, per unit of x
  double intercept = 0;  // median of y - slope * x
  size_t points = 0;     // the (x, y) pairs used
  size_t pairs = 0;      // N = points (points - 1) / 2
  double kendall_s = 0;  // S
  double var_s = 0;      // var S under no trend, with the ties correction
  double p_value = 1;    // two-sided Mann-Kendall, normal approximation with continuity correction
  std::vector<SlopeInterval> intervals;  // one per level asked
};

// Slope of y on x over the pairs where y is not NaN; x strictly increasing. Needs at least two
// points (returns nullopt with fewer). `levels` in percent, each in (0, 100).
std::optional<TheilSen> theil_sen(const std::vector<double>& x, const std::vector<double>& y,
                                  const std::vector<double>& levels);

}  // namespace nestegg
