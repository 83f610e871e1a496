// SPDX-License-Identifier: MIT
// The engine's own methods: info (version, build, methods), health and metrics.
#pragma once
#include "dispatch.hpp"

namespace nestegg {

void service_info(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void service_health(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void service_metrics(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);

}  // namespace nestegg
