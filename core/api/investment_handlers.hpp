// SPDX-License-Identifier: MIT
// JSON mapping of the investment methods; the checklist itself lives in planning/investment_readiness.
#pragma once
#include "call_context.hpp"
#include "investment_readiness.hpp"

namespace nestegg {

void investment_readiness(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);

// The optional "employer_match" {match_rate, match_limit, contribution_rate, annual_salary} and
// "risk" {income_stability, dependents, loss_reaction} objects into `in` (also for
// recommendations.generate).
void read_match_and_risk(const Fields& f, CallContext& ctx, ReadinessInput& in);

}  // namespace nestegg
