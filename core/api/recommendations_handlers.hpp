// SPDX-License-Identifier: MIT
// JSON mapping of recommendations.generate: the household's fields are read by the readers of the
// methods they come from (budget.optimize's, debt.plan's, investment.readiness's,
// benchmarks.compare's), the history and subscriptions here; the recommendations themselves come
// from insights/recommendations.hpp.
#pragma once
#include "call_context.hpp"

namespace nestegg {

void recommendations_generate(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);

}  // namespace nestegg
