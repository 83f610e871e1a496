// SPDX-License-Identifier: MIT
// RecurringSeries charges (subscriptions, bills) found in a merchant's money-out charges by their
// period. For each merchant with enough charges:
//   - the period is the one whose window holds the median gap between charges (days):
//       weekly 7 +-1, biweekly 14 +-2, monthly 30.44 +-4, quarterly 91.31 +-7, annual 365.25 +-14;
//   - a gap fits when it is k periods long, k = round(gap / period), within the tolerance widened
//     by half for each extra period (k = 2 is a skipped charge); k is at most 4 weekly/biweekly,
//     3 monthly, 2 quarterly, 1 annual. At least 75 % of the gaps must fit;
//   - amounts: a charge more than max(2 %, 5 cents) from its segment's price (the median of the
//     segment's first five charges) starts a price change when the charge after it (if any) agrees
//     with it within the same tolerance, and is an odd one out otherwise; at most 25 % odd ones and
//     at most (n - 1) / 3 price changes. So a +-1 % jitter (card FX, tax rounding) is one price
//     and a 2.7 % rent rise is a change;
//   - at least 4 charges weekly/biweekly, 3 monthly/quarterly, 2 annual.
// Amounts are reported positive (what is charged); a segment's amount is its median, to the cent.
// The next expected date continues the calendar: the same day of the month (the median day of
// the charges, clamped to the month's length) 1, 3 or 12 months after the last charge, or for
// weekly / biweekly the next step of the 7 / 14-day grid the charges keep (their median offset
// from it), rolled forward until on or after `as_of`. A series is lapsed, with no next date, when
// `as_of` is more than one period and its tolerance (floored to whole days: weekly 8, biweekly 16,
// monthly 34, quarterly 98; annual 31 days) past the charge due after its last one.
// The price of a segment is shown to the cent; monthly and annual costs are computed from it, to the cent.
#pragma once
#include "recurring_kind.hpp"
#include <optional>
#include <string>
#include <vector>

#include "ledger.hpp"

namespace nestegg {

enum class Period { weekly, biweekly, monthly, quarterly, annual };
const char* period_name(Period p);

struct PriceChange {
  Date date;  // the first charge at the new price
  double from = 0;
  double to = 0;
};

struct RecurringSeries {
  std::string merchant;
  Period period = Period::monthly;
  int64_t interval_days = 0;  // median gap between consecutive charges one period apart
  double amount = 0;          // current price (median of the last segment), positive
  std::optional<double> previous_amount;
  std::vector<PriceChange> price_changes;
  Date first_date, last_date;
  std::optional<Date> next_expected_date;  // none when lapsed, or when it would fall after 9999-12-31
  int64_t occurrences = 0;
  int64_t missed = 0;  // periods with no charge between the first and the last
  double monthly_cost = 0;
  double annual_cost = 0;
  double confidence = 0;  // regularity x amount stability x support, in [0, 1]
  bool active = true;
  std::string category, account;  // of the last charge
  RecurringKind kind = RecurringKind::subscription;  // recurring_kind.hpp
  std::vector<uint32_t> charges;  // transaction indices, by date
};

// Every merchant's recurring series (as_of on or after the last transaction), most expensive per month first (then by merchant name).
std::vector<RecurringSeries> find_recurring(const Ledger& ledger, const Date& as_of);

}  // namespace nestegg
