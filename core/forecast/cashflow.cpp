// SPDX-License-Identifier: MIT
#include "cashflow.hpp"

#include <algorithm>
#include <cmath>

#include "error.hpp"
#include "ets.hpp"
#include "format_text.hpp"
#include "step_percentiles.hpp"

namespace nestegg {

namespace {

Date on_day(int year, int month, int day) { return {year, month, std::min(day, days_in_month(year, month))}; }

// Spending paths (paths x months) for one category: ETS simulation, floored at zero. A history
// too short or flat for a model repeats its mean.
std::vector<double> spending_paths(const SpendingHistory& h, const CashflowInput& in, int months,
                                   uint64_t seed, CategoryProjection& proj, std::vector<std::string>& warnings) {
  std::vector<double> observed;
  for (double v : h.monthly)
    if (!std::isnan(v)) observed.push_back(v);
  double mean = 0;
  for (double v : observed) mean += v / double(observed.size());
  const auto [lo, hi] = std::minmax_element(observed.begin(), observed.end());
  proj.category = h.category;
  if (observed.size() >= 4 && *lo != *hi) {
    const int m = int(h.monthly.size()) >= 2 * in.period ? in.period : 1;
    const EtsFit fit = ets_auto(h.monthly, m);
    if (std::isfinite(fit.aicc)) {
      proj.model = ets_name(fit.spec);
      std::vector<double> out = ets_simulate(fit, months, in.paths, seed);
      proj.forecast.assign(size_t(months), 0.0);
      for (size_t i = 0; i < out.size(); ++i) {
        out[i] = std::max(out[i], 0.0);
        proj.forecast[i % size_t(months)] += out[i] / in.paths;
      }
      return out;
    }
  }
  const char* const why = observed.size() < 4 ? "fewer than 4 months of history, its mean is used with no uncertainty"
                          : *lo == *hi ? "every month of its history is the same, that amount is used with no uncertainty"
                                       : "no model fits its history, its mean is used with no uncertainty";
  warnings.push_back(format_text("%.*s: %s", int(h.category.size()), h.category.data(), why));
  proj.model = "mean";
  proj.forecast.assign(size_t(months), mean);
  return std::vector<double>(size_t(in.paths) * size_t(months), mean);
}

}  // namespace

std::vector<Date> occurrences(const Recurring& r, const Date& from, const Date& to) {
  std::vector<Date> out;
  const Date last = r.end && *r.end < to ? *r.end : civil_from_days(days_from_civil(to) - 1);
  auto keep = [&](const Date& d) {
    if (!(d < from) && d <= last && !(d < r.first)) out.push_back(d);
  };
  if (r.cadence == Cadence::weekly || r.cadence == Cadence::biweekly) {
    const int64_t step = r.cadence == Cadence::weekly ? 7 : 14;
    int64_t d = days_from_civil(r.first);
    const int64_t lo = days_from_civil(from), hi = days_from_civil(last);
    if (d < lo) d += (lo - d + step - 1) / step * step;  // first occurrence on or after `from`
    for (; d <= hi; d += step) keep(civil_from_days(d));
  } else if (r.cadence == Cadence::monthly) {
    for (std::optional<Date> m = Date{from.year, from.month, 1}; m && *m <= last; m = add_months(*m, 1)) {
      keep(on_day(m->year, m->month, r.day));  // ends at `last`, or at 9999-12 where no month follows
    }
  } else {
    for (int y = from.year; y <= last.year; ++y) keep(on_day(y, r.first.month, r.first.day));
  }
  return out;
}

CashflowResult project_cashflow(const CashflowInput& in) {
  CashflowResult res;
  const std::optional<Date> end_date = span_end(in.start, in.months);  // exclusive
  if (!end_date) fail(code::out_of_range, "start_date", "start_date plus months runs past the year 9999");
  const Date end = *end_date;
  const int64_t day0 = days_from_civil(in.start), n_days = days_from_civil(end) - day0;
  // Calendar months touched, and for each day its month and the share of that month's spending.
  std::vector<int> month_of(static_cast<size_t>(n_days));
  std::vector<double> share(static_cast<size_t>(n_days));
  for (int64_t i = 0; i < n_days; ++i) {
    const Date d = civil_from_days(day0 + i);
    if (res.months.empty() || res.months.back().month != d.month || res.months.back().year != d.year)
      res.months.push_back({d.year, d.month, 1});
    month_of[size_t(i)] = int(res.months.size()) - 1;
    share[size_t(i)] = 1.0 / days_in_month(d.year, d.month);
    res.days.push_back(d);
  }
  const size_t n_months = res.months.size();

  // Recurring flows by day; monthly totals for the report.
  std::vector<double> flow(static_cast<size_t>(n_days), 0.0);
  res.month_income.assign(n_months, 0.0);
  res.month_bills.assign(n_months, 0.0);
  auto add = [&](const std::vector<Recurring>& items, double sign, std::vector<double>& totals) {
    for (const Recurring& r : items)
      for (const Date& d : occurrences(r, in.start, end)) {
        const size_t i = size_t(days_from_civil(d) - day0);
        flow[i] += sign * r.amount;
        totals[size_t(month_of[i])] += r.amount;
      }
  };
  add(in.incomes, 1, res.month_income);
  add(in.bills, -1, res.month_bills);

  // Total spending per path and month, summed over categories (categories simulated independently).
  const size_t paths = size_t(in.paths);
  std::vector<double> total(paths * n_months, 0.0);
  for (size_t c = 0; c < in.spending.size(); ++c) {
    CategoryProjection proj;
    const std::vector<double> s =
        spending_paths(in.spending[c], in, int(n_months), in.seed + c * 0x9E3779B97F4A7C15ULL, proj, res.warnings);
    for (size_t i = 0; i < s.size(); ++i) total[i] += s[i];
    res.categories.push_back(std::move(proj));
  }

  // Day by day, every path at once: a day's bands need all paths' balances on that day, and only
  // one day of them is ever held (a path-by-day matrix of 36 months x 20 000 paths would not fit).
  std::vector<double> balance(paths, in.starting_balance), qs;
  for (double level : in.levels) qs.push_back(50 - level / 2), qs.push_back(50 + level / 2);
  qs.push_back(50);
  StepPercentiles daily(qs);
  std::vector<uint8_t> went_below(paths, false);
  res.daily_bands.assign(in.levels.size(), Band{});
  res.month_end_bands.assign(in.levels.size(), Band{});
  res.month_spending.assign(n_months, 0.0);
  res.month_end_expected.assign(n_months, 0.0);
  for (int64_t i = 0; i < n_days; ++i) {
    const size_t k = size_t(month_of[size_t(i)]);
    double sum = 0;
    for (size_t p = 0; p < paths; ++p) {
      const double spend = total[p * n_months + k] * share[size_t(i)];
      balance[p] += flow[size_t(i)] - spend;
      if (balance[p] < in.threshold) went_below[p] = true;
      sum += balance[p];
      res.month_spending[k] += spend / double(paths);
    }
    res.expected.push_back(sum / double(paths));
    const std::vector<double> bounds = daily.next(balance, res.expected.back());  // each level's, then the median
    const bool month_end = i + 1 == n_days || size_t(month_of[size_t(i + 1)]) != k;
    // The expected balance is the paths' mean, which the central band need not hold (paths floored
    // at zero: a history of refunds); each bound is moved to it, as a forecast's are.
    for (size_t l = 0; l < in.levels.size(); ++l) {
      const double lo = std::min(bounds[2 * l], res.expected.back()), hi = std::max(bounds[2 * l + 1], res.expected.back());
      res.daily_bands[l].lower.push_back(lo);
      res.daily_bands[l].upper.push_back(hi);
      if (month_end) {
        res.month_end_bands[l].lower.push_back(lo);
        res.month_end_bands[l].upper.push_back(hi);
      }
    }
    if (month_end) res.month_end_expected[k] = res.expected.back();
    if (!res.first_below && res.expected.back() < in.threshold) res.first_below = res.days[size_t(i)];
    if (!res.first_below_median && bounds.back() < in.threshold)
      res.first_below_median = res.days[size_t(i)];
  }
  size_t below = 0;
  for (bool b : went_below) below += b;
  res.probability_below = double(below) / double(paths);
  return res;
}

}  // namespace nestegg
