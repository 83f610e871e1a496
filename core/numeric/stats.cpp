// SPDX-License-Identifier: MIT
#include "stats.hpp"

#include <algorithm>
#include <cmath>

namespace nestegg {

namespace {

// Percentiles [first, last) of `qs`, whose ranks all lie in v[begin, end). Everything before
// `begin` is <= and everything from `end` on is >= the values inside, and v[end] (when end < size)
// is already the end-th smallest: so the value just above a selected rank is the smallest of
// v[rank + 1, end], without looking further.
void select_ranks(std::vector<double>& v, size_t begin, size_t end, const std::vector<double>& qs, size_t first,
                  size_t last, std::vector<double>& out) {
  if (first >= last) return;
  const size_t n = v.size();
  auto position = [&](size_t k) { return qs[k] / 100.0 * double(n - 1); };
  auto rank = [&](size_t k) { return size_t(std::floor(position(k))); };
  // The rank nearest the range's middle splits the work most evenly: interval bounds cluster in
  // the tails (2.5, 5, 10 / 90, 95, 97.5 %), where the middle one of the list would leave a side
  // almost as long as the range to select in again (about 30 % more element visits).
  const double centre = 0.5 * double(begin + end);
  size_t mid = first;
  for (size_t k = first + 1; k < last; ++k)
    if (std::fabs(double(rank(k)) - centre) < std::fabs(double(rank(mid)) - centre)) mid = k;
  const size_t lo = rank(mid);
  std::nth_element(v.begin() + std::ptrdiff_t(begin), v.begin() + std::ptrdiff_t(lo), v.begin() + std::ptrdiff_t(end));
  const double a = v[lo];
  const double b = lo + 1 >= n ? a : *std::min_element(v.begin() + std::ptrdiff_t(lo + 1), v.begin() + std::ptrdiff_t(std::min(end + 1, n)));
  // This rank's percentiles (several q can share it), then each side's within its own part.
  size_t left = mid, right = mid + 1;
  while (left > first && rank(left - 1) == lo) --left;
  while (right < last && rank(right) == lo) ++right;
  for (size_t k = left; k < right; ++k) out[k] = lo + 1 >= n ? a : a + (position(k) - double(lo)) * (b - a);
  select_ranks(v, begin, lo, qs, first, left, out);
  select_ranks(v, lo + 1, end, qs, right, last, out);
}

}  // namespace

std::vector<double> percentiles_in_place(std::vector<double>& values, const std::vector<double>& qs) {
  std::vector<double> sorted = qs, at_sorted(qs.size()), out(qs.size());
  for (size_t i = 1; i < sorted.size(); ++i)  // a handful: insertion, not std::sort's code in the .wasm
    for (size_t j = i; j > 0 && sorted[j] < sorted[j - 1]; --j) std::swap(sorted[j], sorted[j - 1]);
  select_ranks(values, 0, values.size(), sorted, 0, sorted.size(), at_sorted);
  for (size_t k = 0; k < qs.size(); ++k)
    out[k] = at_sorted[size_t(std::lower_bound(sorted.begin(), sorted.end(), qs[k]) - sorted.begin())];
  return out;
}

// One percentile: select_ranks' work for a single rank, without the vectors a list needs (the
// nudges take a median and a MAD per subject, up to max_nudge_evaluations of them a call).
double percentile_in_place(std::vector<double>& v, double q) {
  const double pos = q / 100.0 * double(v.size() - 1);
  const size_t lo = size_t(std::floor(pos));
  std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(lo), v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + std::ptrdiff_t(lo + 1), v.end());
  return a + (pos - double(lo)) * (b - a);
}

std::vector<double> interpolate_missing(const std::vector<double>& y) {
  std::vector<double> out = y;
  const size_t n = y.size();
  size_t prev = n;  // index of the last observed value
  for (size_t i = 0; i < n; ++i) {
    if (std::isnan(y[i])) continue;
    if (prev == n) {
      for (size_t j = 0; j < i; ++j) out[j] = y[i];
    } else {
      for (size_t j = prev + 1; j < i; ++j)
        out[j] = y[prev] + (y[i] - y[prev]) * double(j - prev) / double(i - prev);
    }
    prev = i;
  }
  if (prev != n)
    for (size_t j = prev + 1; j < n; ++j) out[j] = y[prev];
  return out;
}

}  // namespace nestegg
