// SPDX-License-Identifier: MIT
// When and where money goes: spending by day of the week, weekday against weekend and early /
// mid / late in the month, and how concentrated it is across merchants.
//   - Timing counts discretionary spending: money-out charges that belong to no recurring series
//     (rent on the 1st says nothing about habits). Each bucket's daily_average divides its total
//     by the calendar days of that kind between the first charge and as_of, so a month with five
//     Saturdays does not make Saturday look dearer. Early = days 1-10, mid = 11-20, late = 21-end.
//   - Concentration counts all money out: each merchant's share of it, the Herfindahl-Hirschman
//     index sum(share^2) in (0, 1] (1 = one merchant), and its inverse, the effective number of
//     merchants.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "ledger.hpp"

namespace nestegg {

struct SpendBucket {
  int64_t count = 0;
  double total = 0;          // positive: money out
  double share = 0;          // of the discretionary total
  int64_t days = 0;          // calendar days of this kind in the span
  double daily_average = 0;  // total / days (0 when no such day)
};

struct TimingPatterns {
  Date from, to;  // the span: first discretionary charge .. as_of
  double total = 0;
  std::array<SpendBucket, 7> by_weekday;  // Monday first
  SpendBucket weekday, weekend;
  double weekend_ratio = 0;  // weekend daily average / weekday daily average (0 when no weekday spending)
  SpendBucket early, mid, late;
};

// `skip[i]` marks transactions left out (the recurring ones).
TimingPatterns timing_patterns(const Ledger& ledger, const std::vector<uint8_t>& skip, const Date& as_of);

struct MerchantSpend {
  std::string merchant;
  int64_t count = 0;
  double total = 0;
  double share = 0;
  std::string category;  // the category most of its charges carry
};

struct Concentration {
  double total = 0;
  int64_t merchants = 0;
  double hhi = 0;
  double effective_merchants = 0;
  double top_share = 0;  // of the `top` listed together
  std::vector<MerchantSpend> top;  // largest total first
};

Concentration merchant_concentration(const Ledger& ledger, size_t top);

}  // namespace nestegg
