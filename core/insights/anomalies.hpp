// SPDX-License-Identifier: MIT
// Spending that stands out, each with the reason it was flagged. Three kinds:
//   - unusual_amount: a charge far above its merchant's usual. The robust z-score of its log
//     amount, z = (x - median) / (1.4826 MAD), against the merchant's other charges (at least 8
//     outside recurring series), or failing that its category's (at least 20); the scale is
//     floored at 0.05 (5 % in amount) so a merchant that always charges the same does not turn
//     every cent into an anomaly. Flagged when z > threshold (3.5 by default, Iglewicz & Hoaglin).
//   - duplicate: a second charge of the same amount (at least 20.00) at the same merchant on the
//     same day.
//   - category_month: a month whose spending in a category is far above its usual, on seasonal
//     residuals: monthly totals (at most the last 120 months, at least 12 of them), less each
//     calendar month's median excess when there are 36 months or more (the seasonal part: a median
//     of three years; of two it would be their mean, half a one-off spike), less
//     a centred rolling median of 5 months (the level and trend); the residual's robust z as above,
//     its scale floored at 5 % of the category's median month. Flagged when z > threshold.
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
};

// `skip[i]` marks charges of recurring series. Sorted by date (month), then kind.
std::vector<Anomaly> find_anomalies(const Ledger& ledger, const std::vector<bool>& skip, double threshold);

}  // namespace nestegg
