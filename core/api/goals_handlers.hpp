// SPDX-License-Identifier: MIT
// JSON mapping of the goal methods: request fields -> planner inputs, planner results -> response
// fields. Validation rules live here, in one place per field; the arithmetic lives in the planners.
#pragma once
#include "call_context.hpp"

namespace nestegg {

nlohmann::json goals_timeline(const nlohmann::json& request, CallContext& ctx);
nlohmann::json goals_reverse_plan(const nlohmann::json& request, CallContext& ctx);
nlohmann::json goals_adjust(const nlohmann::json& request, CallContext& ctx);
nlohmann::json goals_simulate(const nlohmann::json& request, CallContext& ctx);

}  // namespace nestegg
