// SPDX-License-Identifier: MIT
#include "registry_codec.hpp"

#include <algorithm>

#include "error.hpp"
#include "format_text.hpp"
#include "js_json_size.hpp"
#include "request.hpp"
#include "savings_model_codec.hpp"
#include "train_options.hpp"

namespace nestegg {

using nlohmann::json;

json registry_list_json(const ModelRegistry& registry, const std::string& user) {
  json out = json::array();
  for (const auto& [key, entry] : registry.models()) {
    if (key.first != user) continue;
    json versions = json::array();
    for (const auto& v : entry.versions) {
      versions.push_back(object({{"version", v.version}, {"trained_at", v.trained_at}, {"active", v.version == entry.active},
                                 {"experiment", v.experiment}, {"variant", v.variant},
                                 {"evaluations", v.evaluations.size()}, {"metrics", model_metrics_json(v.model)}}));
    }
    out.push_back(object({{"model_id", key.second}, {"active_version", entry.active}, {"versions", versions}}));
  }
  return out;
}

static json version_json(const StoredVersion& v, const std::vector<Evaluation>& evaluations) {
  json evals = json::array();
  for (const auto& ev : evaluations) evals.push_back({ev.month, ev.actual, ev.predicted});
  return object({{"version", v.version}, {"model", model_to_json(v.model)}, {"trained_at", v.trained_at},
                 {"experiment", v.experiment}, {"variant", v.variant}, {"evaluations", std::move(evals)}});
}

static json experiment_json(const Experiment& e) {
  json variants = json::array();
  for (const auto& v : e.variants) variants.push_back(object({{"name", v.name}, {"weight", v.weight}, {"options", parse_json(v.options)}}));
  return object({{"variants", std::move(variants)}});
}

json registry_snapshot_json(const ModelRegistry& registry) {
  json models = json::array();
  for (const auto& [key, entry] : registry.models()) {
    json versions = json::array();
    for (const auto& v : entry.versions) versions.push_back(version_json(v, v.evaluations));
    models.push_back(object({{"user_id", key.first}, {"model_id", key.second}, {"active", entry.active}, {"versions", std::move(versions)}}));
  }
  json experiments = json::object();
  for (const auto& [name, e] : registry.experiments()) experiments[name] = experiment_json(e);
  return object({{"format", "nestegg.registry/1"}, {"models", std::move(models)}, {"experiments", std::move(experiments)}});
}

static StoredVersion read_version(const json& j, const std::string& at) {
  const Fields v(j, at);
  StoredVersion sv;
  sv.version = v.integer_or("version", 0, 1, kMaxVersionNumber);
  sv.model = model_from_json(v.value("model"), at + ".model");
  sv.trained_at = v.text("trained_at", 0, 64);
  sv.experiment = v.text("experiment", 0, 200);
  sv.variant = v.text("variant", 0, 64);
  const json& evals = v.array("evaluations", 0, ModelRegistry::kMaxEvaluations);
  for (size_t e = 0; e < evals.size(); ++e) {
    const std::string eat = format_text("%.*s.evaluations[%zu]", int(at.size()), at.data(), e);
    if (!evals[e].is_array() || evals[e].size() != 3 || !evals[e][0].is_string()) {
      fail_at(code::wrong_type, eat, " must be [month, actual, predicted]");
    }
    const Range range{-kMaxEvaluationValue, kMaxEvaluationValue};
    sv.evaluations.push_back({evals[e][0].get<std::string>(), checked_number(evals[e][1], FieldPath::item(eat, 1), range),
                              checked_number(evals[e][2], FieldPath::item(eat, 2), range)});
  }
  return sv;
}

void registry_import(ModelRegistry& registry, const json& snapshot, bool merge, const Limits& limits) {
  const Fields f(snapshot, "snapshot");
  if (f.text("format", 0, 64) != "nestegg.registry/1") {
    fail_at(code::invalid_value, "snapshot.format", " must be \"nestegg.registry/1\"");
  }
  ModelRegistry::Models models;
  const json& list = f.array("models", 0, 1000000);
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = format_text("snapshot.models[%zu]", i);
    const Fields m(list[i], at);
    ModelEntry entry;
    entry.active = m.integer_or("active", 0, 0, kMaxVersionNumber);
    const json& versions = m.array("versions", 1, ModelRegistry::kMaxVersions);
    for (size_t k = 0; k < versions.size(); ++k) {
      const std::string vat = format_text("%.*s.versions[%zu]", int(at.size()), at.data(), k);
      entry.versions.push_back(read_version(versions[k], vat));
      // Numbered as training numbers them, so the next version is new and a number names one.
      if (k > 0 && entry.versions[k].version <= entry.versions[k - 1].version) {
        fail_at(code::invalid_value, FieldPath(vat, "version"), " must be above the version before it");
      }
    }
    if (entry.active == 0) entry.active = entry.versions.back().version;  // none named: the latest, as training makes it
    const bool known = std::any_of(entry.versions.begin(), entry.versions.end(),
                                   [&](const StoredVersion& v) { return v.version == entry.active; });
    if (!known) fail_at(code::invalid_value, FieldPath(at, "active"), " must be one of its versions");
    std::string user = m.text("user_id", 1, 200), model_id = m.text("model_id", 1, 200);
    check_model_record(user, model_id, entry, entry.active, limits, at);  // the next start must be able to read it
    auto [it, added] = models.emplace(std::make_pair(std::move(user), std::move(model_id)), std::move(entry));
    if (!added) {
      fail(code::invalid_value, FieldPath(at, "model_id"), "%.*s repeats a user_id and model_id listed before it",
           int(at.size()), at.data());
    }
  }
  ModelRegistry::Experiments experiments;
  if (const json* all = f.optional_value("experiments")) {
    for (const auto& [name, e] : all->items()) {
      const std::string at = "snapshot.experiments." + name;
      const Fields ef(e, at);
      // As savings.experiment reads them: an imported experiment is one it would have accepted.
      const Experiment& read = experiments[name] = read_variants(ef.array("variants", 2, 16), ef.at("variants"));
      check_experiment_record(name, read, limits, at.c_str());
    }
  }
  if (merge) registry.merge(std::move(models), std::move(experiments));
  else registry.replace(std::move(models), std::move(experiments));
}

