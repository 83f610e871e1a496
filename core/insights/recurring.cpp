// SPDX-License-Identifier: MIT
#include "recurring.hpp"
#include "recurring_kind.hpp"

#include <algorithm>
#include <cmath>

#include "money.hpp"
#include "stable_order.hpp"

namespace nestegg {

namespace {

struct PeriodRule {
  Period period;
  double days;        // mean length
  double tolerance;   // days either side for one period
  int max_k;          // longest gap, in periods, still read as skipped charges
  int months;         // calendar months per period (0: a fixed number of days)
  size_t min_charges;
  double per_year;
};

constexpr PeriodRule kRules[] = {
    {Period::weekly, 7, 1, 4, 0, 4, 52},          {Period::biweekly, 14, 2, 4, 0, 4, 26},
    {Period::monthly, 30.4375, 4, 3, 1, 3, 12},   {Period::quarterly, 91.3125, 7, 2, 3, 3, 4},
    {Period::annual, 365.25, 14, 1, 12, 2, 1},
};

double tolerance_at(const PeriodRule& r, int64_t k) { return r.tolerance * (1 + 0.5 * double(k - 1)); }

// Periods in whole counts for a gap that fits the rule, 0 when it does not.
int64_t periods_in(const PeriodRule& r, int64_t gap) {
  const int64_t k = std::llround(double(gap) / r.days);
  if (k < 1 || k > r.max_k) return 0;
  return std::fabs(double(gap) - double(k) * r.days) <= tolerance_at(r, k) ? k : 0;
}

double median_of(std::vector<double> v) {
  const size_t m = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + long(m), v.end());
  if (v.size() % 2) return v[m];
  const double hi = v[m];
  return (*std::max_element(v.begin(), v.begin() + long(m)) + hi) / 2;
}

double amount_tolerance(double reference) { return std::max(0.02 * std::fabs(reference), 0.05); }

struct Segments {
  std::vector<size_t> starts;  // first charge of each price
  std::vector<double> levels;  // median amount of each
  size_t odd = 0;              // charges off their segment's price, not followed by another at theirs
};

// Splits a series of positive amounts at its lasting price changes (recurring.hpp: amounts). A
// segment's reference price is the median of its first (up to) five charges: steady against a
// jittered first charge, and O(1) per charge however long the series.
Segments price_segments(const std::vector<double>& a) {
  Segments s;
  s.starts.push_back(0);
  std::vector<uint8_t> odd(a.size(), false);
  std::vector<double> first{a[0]};  // the current segment's first charges, odd ones left out
  double reference = a[0];
  for (size_t i = 1; i < a.size(); ++i) {
    if (std::fabs(a[i] - reference) <= amount_tolerance(reference)) {
      if (first.size() < 5) {
        first.push_back(a[i]);
        reference = median_of(first);
      }
      continue;
    }
    const bool lasting = i + 1 == a.size() || std::fabs(a[i + 1] - a[i]) <= amount_tolerance(a[i]);
    if (lasting) {
      s.starts.push_back(i);
      first.assign(1, a[i]);
      reference = a[i];
    } else {
      odd[i] = true;
      ++s.odd;
    }
  }
  for (size_t k = 0; k < s.starts.size(); ++k) {
    const size_t end = k + 1 < s.starts.size() ? s.starts[k + 1] : a.size();
    std::vector<double> in;
    for (size_t i = s.starts[k]; i < end; ++i) {
      if (!odd[i]) in.push_back(a[i]);
    }
    s.levels.push_back(to_cents(median_of(in)));  // the price as shown: costs follow from it
  }
  return s;
}

const PeriodRule* rule_for_gap(double median_gap) {
  for (const PeriodRule& r : kRules) {
    if (std::fabs(median_gap - r.days) <= r.tolerance) return &r;
  }
  return nullptr;
}

// The median day of the month the charges fall on, or 0 when they straddle a month's turn (days
// both <= 5 and >= 26), where "the same day" means nothing and the last charge's day is used.
int anchor_day(const Ledger& l, const std::vector<uint32_t>& charges) {
  std::vector<double> days;
  bool early = false, late = false;
  for (uint32_t i : charges) {
    const int d = (*l.transactions)[i].date.day;
    early = early || d <= 5;
    late = late || d >= 26;
    days.push_back(d);
  }
  if (early && late) return 0;
  return int(std::lround(median_of(days)));
}

// For a series of whole days (weekly, biweekly): the charge after the last on the series' own
// phase, the median offset of every charge from the first one's grid, so one late or early last
// charge does not move the next date.
std::optional<Date> next_on_phase(const Ledger& l, const std::vector<uint32_t>& charges, double period) {
  const int64_t p = int64_t(period), d0 = l.day[charges[0]];
  std::vector<double> offsets;
  for (uint32_t i : charges) {
    const int64_t since = l.day[i] - d0;
    offsets.push_back(double(since - std::llround(double(since) / double(p)) * p));
  }
  const int64_t last_k = std::llround(double(l.day[charges.back()] - d0) / double(p));
  const int64_t next = d0 + (last_k + 1) * p + std::llround(median_of(offsets));
  if (next > days_from_civil(Date{kMaxYear, 12, 31})) return std::nullopt;  // past the calendar's end
  return civil_from_days(next);
}

// The date one period after `from` on the series' calendar.
std::optional<Date> step(const PeriodRule& r, const Date& from, int anchor) {
  if (r.months == 0) {
    const int64_t d = days_from_civil(from) + int64_t(r.days);
    const Date next = civil_from_days(d);
    if (next.year > kMaxYear) return std::nullopt;
    return next;
  }
  auto next = add_months(from, r.months);
  if (!next) return std::nullopt;
  if (anchor > 0) next->day = std::min(anchor, days_in_month(next->year, next->month));
  return next;
}

std::optional<RecurringSeries> examine(const Ledger& l, const std::vector<uint32_t>& charges, const Date& as_of) {
  const size_t n = charges.size();
  if (n < 2) return std::nullopt;
  std::vector<double> gaps;
  for (size_t i = 1; i < n; ++i) gaps.push_back(double(l.day[charges[i]] - l.day[charges[i - 1]]));
  const PeriodRule* rule = rule_for_gap(median_of(gaps));
  if (!rule || n < rule->min_charges) return std::nullopt;

  size_t fits = 0;
  int64_t missed = 0;
  std::vector<double> single_gaps;
  for (double g : gaps) {
    const int64_t k = periods_in(*rule, int64_t(g));
    if (k == 0) continue;
    ++fits;
    missed += k - 1;
    if (k == 1) single_gaps.push_back(g);
  }
  if (double(fits) < 0.75 * double(gaps.size()) || single_gaps.empty()) return std::nullopt;

  std::vector<double> amounts;
  for (uint32_t i : charges) amounts.push_back(-(*l.transactions)[i].amount);
  const Segments seg = price_segments(amounts);
  const size_t changes = seg.starts.size() - 1;
  if (double(seg.odd) > 0.25 * double(n) || changes > (n - 1) / 3) return std::nullopt;

  const Transaction& last = (*l.transactions)[charges.back()];
  RecurringSeries r;
  r.merchant = l.merchant_names[l.merchant[charges[0]]];
  r.period = rule->period;
  r.interval_days = std::llround(median_of(single_gaps));
  r.amount = seg.levels.back();
  if (changes > 0) r.previous_amount = seg.levels[changes - 1];
  for (size_t k = 1; k < seg.starts.size(); ++k) {
    r.price_changes.push_back({(*l.transactions)[charges[seg.starts[k]]].date, seg.levels[k - 1], seg.levels[k]});
  }
  r.first_date = (*l.transactions)[charges[0]].date;
  r.last_date = last.date;
  r.occurrences = int64_t(n);
  r.missed = missed;
  // To the cent as shown, so that a total of them is the sum of what the answer lists.
  r.monthly_cost = to_cents(r.amount * rule->per_year / 12);
  r.annual_cost = to_cents(r.amount * rule->per_year);
  const double regularity = double(fits) / double(gaps.size());
  const double stability = 1 - double(seg.odd) / double(n);
  const double support = 1 - std::ldexp(1.0, -int(std::min<size_t>(n - 1, 1100)));  // 1 - 2^-(n-1), exactly
  r.confidence = regularity * stability * support;
  r.category = last.category;
  r.kind = classify_recurring(r.merchant, r.category);
  r.account = last.account;
  r.charges = charges;

  // The calendar on from the last charge: the first expected date after it, then after as_of.
  const int anchor = anchor_day(l, charges);
  auto next = rule->months ? step(*rule, r.last_date, anchor) : next_on_phase(l, charges, rule->days);
  if (next && !(r.last_date < *next)) next = step(*rule, *next, anchor);
  // Lapsed past one more period and its tolerance after the next charge (floored to whole days:
  // weekly 8, biweekly 16, monthly 34, quarterly 98), as a skipped charge would still fit; annual
  // waits 31 days, not a year.
  const int64_t grace = rule->period == Period::annual ? 31 : int64_t(rule->days + rule->tolerance);
  if (!next) {
    // The next charge would fall after 9999-12-31, where the calendar ends: active if as_of is
    // within a period and its grace of the last charge, with no next date to give.
    r.active = days_from_civil(as_of) <= days_from_civil(r.last_date) + int64_t(std::ceil(rule->days)) + grace;
    return r;
  }
  r.active = days_from_civil(as_of) <= days_from_civil(*next) + grace;
  while (r.active && next && *next < as_of) next = step(*rule, *next, anchor);
  if (r.active) r.next_expected_date = next;  // none if it would fall after 9999-12-31
  return r;
}

}  // namespace

const char* period_name(Period p) {
  switch (p) {
    case Period::weekly: return "weekly";
    case Period::biweekly: return "biweekly";
    case Period::monthly: return "monthly";
    case Period::quarterly: return "quarterly";
    case Period::annual: return "annual";
  }
  return "monthly";
}

std::vector<RecurringSeries> find_recurring(const Ledger& ledger, const Date& as_of) {
  std::vector<RecurringSeries> out;
  for (const auto& charges : ledger.charges) {
    if (auto r = examine(ledger, charges, as_of)) out.push_back(std::move(*r));
  }
  sort_stably(out, [](const RecurringSeries& a, const RecurringSeries& b) {
    if (a.monthly_cost != b.monthly_cost) return a.monthly_cost > b.monthly_cost;
    return a.merchant < b.merchant;
  });
  return out;
}

}  // namespace nestegg
