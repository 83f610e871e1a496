// SPDX-License-Identifier: MIT
// The "subscriptions" array of insights.habits' objects that insights.nudges and
// recommendations.generate both take: one cap for both, checked before any item is read. Each
// method then reads the fields it uses (nudges_handlers.cpp, recommendations_handlers.cpp).
#pragma once
#include <algorithm>

#include "call_context.hpp"
#include "request.hpp"

namespace nestegg {

// A household's recurring charges; insights.habits finds far fewer in a year of transactions.
inline constexpr size_t kMaxSubscriptions = 1000;

// The request's "subscriptions" (null when absent), refused as too_large past kMaxSubscriptions or
// limits.max_array_items, whichever is lower.
inline const nlohmann::json* subscription_items(const Fields& f, const Limits& limits) {
  return f.optional_array("subscriptions", 0, std::min(kMaxSubscriptions, size_t(limits.max_array_items)));
}

}  // namespace nestegg
