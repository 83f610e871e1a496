// SPDX-License-Identifier: MIT
// The model registry as JSON: a user's listing (savings.models) and the whole-registry snapshot
// (savings.export / savings.import, format "nestegg.registry/1") that hosts persist.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "call_context.hpp"
#include "model_registry.hpp"

namespace nestegg {

nlohmann::json registry_list_json(const ModelRegistry& registry, const std::string& user);
nlohmann::json registry_snapshot_json(const ModelRegistry& registry);
// Validates the whole snapshot, models included, before replacing anything: a snapshot with one
// bad field leaves the registry as it was. Errors name fields under "snapshot". With `merge` its
// models and experiments are added to the registry's (each replacing one of the same name). A
// model or experiment whose stored record would be over `limits` (check_model_record) is refused
// too_large: its numbers may come in shorter than JavaScript writes them back (1e20).
void registry_import(ModelRegistry& registry, const nlohmann::json& snapshot, bool merge, const Limits& limits);

// What keeps a model's stored record readable at this engine's next start. The npm package stores
// each (user, model) as one record and reads it back as a savings.import request, which the
// request limits (max_request_bytes, max_json_values, max_json_depth) hold like any other: a record over them
// would leave the next engine unable to load its models. Given the change about to be made (a
// version `added`, or version `keep`'s evaluations replaced by `keep_evaluations`; `active` the
// version in use after it), returns the versions to drop, oldest first, for the record to fit
// (and to hold at most kMaxVersions): never `active` nor `keep`, nor the newest held when none is
// added (version numbers follow the newest: one dropped could be given again). Add the version
// before dropping for the same reason. Throws too_large naming `field` when the record cannot fit
// (max_json_depth too: no dropping mends that); nothing has changed then.
std::vector<int64_t> versions_to_drop(const ModelRegistry& registry, const std::string& user, const std::string& model_id,
                                      const StoredVersion* added, int64_t active, int64_t keep,
                                      const std::vector<Evaluation>* keep_evaluations, const Limits& limits, const char* field);

// Throws too_large naming `field` when the stored record of `entry` with version `active` in use
// would be over the limits its load request is held to (savings.import, savings.activate).
void check_model_record(const std::string& user, const std::string& model_id, const ModelEntry& entry, int64_t active,
                        const Limits& limits, const std::string& field);

// The largest size of a stored evaluation's actual and predicted values (the loader's bound).
inline constexpr double kMaxEvaluationValue = 1e300;

// The largest version number a stored model may have (the loader's and savings.predict's bound).
inline constexpr int64_t kMaxVersionNumber = int64_t(1) << 40;

// The same for an experiment about to be stored as `name`: throws too_large naming `field` when its
// record would be over the limits its load request is held to (nothing is stored then).
void check_experiment_record(const std::string& name, const Experiment& e, const Limits& limits, const char* field);

}  // namespace nestegg
