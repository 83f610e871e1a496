// SPDX-License-Identifier: MIT
#include "habits.hpp"

#include <cmath>

namespace nestegg {

Habits analyse_habits(std::vector<Transaction> input, const HabitsOptions& options) {
  const std::vector<uint32_t> order = statement_order(input);
  std::vector<Transaction> transactions;
  transactions.reserve(input.size());
  for (uint32_t i : order) transactions.push_back(std::move(input[i]));
  input = {};
  const Ledger ledger = make_ledger(transactions);
  Habits h;
  std::vector<uint8_t> recurring(transactions.size(), false);  // charges explained by a series
  int64_t monthly_cents = 0;
  for (RecurringSeries& r : find_recurring(ledger, options.as_of)) {
    for (uint32_t i : r.charges) recurring[i] = true;
    if (r.active) {
      monthly_cents += std::llround(r.monthly_cost * 100);  // whole cents: the sum of the parts shown
      h.subscriptions.push_back(std::move(r));
    } else {
      h.lapsed.push_back(std::move(r));
    }
  }
  h.subscriptions_monthly_cost = double(monthly_cents) / 100;
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
