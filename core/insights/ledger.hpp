// SPDX-License-Identifier: MIT
// Transactions prepared once for the habits analyses: each description's merchant (merchant_name),
// merchants and categories numbered (so later passes index vectors, not string maps), and the money-out charges of each merchant in date order. Building it sorts
// once, O(n log n); every analysis after it walks these lists, so a merchant with 100 000 charges
// costs no more than 100 000 merchants.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "transaction.hpp"

namespace nestegg {

struct Ledger {
  const std::vector<Transaction>* transactions = nullptr;
  std::vector<std::string> merchant_names;       // by merchant id
  std::vector<uint32_t> merchant;                // by transaction: its merchant id
  std::vector<std::string> category_names;       // by category id
  std::vector<uint32_t> category;                // by transaction: its category id
  std::vector<int64_t> day;                      // by transaction: days since 1970-01-01
  std::vector<std::vector<uint32_t>> charges;    // by merchant id: money-out transactions, in statement order
};

// The order the habits analyses read a statement in, whatever order it came in (banks export
// newest first, apps oldest first): by date, amount (the larger first, so of two charges the smaller),
// description, category, account, then input position (rows equal in all five are
// interchangeable). Every sum, tie and first-seen numbering then falls the same way, so a
// shuffled statement gets the same answer, byte for byte.
struct StatementOrder {
  const std::vector<Transaction>* tx;
  bool operator()(uint32_t a, uint32_t b) const;
};
// order[k]: the input position of the k-th transaction in statement order.
std::vector<uint32_t> statement_order(const std::vector<Transaction>& transactions);

// `transactions` in statement order (analyse_habits puts them so): each merchant's charges then
// come out in that order without a sort of their own.
Ledger make_ledger(const std::vector<Transaction>& transactions);

}  // namespace nestegg
