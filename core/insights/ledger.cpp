// SPDX-License-Identifier: MIT
#include "ledger.hpp"

#include <algorithm>
#include <unordered_map>

#include "merchant_name.hpp"

namespace nestegg {

Ledger make_ledger(const std::vector<Transaction>& transactions) {
  Ledger l;
  l.transactions = &transactions;
  const size_t n = transactions.size();
  l.merchant.resize(n);
  l.day.resize(n);
  l.category.resize(n);
  std::unordered_map<std::string, uint32_t> ids, category_ids;
  for (size_t i = 0; i < n; ++i) {
    const Transaction& t = transactions[i];
    l.day[i] = days_from_civil(t.date);
    std::string name = merchant_name(t.description);
    auto [it, added] = ids.emplace(std::move(name), uint32_t(l.merchant_names.size()));
    if (added) l.merchant_names.push_back(it->first);
    l.merchant[i] = it->second;
    auto [c, new_category] = category_ids.emplace(t.category, uint32_t(l.category_names.size()));
    if (new_category) l.category_names.push_back(t.category);
    l.category[i] = c->second;
  }
  l.charges.resize(l.merchant_names.size());
  for (size_t i = 0; i < n; ++i) {
    if (transactions[i].amount < 0) l.charges[l.merchant[i]].push_back(uint32_t(i));
  }
  for (auto& list : l.charges) {
    // By date, then amount and description, then input order: the same statement gives the same
    // answer whichever way it is sorted (banks export newest first), since a merchant's same-day
    // charges meet the anomaly windows in this order.
    std::sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
      const Transaction &x = transactions[a], &y = transactions[b];
      if (l.day[a] != l.day[b]) return l.day[a] < l.day[b];
      if (x.amount != y.amount) return x.amount > y.amount;  // money out is negative: smaller charge first
      if (x.description != y.description) return x.description < y.description;
      return a < b;
    });
  }
  return l;
}

}  // namespace nestegg
