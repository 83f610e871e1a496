// SPDX-License-Identifier: MIT
#include "model_registry.hpp"

#include <algorithm>

#include "error.hpp"

namespace nestegg {

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

int64_t ModelRegistry::add(const std::string& user, const std::string& model_id, SavingsModel model, const std::string& trained_at,
                           const std::string& experiment, const std::string& variant, bool activate) {
  const int64_t version = next_version(user, model_id);
  ModelEntry& e = models_[{user, model_id}];
  model.version = version;
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
    fail(code::not_found, "model_id", "no model '%.*s' stored for user '%.*s'", int(model_id.size()), model_id.data(),
         int(user.size()), user.data());
  }
  const int64_t want = version.value_or(it->second.active);
  for (auto& v : it->second.versions) {
    if (v.version == want) return v;
  }
  fail(code::not_found, "version", "model '%.*s' has no version %lld", int(model_id.size()), model_id.data(),
       static_cast<long long>(want));
}

const StoredVersion& ModelRegistry::get(const std::string& user, const std::string& model_id, std::optional<int64_t> version) const {
  return const_cast<ModelRegistry*>(this)->get_mutable(user, model_id, version);
}

void ModelRegistry::activate(const std::string& user, const std::string& model_id, int64_t version) {
  get_mutable(user, model_id, version);  // exists, or throws
  models_[{user, model_id}].active = version;
}

const ModelEntry* ModelRegistry::find(const std::string& user, const std::string& model_id) const {
  auto it = models_.find({user, model_id});
  return it == models_.end() ? nullptr : &it->second;
}

int64_t ModelRegistry::next_version(const std::string& user, const std::string& model_id) const {
  const ModelEntry* e = find(user, model_id);
  return e && !e->versions.empty() ? e->versions.back().version + 1 : 1;
}

void ModelRegistry::drop_versions(const std::string& user, const std::string& model_id, const std::vector<int64_t>& versions) {
  if (versions.empty()) return;  // and no entry made
  auto& kept = models_[{user, model_id}].versions;
  for (const int64_t version : versions) {
    auto it = std::find_if(kept.begin(), kept.end(), [&](const StoredVersion& v) { return v.version == version; });
    if (it != kept.end()) kept.erase(it);  // already gone (add()'s cap) is fine
  }
}

const Experiment& ModelRegistry::experiment(const std::string& name) const {
  auto it = experiments_.find(name);
  if (it == experiments_.end()) fail(code::not_found, "experiment", "no experiment named '%.*s'", int(name.size()), name.data());
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

}  // namespace nestegg
