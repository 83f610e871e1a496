// SPDX-License-Identifier: MIT
#include "habits.hpp"

namespace nestegg {

Habits analyse_habits(const std::vector<Transaction>& transactions, const HabitsOptions& options) {
  const Ledger ledger = make_ledger(transactions);
  Habits h;
  std::vector<bool> recurring(transactions.size(), false);  // charges explained by a series
  for (RecurringSeries& r : find_recurring(ledger, options.as_of)) {
    for (uint32_t i : r.charges) recurring[i] = true;
    if (r.active) {
      h.subscriptions_monthly_cost += r.monthly_cost;
      h.subscriptions.push_back(std::move(r));
    } else {
      h.lapsed.push_back(std::move(r));
    }
  }
  h.patterns = timing_patterns(ledger, recurring, options.as_of);
  h.merchants = merchant_concentration(ledger, options.top_merchants);
  h.anomalies = find_anomalies(ledger, recurring, options.anomaly_threshold);
  return h;
}

}  // namespace nestegg
