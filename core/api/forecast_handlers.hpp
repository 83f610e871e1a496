// SPDX-License-Identifier: MIT
// JSON mapping of the forecasting methods: forecast.expenses (one series or a batch of categories)
// and forecast.cashflow (daily and monthly balance projection).
#pragma once
#include "call_context.hpp"
#include "cashflow.hpp"
#include "request.hpp"

namespace nestegg {

void forecast_expenses(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void forecast_cashflow(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
// {"auto": 32, ...}: each method's weight in limits.max_forecast_work, as info reports it (a
// document: info is still built as one, engine/service_handlers.cpp).
nlohmann::json forecast_weights_json();

// forecast.cashflow's request fields (start_date defaulting to `default_start`), also
// insights.nudges' "cashflow"; warns of the fields it did not read. Errors name fields by f's path
// ("cashflow.starting_balance"). include_daily is read here, in its place, for forecast.cashflow.
CashflowInput read_cashflow_input(const Fields& f, const Date& default_start, CallContext& ctx, bool& include_daily);

}  // namespace nestegg
