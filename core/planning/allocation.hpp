// SPDX-License-Identifier: MIT
// The least-disruption allocation behind budget.optimize: move amounts s_i as little as possible
// so that they add to a total, each inside its box:
//
//   minimise  sum_i (x_i - s_i)^2 / a_i   subject to  sum_i x_i = total,  lo_i <= x_i <= hi_i  (a_i > 0)
//
// KKT: x_i = clamp(s_i + lambda * a_i, lo_i, hi_i) for one multiplier lambda, and the sum of the
// clamps is nondecreasing and piecewise linear in lambda, with its kinks where an item reaches a
// bound, (lo_i - s_i) / a_i and (hi_i - s_i) / a_i. Sorting those breakpoints and bisecting over
// them finds the piece where the sum crosses the total; on that piece the free items are known
// and lambda follows in closed form. No iteration, no tolerance: O(n log n) and exact up to one
// rounding per operation.
//
// Then round_to_total turns the solution into whole cents that add to the total exactly (largest
// remainder, ties by position), never leaving a box: the box bounds are whole cents themselves.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

namespace nestegg {

inline constexpr double kNoCeiling = std::numeric_limits<double>::infinity();

struct BoxItem {
  double start = 0;             // s_i, the current amount
  double lo = 0;                // floor
  double hi = kNoCeiling;       // ceiling (lo <= hi)
  double scale = 1;             // a_i > 0: how readily the item moves (its change is lambda * a_i)
};

enum class Bound { none, lo, hi };

struct Allocation {
  bool feasible = true;   // sum lo <= total <= sum hi; otherwise x is the nearest corner (all lo or all hi)
  double lambda = 0;      // the multiplier (meaningful when feasible)
  std::vector<double> x;
  // Which bound holds an item where the unconstrained move would take it past (or keeps it when
  // its start is outside its box); Bound::none for free items.
  std::vector<Bound> bound;
};

Allocation allocate_with_bounds(const std::vector<BoxItem>& items, double total);

// Whole-unit amounts (cents) near x that add to `total` exactly, each in [lo_i, hi_i]: floors of
// x first, then the remaining units one at a time to the largest fractional parts (taken from the
// smallest when the floors overshoot), ties to the earlier item (largest remainder). Needs sum lo <= total <= sum hi;
// hi_i may be INT64_MAX for "no ceiling".
std::vector<int64_t> round_to_total(const std::vector<double>& x, const std::vector<int64_t>& lo,
                                    const std::vector<int64_t>& hi, int64_t total);

}  // namespace nestegg
