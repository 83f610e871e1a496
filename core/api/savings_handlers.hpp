// SPDX-License-Identifier: MIT
// JSON mapping of the savings methods (train, predict, evaluate, the registry and A/B experiments).
#pragma once
#include "call_context.hpp"
#include "json_reader.hpp"

namespace nestegg {

void savings_train(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void savings_predict(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void savings_evaluate(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void savings_models(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void savings_activate(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void savings_experiment(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void savings_assign(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void savings_compare(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void savings_export(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);
void savings_import(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);

// The bulk numeric fields these methods' readers take as doubles straight from the request text
// (design.rows and design.y; rows), with the same range the handlers check.
extern const PackedField kSavingsTrainPacked[];
extern const PackedField kSavingsPredictPacked[];

}  // namespace nestegg
