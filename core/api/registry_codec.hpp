// SPDX-License-Identifier: MIT
// The model registry as JSON: a user's listing (savings.models) and the whole-registry snapshot
// (savings.export / savings.import, format "nestegg.registry/1") that hosts persist.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "model_registry.hpp"

namespace nestegg {

nlohmann::json registry_list_json(const ModelRegistry& registry, const std::string& user);
nlohmann::json registry_snapshot_json(const ModelRegistry& registry);
// Validates the whole snapshot, models included, before replacing anything: a snapshot with one
// bad field leaves the registry as it was. Errors name fields under "snapshot". With `merge` its
// models and experiments are added to the registry's (each replacing one of the same name).
void registry_import(ModelRegistry& registry, const nlohmann::json& snapshot, bool merge = false);

}  // namespace nestegg
