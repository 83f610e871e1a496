// SPDX-License-Identifier: MIT
#include "ledger.hpp"

#include <algorithm>
#include <tuple>

#include "first_seen_ids.hpp"
#include "merchant_name.hpp"
#include "stable_order.hpp"

namespace nestegg {

bool StatementOrder::operator()(uint32_t a, uint32_t b) const {
  const Transaction &x = (*tx)[a], &y = (*tx)[b];
  if (!(x.date == y.date)) return x.date < y.date;
  if (x.amount != y.amount) return x.amount > y.amount;  // money out is negative: the smaller charge first
  return std::tie(x.description, x.category, x.account, a) < std::tie(y.description, y.category, y.account, b);
}

std::vector<uint32_t> statement_order(const std::vector<Transaction>& tx) {
  const StatementOrder before{&tx};
  return stable_order(tx.size(), before);
}

Ledger make_ledger(const std::vector<Transaction>& transactions) {
  Ledger l;
  l.transactions = &transactions;
  const size_t n = transactions.size();
  l.merchant.resize(n);
  l.day.resize(n);
  l.category.resize(n);
  FirstSeenIds merchants(l.merchant_names), categories(l.category_names);
  for (size_t i = 0; i < n; ++i) {
    const Transaction& t = transactions[i];
    l.day[i] = days_from_civil(t.date);
    l.merchant[i] = merchants.id(merchant_name(t.description));
    l.category[i] = categories.id(t.category);
  }
  l.charges.resize(l.merchant_names.size());
  for (size_t i = 0; i < n; ++i) {
    if (transactions[i].amount < 0) l.charges[l.merchant[i]].push_back(uint32_t(i));
  }
  return l;
}

}  // namespace nestegg
