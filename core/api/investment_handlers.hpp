// SPDX-License-Identifier: MIT
// JSON mapping of the investment methods; the checklist itself lives in planning/investment_readiness.
#pragma once
#include "call_context.hpp"

namespace nestegg {

nlohmann::json investment_readiness(const nlohmann::json& request, CallContext& ctx);

}  // namespace nestegg
