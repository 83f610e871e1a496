// SPDX-License-Identifier: MIT
#include "allocation.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace nestegg {

Allocation allocate_with_bounds(const std::vector<BoxItem>& items, double total) {
  const size_t n = items.size();
  Allocation r;
  r.x.resize(n);
  r.bound.assign(n, Bound::none);
  double sum_lo = 0, sum_hi = 0;
  for (const BoxItem& it : items) {
    sum_lo += it.lo;
    sum_hi += it.hi;
  }
  if (total < sum_lo || total > sum_hi) {  // the nearest corner: every item on the bound that binds
    r.feasible = false;
    const bool low = total < sum_lo;
    for (size_t i = 0; i < n; ++i) {
      r.x[i] = low ? items[i].lo : items[i].hi;
      r.bound[i] = low ? Bound::lo : Bound::hi;
    }
    return r;
  }

  // Sweep the breakpoints upward. Below the first every item sits on its floor; at (lo - s) / a an
  // item starts to move, at (hi - s) / a it stops on its ceiling. Between two breakpoints the sum
  // is fixed + sum_free (s + lambda a) = c + lambda * slope.
  std::vector<std::pair<double, size_t>> events;  // (lambda, 2 i + (0: leaves lo, 1: reaches hi))
  events.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    const BoxItem& it = items[i];
    events.push_back({(it.lo - it.start) / it.scale, 2 * i});
    if (std::isfinite(it.hi)) events.push_back({(it.hi - it.start) / it.scale, 2 * i + 1});
  }
  std::sort(events.begin(), events.end());
  double c = sum_lo, slope = 0;
  double lambda = events.empty() ? 0 : events.front().first;  // total == sum_lo: every item on its floor
  if (total > sum_lo) {
    for (size_t k = 0; k < events.size(); ++k) {
      const BoxItem& it = items[events[k].second / 2];
      if (events[k].second % 2 == 0) {  // leaves its floor: lo becomes s + lambda a
        c += it.start - it.lo;
        slope += it.scale;
      } else {  // reaches its ceiling: s + lambda a becomes hi
        c += it.hi - it.start;
        slope -= it.scale;
      }
      if (k + 1 < events.size() && events[k + 1].first == events[k].first) continue;  // same kink
      const bool last = k + 1 == events.size();
      const double next = last ? 0 : events[k + 1].first;
      if (slope > 0 && (last || total <= c + next * slope)) {
        lambda = std::max(events[k].first, (total - c) / slope);
        if (!last) lambda = std::min(lambda, next);
        break;
      }
    }
  }
  r.lambda = lambda;
  for (size_t i = 0; i < n; ++i) {
    const BoxItem& it = items[i];
    const double raw = it.start + lambda * it.scale;
    r.x[i] = std::min(std::max(raw, it.lo), it.hi);
    r.bound[i] = raw < it.lo ? Bound::lo : raw > it.hi ? Bound::hi : Bound::none;
  }
  return r;
}

std::vector<int64_t> round_to_total(const std::vector<double>& x, const std::vector<int64_t>& lo,
                                    const std::vector<int64_t>& hi, int64_t total) {
  const size_t n = x.size();
  std::vector<int64_t> out(n);
  std::vector<double> frac(n);
  int64_t remaining = total;
  for (size_t i = 0; i < n; ++i) {
    // The 1e-7 keeps an amount that is whole units up to float noise (12344.99999999) whole.
    const double f = std::floor(x[i] + 1e-7);
    out[i] = std::min(std::max(int64_t(f), lo[i]), hi[i]);
    frac[i] = x[i] - double(out[i]);
    remaining -= out[i];
  }
  // One unit at a time to the largest fractional part (from the smallest when the floors overshot),
  // ties to the earlier item; a unit given makes its part one smaller, so a second round, if ever
  // needed, starts again from the top. The remainder is under n: O(n^2) at worst, no sort.
  const bool up = remaining > 0;
  while (remaining != 0) {
    size_t pick = n;
    for (size_t i = 0; i < n; ++i) {
      const bool room = up ? out[i] < hi[i] : out[i] > lo[i];
      if (room && (pick == n || (up ? frac[i] > frac[pick] : frac[i] < frac[pick]))) pick = i;
    }
    if (pick == n) break;  // only when sum lo <= total <= sum hi does not hold
    const int64_t unit = up ? 1 : -1;
    out[pick] += unit;
    frac[pick] -= double(unit);
    remaining -= unit;
  }
  return out;
}

}  // namespace nestegg
