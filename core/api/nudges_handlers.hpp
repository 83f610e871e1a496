// SPDX-License-Identifier: MIT
// JSON mapping of insights.nudges: the user's state (goals, monthly categories, subscriptions, a
// cash-flow request, this month), rule overrides and caller rules, and the history of nudges shown
// -> insights/nudges.hpp's input; its nudges -> the response. The rules and metrics live in the
// domain; the goal, category and cash-flow fields are read by the readers their own methods use.
#pragma once
#include "call_context.hpp"

namespace nestegg {

void insights_nudges(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);

}  // namespace nestegg
