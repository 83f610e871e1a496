// SPDX-License-Identifier: MIT
#include "trends.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "money.hpp"
#include "stable_order.hpp"

namespace nestegg {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kPeriod = 12;

std::optional<double> present(double v) { return std::isnan(v) ? std::nullopt : std::optional<double>(v); }

// A change from `base` to `now`; relative only against a positive base (a change from nothing, or
// from a refund-heavy negative month, has no meaningful fraction).
std::optional<Change> change_between(double base, double now) {
  if (std::isnan(base) || std::isnan(now)) return std::nullopt;
  Change c;
  c.amount = now - base;
  if (base > 0) c.fraction = c.amount / base;
  return c;
}

// Mean of the values present in each trailing window of `window` months; NaN until the first
// window is full and where a window holds no value at all (a gap is skipped, not read as 0).
std::vector<double> rolling_mean(const std::vector<double>& y, size_t window) {
  std::vector<double> out(y.size(), kNaN);
  for (size_t t = window - 1; t < y.size(); ++t) {
    double sum = 0;
    size_t count = 0;
    for (size_t k = t + 1 - window; k <= t; ++k)
      if (!std::isnan(y[k])) sum += y[k], ++count;
    if (count > 0) out[t] = sum / double(count);
  }
  return out;
}

std::optional<SlopeTrend> slope_trend(const std::vector<double>& y, const std::vector<double>& levels) {
  size_t count = 0;
  for (double v : y) count += std::isnan(v) ? 0 : 1;
  if (count < 3) return std::nullopt;
  std::vector<double> x(y.size());
  for (size_t t = 0; t < x.size(); ++t) x[t] = double(t);
  std::optional<TheilSen> fit = theil_sen(x, y, levels);
  if (!fit) return std::nullopt;
  SlopeTrend s;
  s.fit = std::move(*fit);
  // The most demanding level decides: [80, 95] calls a rise real only when the 95 % interval
  // lies above zero.
  const auto widest = std::max_element(s.fit.intervals.begin(), s.fit.intervals.end(),
                                       [](const SlopeInterval& a, const SlopeInterval& b) { return a.level < b.level; });
  s.decided_at = widest->level;
  if (widest->lower && *widest->lower > 0) s.direction = Direction::rising;
  else if (widest->upper && *widest->upper < 0) s.direction = Direction::falling;
  return s;
}

// Seasonal adjustment by the classical additive decomposition (period 12): a centred 2x12 moving
// average estimates the level, each calendar month's seasonal effect is the mean of its detrended
// values, centred to sum to zero, and the adjusted series is y - s. Chosen over seasonal
// differences (this year's month against last year's) because those answer a different
// question, the year-over-year change, which is already reported; the decomposition keeps the
// question month-over-month and takes out only the part a calendar month always brings (December
// against November). Additive rather than multiplicative: it stays defined with zero months and
// states the seasonal part in money. It needs 24 months, so that every calendar month has at
// least one detrended value; a pure seasonal pattern repeated exactly gives a constant moving
// average and so an adjusted change of exactly 0. Windows with a missing month are skipped; a
// calendar month left with no value leaves the adjustment undefined.
std::optional<SeasonalChange> seasonal_change(const std::vector<double>& y) {
  const size_t n = y.size();
  if (n < kSeasonalMinMonths || std::isnan(y[n - 1]) || std::isnan(y[n - 2])) return std::nullopt;
  double sum[kPeriod] = {}, count[kPeriod] = {};
  for (size_t t = kPeriod / 2; t + kPeriod / 2 < n; ++t) {
    double ma = 0.5 * (y[t - 6] + y[t + 6]);
    for (size_t k = t - 5; k <= t + 5; ++k) ma += y[k];
    if (std::isnan(ma) || std::isnan(y[t])) continue;
    sum[t % kPeriod] += y[t] - ma / double(kPeriod);
    count[t % kPeriod] += 1;
  }
  double s[kPeriod], mean = 0;
  for (size_t p = 0; p < kPeriod; ++p) {
    if (count[p] == 0) return std::nullopt;
    s[p] = sum[p] / count[p];
    mean += s[p] / double(kPeriod);
  }
  for (double& v : s) v -= mean;
  const double last = y[n - 1] - s[(n - 1) % kPeriod], previous = y[n - 2] - s[(n - 2) % kPeriod];
  SeasonalChange c;
  c.change = last - previous;
  c.seasonal = s[(n - 1) % kPeriod] - s[(n - 2) % kPeriod];
  if (previous > 0) c.fraction = c.change / previous;
  return c;
}

// Month by month sum over the months every category covers (the shortest series, aligned at the
// end); a month where any category is missing is missing in the total.
std::vector<double> common_total(const std::vector<MonthlySeries>& categories) {
  size_t span = std::numeric_limits<size_t>::max();
  for (const MonthlySeries& c : categories) span = std::min(span, c.values.size());
  if (categories.empty()) span = 0;
  std::vector<double> total(span, 0.0);
  for (const MonthlySeries& c : categories) {
    const size_t offset = c.values.size() - span;
    for (size_t j = 0; j < span; ++j) total[j] += c.values[offset + j];  // NaN stays NaN
  }
  return total;
}

}  // namespace

const char* direction_name(Direction d) {
  return d == Direction::rising ? "rising" : d == Direction::falling ? "falling" : "flat";
}

CategoryTrend analyse_series(const std::string& name, const std::vector<double>& y, const TrendsInput& in) {
  CategoryTrend c;
  c.name = name;
  c.months = y.size();
  if (y.empty()) return c;
  const size_t n = y.size();
  c.last = present(y[n - 1]);
  if (n >= 2) c.month_over_month = change_between(y[n - 2], y[n - 1]);
  if (n >= 13) c.year_over_year = change_between(y[n - 13], y[n - 1]);
  c.rolling_mean = rolling_mean(y, size_t(in.window));
  c.slope = slope_trend(y, in.levels);
  c.seasonally_adjusted = seasonal_change(y);
  return c;
}

TrendsResult analyse_trends(const TrendsInput& in) {
  TrendsResult r;
  for (const MonthlySeries& s : in.categories) r.categories.push_back(analyse_series(s.name, s.values, in));
  r.total = analyse_series("total", common_total(in.categories), in);
  for (const CategoryTrend& c : r.categories)
    if (c.month_over_month && to_cents(c.month_over_month->amount) != 0) r.top_movers.push_back({c.name, *c.month_over_month});
  sort_stably(r.top_movers, [](const Mover& a, const Mover& b) {  // by the changes shown, to the cent
    const double x = std::fabs(to_cents(a.change.amount)), y = std::fabs(to_cents(b.change.amount));
    return x != y ? x > y : a.name < b.name;
  });
  if (r.top_movers.size() > in.top) r.top_movers.resize(in.top);
  return r;
}

}  // namespace nestegg
