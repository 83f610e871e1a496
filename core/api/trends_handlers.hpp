// SPDX-License-Identifier: MIT
// JSON mapping of insights.trends: categories + last_month (api/monthly_reader) -> the domain's
// TrendsInput (insights/trends.hpp), its result -> the response. The statistics live in the domain.
#pragma once
#include "call_context.hpp"

namespace nestegg {

void insights_trends(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);

}  // namespace nestegg
