// SPDX-License-Identifier: MIT
// A trained savings model as JSON: what savings.train returns, savings.predict takes inline, and
// the registry snapshot stores. Lossless: doubles round-trip exactly.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "savings_model.hpp"

namespace nestegg {

nlohmann::json model_to_json(const SavingsModel& model);
// Validates a caller-supplied model; errors name fields under `where` ("model.coefficients").
SavingsModel model_from_json(const nlohmann::json& j, const std::string& where);
// The "metrics" member of model_to_json alone (the registry's listing shows it per version).
nlohmann::json model_metrics_json(const SavingsModel& model);

}  // namespace nestegg
