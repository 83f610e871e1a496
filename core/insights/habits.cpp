// SPDX-License-Identifier: MIT
#include "habits.hpp"

namespace nestegg {

Habits analyse_habits(std::vector<Transaction> input, const HabitsOptions& options) {
  const std::vector<uint32_t> order = statement_order(input);
  std::vector<Transaction> transactions;
  transactions.reserve(input.size());
  for (uint32_t i : order) transactions.push_back(std::move(input[i]));
  input = {};
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
  // Rows are named by their place in the input, as the caller gave it.
  for (Anomaly& a : h.anomalies)
    if (a.transaction >= 0) a.transaction = int64_t(order[size_t(a.transaction)]);
  for (auto* list : {&h.subscriptions, &h.lapsed})
    for (RecurringSeries& r : *list)
      for (uint32_t& i : r.charges) i = order[i];
  return h;
}

}  // namespace nestegg
