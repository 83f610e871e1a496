// SPDX-License-Identifier: MIT
// The engine's own methods: info (version, build, methods), health and metrics.
#pragma once
#include "dispatch.hpp"

namespace nestegg {

nlohmann::json service_info(const nlohmann::json& request, CallContext& ctx);
nlohmann::json service_health(const nlohmann::json& request, CallContext& ctx);
nlohmann::json service_metrics(const nlohmann::json& request, CallContext& ctx);

}  // namespace nestegg
