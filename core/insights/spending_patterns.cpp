// SPDX-License-Identifier: MIT
#include "spending_patterns.hpp"

#include <algorithm>

#include "money.hpp"
#include "stable_order.hpp"

namespace nestegg {

namespace {

int weekday_of(int64_t day) { return int(((day % 7) + 7 + 3) % 7); }  // 1970-01-01 was a Thursday; Monday = 0

int third_of_month(int day) { return day <= 10 ? 0 : day <= 20 ? 1 : 2; }

void finish(SpendBucket& b, double total) {
  b.share = total > 0 ? b.total / total : 0;
  b.daily_average = b.days > 0 ? b.total / double(b.days) : 0;
}

// Calendar days in [from, to] per weekday and per third of the month, month by month: O(months).
void count_days(int64_t from, int64_t to, TimingPatterns& p) {
  for (int w = 0; w < 7; ++w) {
    const int64_t first = from + ((w - weekday_of(from)) % 7 + 7) % 7;  // the first such weekday
    p.by_weekday[size_t(w)].days = first > to ? 0 : (to - first) / 7 + 1;
  }
  Date month = civil_from_days(from);
  month.day = 1;
  while (days_from_civil(month) <= to) {
    const int64_t start = days_from_civil(month);
    const int len = days_in_month(month.year, month.month);
    const int64_t bounds[3][2] = {{start, start + 9}, {start + 10, start + 19}, {start + 20, start + len - 1}};
    SpendBucket* thirds[3] = {&p.early, &p.mid, &p.late};
    for (int k = 0; k < 3; ++k) {
      const int64_t lo = std::max(bounds[k][0], from), hi = std::min(bounds[k][1], to);
      if (hi >= lo) thirds[k]->days += hi - lo + 1;
    }
    const auto next = add_months(month, 1);
    if (!next) break;  // past 9999-12: the span ended there
    month = *next;
  }
}

}  // namespace

TimingPatterns timing_patterns(const Ledger& l, const std::vector<uint8_t>& skip, const Date& as_of) {
  TimingPatterns p;
  const auto& tx = *l.transactions;
  int64_t first = days_from_civil(as_of);
  for (size_t i = 0; i < tx.size(); ++i) {
    if (tx[i].amount >= 0 || skip[i]) continue;
    const double spent = -tx[i].amount;
    first = std::min(first, l.day[i]);
    p.total += spent;
    SpendBucket& w = p.by_weekday[size_t(weekday_of(l.day[i]))];
    ++w.count;
    w.total += spent;
    SpendBucket* thirds[3] = {&p.early, &p.mid, &p.late};
    SpendBucket& t = *thirds[third_of_month(tx[i].date.day)];
    ++t.count;
    t.total += spent;
  }
  p.from = civil_from_days(first);
  p.to = as_of;
  count_days(first, days_from_civil(as_of), p);
  for (int w = 0; w < 7; ++w) {
    SpendBucket& into = w < 5 ? p.weekday : p.weekend;
    const SpendBucket& b = p.by_weekday[size_t(w)];
    into.count += b.count;
    into.total += b.total;
    into.days += b.days;
  }
  for (SpendBucket& b : p.by_weekday) finish(b, p.total);
  for (SpendBucket* b : {&p.weekday, &p.weekend, &p.early, &p.mid, &p.late}) finish(*b, p.total);
  p.weekend_ratio = p.weekday.daily_average > 0 ? p.weekend.daily_average / p.weekday.daily_average : 0;
  return p;
}

Concentration merchant_concentration(const Ledger& l, size_t top) {
  Concentration c;
  const auto& tx = *l.transactions;
  std::vector<MerchantSpend> all;
  for (size_t m = 0; m < l.charges.size(); ++m) {
    const auto& charges = l.charges[m];
    if (charges.empty()) continue;
    MerchantSpend s;
    s.merchant = l.merchant_names[m];
    s.count = int64_t(charges.size());
    std::vector<uint32_t> categories;  // the most frequent by runs of the sorted ids
    for (uint32_t i : charges) {
      s.total += -tx[i].amount;
      categories.push_back(l.category[i]);
    }
    sort_stably(categories, [](uint32_t a, uint32_t b) { return a < b; });
    size_t best = 0, best_run = 0;
    for (size_t a = 0, b = 0; a < categories.size(); a = b) {
      while (b < categories.size() && categories[b] == categories[a]) ++b;
      if (b - a > best_run) {
        best_run = b - a;
        best = a;
      }
    }
    s.category = l.category_names[categories[best]];
    c.total += s.total;
    all.push_back(std::move(s));
  }
  c.merchants = int64_t(all.size());
  for (MerchantSpend& s : all) {
    s.share = c.total > 0 ? s.total / c.total : 0;
    c.hhi += s.share * s.share;
  }
  c.effective_merchants = c.hhi > 0 ? 1 / c.hhi : 0;
  const size_t k = std::min(top, all.size());
  sort_stably(all, [](const MerchantSpend& a, const MerchantSpend& b) {  // by the totals shown, to the cent
    const double x = to_cents(a.total), y = to_cents(b.total);
    return x != y ? x > y : a.merchant < b.merchant;
  });
  all.resize(k);
  for (const MerchantSpend& s : all) c.top_share += s.share;
  c.top = std::move(all);
  return c;
}

}  // namespace nestegg
