// SPDX-License-Identifier: MIT
// Spending that stands out, each with the reason it was flagged. Three kinds:
//   - unusual_amount: a charge far above its merchant's usual at the time. Its residual is its log
//     amount less its local level, the median log amount of up to 8 of the merchant's charges
//     either side (itself left out: a price that drifts moves the level with it); its robust
//     z-score is z = (e - median e) / s over the merchant's residuals. s is the merchant's
//     1.4826 MAD shrunk towards its category's (pooled over the category's merchants):
//     s^2 = (n s_m^2 + 20 s_c^2) / (n + 20), since a dozen charges give a MAD too noisy to stand
//     alone; floored at 0.05 (5 % in amount) so a merchant that always charges the same does not
//     turn every cent into an anomaly. A merchant needs 8 charges outside recurring series; the charges
//     of merchants with fewer are scored together by category (at least 20). Flagged when
//     z > threshold (3.5 by default, Iglewicz & Hoaglin's cut for the modified z-score).
//   - duplicate: a second charge of the same amount (at least 20.00) at the same merchant on the
//     same day.
//   - category_month: a month whose spending in a category is far above its usual, on seasonal
//     residuals: monthly totals (at most the last 120 months, categories with at least 12 charges,
//     at least 12 months), less the level (the median of the four months around it) and, with 36
//     months or more, the seasonal part (the median excess over the level of the same calendar
//     month in the other years). Both leave the month itself out, so a spike neither lifts its own
//     baseline nor shrinks the residuals' scale. The residual's robust z as above, its scale
//     floored at 5 % of the category's median month; flagged when z > threshold. Charges flagged
//     as unusual amounts or duplicates are left out of the totals (one event, one anomaly).
// Charges in recurring series are left out of the first and third kinds (their price changes are
// reported with the series).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "ledger.hpp"

namespace nestegg {

enum class AnomalyKind { unusual_amount, duplicate, category_month };
const char* anomaly_kind_name(AnomalyKind k);

struct Anomaly {
  AnomalyKind kind = AnomalyKind::unusual_amount;
  std::optional<Date> date;   // transaction kinds
  std::optional<Date> month;  // category_month (day 1)
  double amount = 0;          // positive: money out (the month's total for category_month)
  double expected = 0;        // the usual amount it is measured against
  std::string merchant;       // empty for category_month
  std::string category;
  std::optional<double> score;  // the robust z (none for duplicates)
  std::string reason;
  int64_t transaction = -1;  // its index in the input (transaction kinds), else -1
  int64_t times = 1;         // duplicates: how many identical charges that day
};

// `skip[i]` marks charges of recurring series. Sorted by date (month), then kind.
std::vector<Anomaly> find_anomalies(const Ledger& ledger, const std::vector<uint8_t>& skip, double threshold);

}  // namespace nestegg