// A stored record over the limits its load request is held to: too_large on `field`, naming the
// first limit it passes. `what` is "model" or "experiment".
static bool over_limits(const JsonSize& total, const Limits& limits) {
  return total.bytes > limits.max_request_bytes || total.values > limits.max_json_values || total.depth > limits.max_json_depth;
}

static void refuse_over_limits(const JsonSize& total, const Limits& limits, const char* what, const char* field) {
  if (!over_limits(total, limits)) return;
  const bool bytes = total.bytes > limits.max_request_bytes, values = !bytes && total.values > limits.max_json_values;
  fail(code::too_large, field, "the %s's stored record would be %lld %s, over limits.max_%s (%lld)", what,
       static_cast<long long>(bytes ? total.bytes : values ? total.values : total.depth),
       bytes ? "bytes" : values ? "values and keys" : "levels deep", bytes ? "request_bytes" : values ? "json_values" : "json_depth",
       static_cast<long long>(bytes ? limits.max_request_bytes : values ? limits.max_json_values : limits.max_json_depth));
}

// The request the package reads a model's record back with (npm/src/registry_records.js,
// importRequest(), which tests/js/savings.test.mjs measures too), 20 values and keys around the
// versions, without them.
static JsonSize model_record_frame(const std::string& user, const std::string& model_id, int64_t active) {
  static constexpr char kRequest[] =
      R"({"snapshot":{"format":"nestegg.registry/1","models":[{"active":,"model_id":,"user_id":,"versions":[]}],)"
      R"("experiments":{}},"merge":true})";
  return {int64_t(sizeof kRequest) - 1 + ecmascript_number_length(double(active)) + json_string_length(model_id) +
              json_string_length(user),
          20, 5};
}

// One version's object in that request, 6 levels deep, with `evaluations` in place of its own;
// with `exact` false, an upper bound (add_js_json_size).
static JsonSize version_record_size(const StoredVersion& v, const std::vector<Evaluation>& evaluations, bool exact = true) {
  JsonSize size{};
  add_js_json_size(version_json(v, evaluations), size, 5, exact);
  return size;
}

