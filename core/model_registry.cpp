// SPDX-License-Identifier: MIT
#include "model_registry.hpp"

#include <algorithm>

#include "error.hpp"
#include "request.hpp"

namespace nestegg {

using nlohmann::json;

double hash_bucket(const std::string& text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  // FNV-1a alone leaves its high bits poorly mixed when ids differ only in the last characters
  // (user-1, user-2, ...), which skews the split; MurmurHash3's finaliser spreads them.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return double(h >> 11) * 0x1.0p-53;
}

int64_t ModelRegistry::add(const std::string& user, const std::string& model_id, json model, const std::string& trained_at,
                           const std::string& experiment, const std::string& variant, bool activate) {
  ModelEntry& e = models_[{user, model_id}];
  const int64_t version = e.versions.empty() ? 1 : e.versions.back().version + 1;
  model["version"] = version;
  e.versions.push_back({version, std::move(model), trained_at, experiment, variant, {}});
  if (activate || e.active == 0) e.active = version;
  while (e.versions.size() > kMaxVersions) {
    auto victim = std::find_if(e.versions.begin(), e.versions.end(), [&](const StoredVersion& v) { return v.version != e.active; });
    e.versions.erase(victim);
  }
  return version;
}

StoredVersion& ModelRegistry::get_mutable(const std::string& user, const std::string& model_id, std::optional<int64_t> version) {
  auto it = models_.find({user, model_id});
  if (it == models_.end()) {
    throw NesteggError(code::not_found, "no model '" + model_id + "' stored for user '" + user + "'", "model_id");
  }
  const int64_t want = version.value_or(it->second.active);
  for (auto& v : it->second.versions) {
    if (v.version == want) return v;
  }
  throw NesteggError(code::not_found, "model '" + model_id + "' has no version " + std::to_string(want), "version");
}

const StoredVersion& ModelRegistry::get(const std::string& user, const std::string& model_id, std::optional<int64_t> version) const {
  return const_cast<ModelRegistry*>(this)->get_mutable(user, model_id, version);
}

void ModelRegistry::activate(const std::string& user, const std::string& model_id, int64_t version) {
  get_mutable(user, model_id, version);  // exists, or throws
  models_[{user, model_id}].active = version;
}

json ModelRegistry::list(const std::string& user) const {
  json out = json::array();
  for (const auto& [key, entry] : models_) {
    if (key.first != user) continue;
    json versions = json::array();
    for (const auto& v : entry.versions) {
      versions.push_back(object({{"version", v.version}, {"trained_at", v.trained_at}, {"active", v.version == entry.active},
                          {"experiment", v.experiment}, {"variant", v.variant},
                          {"evaluations", v.evaluations.size()}, {"metrics", v.model.value("metrics", json(nullptr))}}));
    }
    out.push_back(object({{"model_id", key.second}, {"active_version", entry.active}, {"versions", versions}}));
  }
  return out;
}

const Experiment& ModelRegistry::experiment(const std::string& name) const {
  auto it = experiments_.find(name);
  if (it == experiments_.end()) throw NesteggError(code::not_found, "no experiment named '" + name + "'", "experiment");
  return it->second;
}

const Variant& ModelRegistry::assign(const std::string& name, const std::string& user, double* bucket) const {
  const Experiment& e = experiment(name);
  double total = 0;
  for (const auto& v : e.variants) total += v.weight;
  const double u = hash_bucket(name + '\x1f' + user);
  if (bucket) *bucket = u;
  double cumulative = 0;
  for (const auto& v : e.variants) {
    cumulative += v.weight / total;
    if (u < cumulative) return v;
  }
  return e.variants.back();
}

std::vector<std::pair<std::string, Evaluation>> ModelRegistry::evaluations_of(const std::string& experiment,
                                                                              const std::string& variant) const {
  std::vector<std::pair<std::string, Evaluation>> out;
  for (const auto& [key, entry] : models_) {
    for (const auto& v : entry.versions) {
      if (v.experiment != experiment || v.variant != variant) continue;
      for (const auto& ev : v.evaluations) out.push_back({key.first, ev});
    }
  }
  return out;
}

json ModelRegistry::export_snapshot() const {
  json models = json::array();
  for (const auto& [key, entry] : models_) {
    json versions = json::array();
    for (const auto& v : entry.versions) {
      json evals = json::array();
      for (const auto& ev : v.evaluations) evals.push_back({ev.month, ev.actual, ev.predicted});
      versions.push_back(object({{"version", v.version}, {"model", v.model}, {"trained_at", v.trained_at},
                          {"experiment", v.experiment}, {"variant", v.variant}, {"evaluations", evals}}));
    }
    models.push_back(object({{"user_id", key.first}, {"model_id", key.second}, {"active", entry.active}, {"versions", versions}}));
  }
  json experiments = json::object();
  for (const auto& [name, e] : experiments_) {
    json variants = json::array();
    for (const auto& v : e.variants) variants.push_back(object({{"name", v.name}, {"weight", v.weight}, {"options", v.options}}));
    experiments[name] = object({{"variants", variants}});
  }
  return object({{"format", "nestegg.registry/1"}, {"models", models}, {"experiments", experiments}});
}

void ModelRegistry::import_snapshot(const json& snapshot) {
  const Fields f(snapshot, "snapshot");
  if (f.text("format", 0, 64) != "nestegg.registry/1") {
    throw NesteggError(code::invalid_value, "snapshot.format must be \"nestegg.registry/1\"", "snapshot.format");
  }
  decltype(models_) models;
  const json& list = f.array("models", 0, 1000000);
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = "snapshot.models[" + std::to_string(i) + "]";
    const Fields m(list[i], at);
    ModelEntry entry;
    entry.active = m.integer_or("active", 0, 0, int64_t(1) << 40);
    const json& versions = m.array("versions", 1, kMaxVersions);
    for (size_t k = 0; k < versions.size(); ++k) {
      const std::string vat = at + ".versions[" + std::to_string(k) + "]";
      const Fields v(versions[k], vat);
      StoredVersion sv;
      sv.version = v.integer_or("version", 0, 1, int64_t(1) << 40);
      if (!versions[k].contains("model") || !versions[k]["model"].is_object()) {
        throw NesteggError(code::wrong_type, vat + ".model must be an object", vat + ".model");
      }
      sv.model = versions[k]["model"];
      sv.trained_at = v.text("trained_at", 0, 64);
      sv.experiment = v.text("experiment", 0, 200);
      sv.variant = v.text("variant", 0, 64);
      const json& evals = v.array("evaluations", 0, kMaxEvaluations);
      for (size_t e = 0; e < evals.size(); ++e) {
        const std::string eat = vat + ".evaluations[" + std::to_string(e) + "]";
        if (!evals[e].is_array() || evals[e].size() != 3 || !evals[e][0].is_string()) {
          throw NesteggError(code::wrong_type, eat + " must be [month, actual, predicted]", eat);
        }
        sv.evaluations.push_back({evals[e][0].get<std::string>(), checked_number(evals[e][1], eat + "[1]", Range{-1e300, 1e300}),
                                  checked_number(evals[e][2], eat + "[2]", Range{-1e300, 1e300})});
      }
      entry.versions.push_back(std::move(sv));
    }
    models[{m.text("user_id", 1, 200), m.text("model_id", 1, 200)}] = std::move(entry);
  }
  decltype(experiments_) experiments;
  if (f.has("experiments")) {
    for (const auto& [name, e] : snapshot["experiments"].items()) {
      const std::string at = "snapshot.experiments." + name;
      const Fields ef(e, at);
      Experiment ex;
      const json& variants = ef.array("variants", 1, 16);
      for (size_t k = 0; k < variants.size(); ++k) {
        const Fields vf(variants[k], at + ".variants[" + std::to_string(k) + "]");
        ex.variants.push_back({vf.text("name", 1, 64), vf.number("weight", Range{1e-9, 1e9}),
                               variants[k].value("options", json::object())});
      }
      experiments[name] = std::move(ex);
    }
  }
  models_ = std::move(models);
  experiments_ = std::move(experiments);
}

}  // namespace nestegg
