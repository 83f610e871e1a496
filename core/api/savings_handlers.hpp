// SPDX-License-Identifier: MIT
// JSON mapping of the savings methods (train, predict, evaluate, the registry and A/B experiments).
#pragma once
#include "call_context.hpp"

namespace nestegg {

nlohmann::json savings_train(const nlohmann::json& request, CallContext& ctx);
nlohmann::json savings_predict(const nlohmann::json& request, CallContext& ctx);
nlohmann::json savings_evaluate(const nlohmann::json& request, CallContext& ctx);
nlohmann::json savings_models(const nlohmann::json& request, CallContext& ctx);
nlohmann::json savings_activate(const nlohmann::json& request, CallContext& ctx);
nlohmann::json savings_experiment(const nlohmann::json& request, CallContext& ctx);
nlohmann::json savings_assign(const nlohmann::json& request, CallContext& ctx);
nlohmann::json savings_compare(const nlohmann::json& request, CallContext& ctx);
nlohmann::json savings_export(const nlohmann::json& request, CallContext& ctx);
nlohmann::json savings_import(const nlohmann::json& request, CallContext& ctx);

}  // namespace nestegg