// Adds a version's size to a record's, with the comma before all but the first.
static void add_version(JsonSize& total, const JsonSize& version, bool first) {
  total.bytes += version.bytes + !first;
  total.values += version.values;
  total.depth = std::max(total.depth, version.depth);
}

// A held version's size, measured once (a version changes only through evaluate, which measures
// it again).
static JsonSize held_version_size(const StoredVersion& v) {
  if (v.sized_bytes < 0) {
    const JsonSize size = version_record_size(v, v.evaluations);
    v.sized_bytes = size.bytes, v.sized_values = size.values, v.sized_depth = size.depth;
  }
  return {v.sized_bytes, v.sized_values, v.sized_depth};
}

void check_model_record(const std::string& user, const std::string& model_id, const ModelEntry& entry, int64_t active,
                        const Limits& limits, const std::string& field) {
  // An upper bound first settles all but records near a limit without finding any number's digits
  // (an import is read at every start, a record at a time); those are measured exactly.
  JsonSize bound = model_record_frame(user, model_id, active);
  for (size_t i = 0; i < entry.versions.size(); ++i)
    add_version(bound, version_record_size(entry.versions[i], entry.versions[i].evaluations, false), i == 0);
  if (!over_limits(bound, limits)) return;
  JsonSize total = model_record_frame(user, model_id, active);
  for (size_t i = 0; i < entry.versions.size(); ++i) add_version(total, held_version_size(entry.versions[i]), i == 0);
  refuse_over_limits(total, limits, "model", field.c_str());
}

std::vector<int64_t> versions_to_drop(const ModelRegistry& registry, const std::string& user, const std::string& model_id,
                                      const StoredVersion* added, int64_t active, int64_t keep,
                                      const std::vector<Evaluation>* keep_evaluations, const Limits& limits, const char* field) {
  const ModelEntry* entry = registry.find(user, model_id);
  const size_t held = entry ? entry->versions.size() : 0;
  // "active" counted as the newest number: savings.activate of a trained model need not fail.
  JsonSize total = model_record_frame(user, model_id, added ? added->version : entry->versions.back().version);
  std::vector<JsonSize> sizes(held + (added != nullptr));
  for (size_t i = 0; i < sizes.size(); ++i) {
    const StoredVersion& v = i < held ? entry->versions[i] : *added;
    const bool changing = keep_evaluations && v.version == keep;
    sizes[i] = changing ? version_record_size(v, *keep_evaluations) : held_version_size(v);
    add_version(total, sizes[i], i == 0);
  }
  const auto over = [&] { return total.bytes > limits.max_request_bytes || total.values > limits.max_json_values; };
  // Oldest first; never the version in use, `keep`, nor the newest held when none is added (a new
  // version's number follows the newest's: a number must never name two versions). Past
  // kMaxVersions the oldest go too, as add() would drop them. Each goes with its comma.
  std::vector<int64_t> dropped;
  size_t count = sizes.size();
  for (size_t i = 0; i < held && (over() || count > ModelRegistry::kMaxVersions); ++i) {
    const int64_t v = entry->versions[i].version;
    if (v == active || v == keep || (!added && i + 1 == held)) continue;
    total.bytes -= sizes[i].bytes + 1;
    total.values -= sizes[i].values;
    dropped.push_back(v);
    --count;
  }
  refuse_over_limits(total, limits, "model", field);
  return dropped;
}

void check_experiment_record(const std::string& name, const Experiment& e, const Limits& limits, const char* field) {
  // The request that loads the experiment's record (registry_records.js, importRequest()): 12
  // values and keys around it, its object 4 levels deep.
  static constexpr char kRequest[] =
      R"({"snapshot":{"format":"nestegg.registry/1","models":[],"experiments":{:}},"merge":true})";
  JsonSize total{int64_t(sizeof kRequest) - 1 + json_string_length(name), 12, 3};
  add_js_json_size(experiment_json(e), total, 3);
  refuse_over_limits(total, limits, "experiment", field);
}

}  // namespace nestegg
