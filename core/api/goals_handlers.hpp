// SPDX-License-Identifier: MIT
// JSON mapping of the goal methods: request fields -> planner inputs, planner results -> response
// fields. Validation rules live here, in one place per field; the arithmetic lives in the planners.
#pragma once
#include "call_context.hpp"
#include "goal_adjuster.hpp"
#include "request.hpp"

namespace nestegg {

void goals_timeline(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void goals_reverse_plan(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void goals_adjust(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void goals_simulate(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);

// goals.adjust's request fields (as_of defaulting to `default_as_of`), also insights.nudges' goals;
// warns of the fields it did not read. Errors name fields by f's path ("goals[0].target_date").
AdjustInput read_adjust_input(const Fields& f, const Date& default_as_of, CallContext& ctx);
// "goals": up to kMaxNamedGoals goals, each goals.adjust's fields plus a unique `name` (1 to 60 characters);
// used by insights.nudges and recommendations.generate.
inline constexpr size_t kMaxNamedGoals = 50;
std::vector<NamedGoal> read_named_goals(const Fields& f, const Date& as_of, CallContext& ctx);

}  // namespace nestegg
