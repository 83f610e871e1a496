// SPDX-License-Identifier: MIT
// JSON mapping of the forecasting methods: forecast.expenses (one series or a batch of categories)
// and forecast.cashflow (daily and monthly balance projection).
#pragma once
#include "call_context.hpp"

namespace nestegg {

nlohmann::json forecast_expenses(const nlohmann::json& request, CallContext& ctx);
nlohmann::json forecast_cashflow(const nlohmann::json& request, CallContext& ctx);

}  // namespace nestegg
