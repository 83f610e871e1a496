// SPDX-License-Identifier: MIT
// JSON mapping of insights.habits: transactions (api/transaction_reader) and options ->
// insights/habits.hpp, its findings -> the response. Detection, patterns and anomalies live in
// the domain.
#pragma once
#include "call_context.hpp"

namespace nestegg {

void insights_habits(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);

}  // namespace nestegg
