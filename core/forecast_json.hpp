// SPDX-License-Identifier: MIT
// JSON mapping of the forecasting methods: forecast.expenses (one series or a batch of categories)
// and forecast.cashflow.
#pragma once
#include "dispatch.hpp"

namespace nestegg {

nlohmann::json forecast_expenses(const nlohmann::json& request, CallContext& ctx);

}  // namespace nestegg
