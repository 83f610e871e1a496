// SPDX-License-Identifier: MIT
// insights.habits: everything the engine reads from a list of transactions about the household's
// habits. One ledger (merchant names, charges per merchant by date) feeds recurring.hpp
// (subscriptions and bills), spending_patterns.hpp (timing, merchant concentration) and
// anomalies.hpp; the whole is O(n log n) in the number of transactions.
#pragma once
#include <vector>

#include "anomalies.hpp"
#include "recurring.hpp"
#include "spending_patterns.hpp"
#include "transaction.hpp"

namespace nestegg {

struct HabitsOptions {
  Date as_of;                       // on or after the last transaction
  size_t top_merchants = 10;
  double anomaly_threshold = 3.5;   // robust z
};

struct Habits {
  std::vector<RecurringSeries> subscriptions;  // active series
  std::vector<RecurringSeries> lapsed;         // series that stopped
  double subscriptions_monthly_cost = 0; // of the active ones
  TimingPatterns patterns;
  Concentration merchants;
  std::vector<Anomaly> anomalies;
};

// The answer does not depend on the order of the transactions; indices in it (an anomaly's
// `transaction`, a series' `charges`) are positions in `transactions` as given.
Habits analyse_habits(std::vector<Transaction> transactions, const HabitsOptions& options);

}  // namespace nestegg
