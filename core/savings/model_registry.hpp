// SPDX-License-Identifier: MIT
// Trained models kept per user: versions, the active one, and the accuracy each earned as real
// months arrived (the original backend's ModelPerformanceMetrics: actual, predicted, error %, MAE,
// RMSE, R^2). Plus A/B experiments: a user id hashes (FNV-1a + Murmur3 finaliser, the same on every
// platform) to a
// variant under the configured weights; a variant carries training options, so each user's own
// model is trained the variant's way and the variants' recorded accuracy can be compared.
//
// The registry lives in the engine's memory. Hosts persist it through export/import snapshots
// (the npm package's storage layer does), so the logic exists once for CLI, wasm and the edge.
// Plain data: the snapshots' JSON form is api/registry_codec.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "savings_model.hpp"

namespace nestegg {

struct Evaluation {
  std::string month;  // YYYY-MM
  double actual = 0;
  double predicted = 0;
};

struct StoredVersion {
  int64_t version = 0;
  SavingsModel model;
  std::string trained_at;
  std::string experiment, variant;
  std::vector<Evaluation> evaluations;
  // Its size in the stored record, as api/registry_codec measures it before every change (bytes
  // -1: not measured since it was made or its evaluations changed). Kept here because measuring 50
  // versions at every training made it 10x slower.
  mutable int64_t sized_bytes = -1, sized_values = 0, sized_depth = 0;
};

struct ModelEntry {
  std::vector<StoredVersion> versions;  // ascending
  int64_t active = 0;
};

struct Variant {
  std::string name;
  double weight = 1;
  // Training options applied by savings.train, kept as the caller wrote them (canonical JSON
  // text): the API layer reads them when a user of the variant trains.
  std::string options;
};

struct Experiment {
  std::vector<Variant> variants;
};

class ModelRegistry {
 public:
  static constexpr size_t kMaxVersions = 50;  // oldest inactive versions beyond this are dropped
  static constexpr size_t kMaxEvaluations = 1200;

  int64_t add(const std::string& user, const std::string& model_id, SavingsModel model, const std::string& trained_at,
              const std::string& experiment, const std::string& variant, bool activate);
  // Throws NesteggError "not_found" naming `field_prefix` fields.
  const StoredVersion& get(const std::string& user, const std::string& model_id, std::optional<int64_t> version) const;
  StoredVersion& get_mutable(const std::string& user, const std::string& model_id, std::optional<int64_t> version);
  void activate(const std::string& user, const std::string& model_id, int64_t version);
  // One model's entry, or null; the number its next version gets.
  const ModelEntry* find(const std::string& user, const std::string& model_id) const;
  int64_t next_version(const std::string& user, const std::string& model_id) const;
  void drop_versions(const std::string& user, const std::string& model_id, const std::vector<int64_t>& versions);

  void set_experiment(const std::string& name, Experiment e) { experiments_[name] = std::move(e); }
  const Experiment& experiment(const std::string& name) const;
  // Deterministic variant for a user: hash(experiment \x1f user) -> [0,1) -> cumulative weights.
  const Variant& assign(const std::string& experiment, const std::string& user, double* bucket = nullptr) const;
  // Every evaluation recorded under (experiment, variant), with the user it belongs to.
  std::vector<std::pair<std::string, Evaluation>> evaluations_of(const std::string& experiment, const std::string& variant) const;

  using Models = std::map<std::pair<std::string, std::string>, ModelEntry>;  // (user, model id)
  using Experiments = std::map<std::string, Experiment>;
  const Models& models() const { return models_; }
  const Experiments& experiments() const { return experiments_; }
  // Everything at once (an imported snapshot, validated by the caller before).
  void replace(Models models, Experiments experiments) {
    models_ = std::move(models);
    experiments_ = std::move(experiments);
  }
  // Added to what is held, each model and experiment replacing one of its name (a stored registry
  // read in parts, each part a request under the size limit).
  void merge(Models models, Experiments experiments) {
    for (auto& [key, entry] : models) models_[key] = std::move(entry);  // operator[] as add() uses: no new map code
    for (auto& [name, e] : experiments) set_experiment(name, std::move(e));
  }

 private:
  Models models_;
  Experiments experiments_;
};

double hash_bucket(const std::string& text);

}  // namespace nestegg
