// SPDX-License-Identifier: MIT
// The one reader of the request field "transactions" (insights.* methods), in either of two forms:
//   rows:    [{"date": "YYYY-MM-DD", "amount": -12.5, "description": "...", "category"?: "...",
//              "account"?: "..."}, ...]
//   columns: {"date": [...], "amount": [...], "description": [...], "category"?: [...],
//             "account"?: [...]}  (arrays of one length; cheaper to build and parse for 100 000 rows)
// The item count is checked against limits.max_array_items before any item is read. Amounts are
// signed (negative = money out) within +-1e12; descriptions 1 to 200 characters, category and
// account 0 to 100. Keys a row carries besides these five are ignored (bank exports carry ids).
#pragma once
#include <vector>

#include "call_context.hpp"
#include "request.hpp"
#include "transaction.hpp"

namespace nestegg {

inline constexpr size_t kMaxDescriptionLength = 200;
inline constexpr size_t kMaxLabelLength = 100;  // category, account

// Reads f's field `name` (unknown column names become warnings through ctx); at least `min_items` transactions (insufficient_data below that).
std::vector<Transaction> read_transactions(const Fields& f, CallContext& ctx, const char* name = "transactions",
                                           size_t min_items = 1);

}  // namespace nestegg
