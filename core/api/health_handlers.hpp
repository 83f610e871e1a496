// SPDX-License-Identifier: MIT
// JSON mapping of health.score: request fields -> planning/health_score.hpp's input, its result ->
// the response. The scales and the arithmetic live in the domain.
#pragma once
#include "call_context.hpp"

namespace nestegg {

void health_score(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);

}  // namespace nestegg
