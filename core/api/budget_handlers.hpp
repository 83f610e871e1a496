// SPDX-License-Identifier: MIT
// JSON mapping of budget.optimize: request fields -> planning/budget.hpp's input, its plan -> the
// response. The optimisation and the reasons live in the domain.
#pragma once
#include <string>

#include "budget.hpp"
#include "call_context.hpp"

namespace nestegg {

void budget_optimize(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);

// The budget fields as budget.optimize reads them (monthly_income, spending, rule, shares, mode,
// buckets, floors, ceilings), also for recommendations.generate; `default_mode` when mode is absent.
struct BudgetRequest {
  BudgetInput input;
  std::string rule;
};
BudgetRequest read_budget_request(const Fields& f, CallContext& ctx, const char* default_mode);

}  // namespace nestegg
