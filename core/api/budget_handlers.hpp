// SPDX-License-Identifier: MIT
// JSON mapping of budget.optimize: request fields -> planning/budget.hpp's input, its plan -> the
// response. The optimisation and the reasons live in the domain.
#pragma once
#include "call_context.hpp"

namespace nestegg {

nlohmann::json budget_optimize(const nlohmann::json& request, CallContext& ctx);

}  // namespace nestegg
