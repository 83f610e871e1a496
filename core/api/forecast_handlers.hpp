// SPDX-License-Identifier: MIT
// JSON mapping of the forecasting methods: forecast.expenses (one series or a batch of categories)
// and forecast.cashflow (daily and monthly balance projection).
#pragma once
#include "call_context.hpp"
#include "cashflow.hpp"
#include "request.hpp"

namespace nestegg {

nlohmann::json forecast_expenses(const nlohmann::json& request, CallContext& ctx);
nlohmann::json forecast_cashflow(const nlohmann::json& request, CallContext& ctx);
// {"auto": 32, ...}: each method's weight in limits.max_forecast_work, as info reports it.
nlohmann::json forecast_weights_json();

// forecast.cashflow's request fields (start_date defaulting to `default_start`), also
// insights.nudges' "cashflow"; warns of the fields it did not read. Errors name fields by f's path
// ("cashflow.starting_balance"). include_daily is read here, in its place, for forecast.cashflow.
CashflowInput read_cashflow_input(const Fields& f, const Date& default_start, CallContext& ctx, bool& include_daily);

}  // namespace nestegg
