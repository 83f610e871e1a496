// SPDX-License-Identifier: MIT
#include "step_percentiles.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "stats.hpp"

namespace nestegg {

StepPercentiles::StepPercentiles(std::vector<double> qs) : qs_(std::move(qs)), width_(qs_.size(), 0.0) {}

std::vector<double> StepPercentiles::next(const std::vector<double>& values, double centre, double scale) {
  const size_t k_count = qs_.size();
  if (!std::isfinite(centre)) centre = 0;
  if (!(scale > 0) || !std::isfinite(scale)) scale = 1;
  // Every value alike (paths without any randomness: no spending history, no volatility): each
  // percentile is that value. Brackets would merge into one holding them all and order it once per
  // percentile (2.5-3.6x the full selection's time, a review measured). A finite value only: the
  // interpolation between two infinities is NaN, which the full selection answers.
  if (!values.empty() && std::isfinite(values[0]) &&
      std::all_of(values.begin(), values.end(), [&](double x) { return x == values[0]; })) {
    std::vector<double> out(k_count, values[0]);
    remember(out, centre, scale);
    return out;
  }
  if (seen_ == 0 || k_count > kMaxBrackets) return fallback(values, centre, scale);
  // Each percentile's distance from the centre, in units of the scale, carried forward from its
  // last two steps: a step that moves or stretches every value alike (a payday, a seasonal peak)
  // is then no surprise.
  Brackets predicted;
  std::vector<double> out(k_count);
  for (size_t j = 0; j < k_count; ++j) predicted[j] = seen_ >= 2 ? 2 * prev_[j] - prev2_[j] : prev_[j];
  // A step that misses (a month's first day, a jump) tries once more with the missed brackets
  // eight times as wide: another pass costs less than the full selection.
  std::array<bool, kMaxBrackets> missed{};
  bool hit = bracketed(values, centre, scale, predicted, out, missed);
  if (!hit) {
    for (size_t j = 0; j < k_count; ++j)
      if (missed[j]) width_[j] *= 8;
    hit = bracketed(values, centre, scale, predicted, out, missed);
  }
  if (!hit) return fallback(values, centre, scale);
  // Shrink slowly: one lucky step must not leave the next a bracket too narrow to hit.
  for (size_t j = 0; j < k_count; ++j) {
    const double z = (out[j] - centre) / scale;
    width_[j] = std::max(std::max(3 * std::fabs(z - predicted[j]), 0.7 * width_[j]), 1e-9 * std::fabs(z) + 1e-6);
  }
  remember(out, centre, scale);
  return out;
}

// One pass with a bracket of +-width_ around each prediction; false, with `missed` marked, when a
// bracket does not hold its ranks (or the values hold a NaN, which no bracket places).
bool StepPercentiles::bracketed(const std::vector<double>& values, double centre, double scale,
                                const Brackets& predicted, std::vector<double>& out,
                                std::array<bool, kMaxBrackets>& missed) {
  const size_t n = values.size(), k_count = qs_.size();
  std::array<double, kMaxBrackets> lo, hi;
  std::array<size_t, kMaxBrackets> order, bracket_of;
  for (size_t j = 0; j < k_count; ++j) {
    lo[j] = centre + scale * (predicted[j] - width_[j]);
    hi[j] = centre + scale * (predicted[j] + width_[j]);
    if (!(lo[j] <= hi[j])) return false;  // a NaN or an infinity got in: the full selection
    order[j] = j;
  }
  // Overlapping brackets merged into disjoint ones, ascending: then one pass places each value by
  // counting the bounds at or below it, without a branch to mispredict.
  for (size_t i = 1; i < k_count; ++i)  // a handful: insertion
    for (size_t j = i; j > 0 && lo[order[j]] < lo[order[j - 1]]; --j) std::swap(order[j], order[j - 1]);
  std::array<double, kMaxBrackets> from, to;
  size_t count = 0;
  for (size_t i = 0; i < k_count; ++i) {
    const size_t j = order[i];
    if (count > 0 && lo[j] <= to[count - 1]) {
      to[count - 1] = std::max(to[count - 1], hi[j]);
    } else {
      from[count] = lo[j], to[count] = hi[j];
      ++count;
    }
    bracket_of[j] = count - 1;
  }
  // Region 2b is below bracket b (and above b - 1), region 2b + 1 inside it.
  std::array<size_t, 2 * kMaxBrackets + 1> in_region{};
  inside_.resize(std::max(inside_.size(), count));
  for (size_t b = 0; b < count; ++b) inside_[b].clear();
  size_t not_a_number = 0;  // a NaN compares false with every bound and would count as below all
  for (const double x : values) {
    size_t r = 0;
    for (size_t b = 0; b < count; ++b) r += size_t(x >= from[b]) + size_t(x > to[b]);
    ++in_region[r];
    not_a_number += size_t(x != x);
    if (r & 1) inside_[r >> 1].push_back(x);
  }
  if (not_a_number > 0) return false;  // the full selection, whatever it makes of a NaN
  std::array<size_t, kMaxBrackets> below;
  size_t placed = 0;
  for (size_t b = 0; b < count; ++b) {
    placed += in_region[2 * b];
    below[b] = placed;
    placed += in_region[2 * b + 1];
  }
  bool all = true;
  for (size_t j = 0; j < k_count; ++j) {
    const size_t k = size_t(std::floor(qs_[j] / 100.0 * double(n - 1))), need_last = std::min(k + 1, n - 1);
    const size_t first = below[bracket_of[j]];
    missed[j] = first > k || first + inside_[bracket_of[j]].size() <= need_last;
    all = all && !missed[j];
  }
  if (!all) return false;
  // Within a bracket its percentiles in increasing rank, each selected among the values above the
  // last one selected: brackets that merged (close percentiles, a narrow spread) order their
  // values about once, not once per percentile.
  for (size_t i = 0; i < k_count; ++i) order[i] = i;
  auto before = [&](size_t x, size_t y) { return bracket_of[x] != bracket_of[y] ? bracket_of[x] < bracket_of[y] : qs_[x] < qs_[y]; };
  for (size_t i = 1; i < k_count; ++i)
    for (size_t j = i; j > 0 && before(order[j], order[j - 1]); --j) std::swap(order[j], order[j - 1]);
  size_t selected = 0, bracket = kMaxBrackets;  // in the current bracket, [0, selected) are in place
  for (size_t i = 0; i < k_count; ++i) {
    const size_t j = order[i];
    if (bracket_of[j] != bracket) bracket = bracket_of[j], selected = 0;
    std::vector<double>& in = inside_[bracket];
    const double pos = qs_[j] / 100.0 * double(n - 1);
    const size_t k = size_t(std::floor(pos)), need_last = std::min(k + 1, n - 1);
    const size_t a = k - below[bracket];
    if (a >= selected) std::nth_element(in.begin() + std::ptrdiff_t(selected), in.begin() + std::ptrdiff_t(a), in.end());
    selected = a + 1;
    const double va = in[a];
    const double vb = need_last == k ? va : *std::min_element(in.begin() + std::ptrdiff_t(a + 1), in.end());
    out[j] = va + (pos - double(k)) * (vb - va);
  }
  return true;
}

// A full selection on a copy (the first step, or a bracket that missed), and wider brackets.
std::vector<double> StepPercentiles::fallback(const std::vector<double>& values, double centre, double scale) {
  scratch_ = values;
  std::vector<double> out = percentiles_in_place(scratch_, qs_);
  for (size_t j = 0; j < qs_.size(); ++j)
    width_[j] = std::max(4 * width_[j], 0.01 * std::fabs((out[j] - centre) / scale) + 1e-6);
  remember(out, centre, scale);
  return out;
}

// Each percentile as its distance from the centre in units of the scale.
void StepPercentiles::remember(const std::vector<double>& out, double centre, double scale) {
  prev2_.swap(prev_);
  prev_.resize(out.size());
  for (size_t j = 0; j < out.size(); ++j) prev_[j] = (out[j] - centre) / scale;
  ++seen_;
}

}  // namespace nestegg
