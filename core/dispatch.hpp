// SPDX-License-Identifier: MIT
// The one table that maps method names to handlers. The native CLI, the wasm module and the edge
// HTTP handler all reach the engine through it; `info` lists it, so the JS typed methods and the
// HTTP routes are generated from it rather than written out a second time.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "civil_date.hpp"

namespace nestegg {

class Engine;
class ModelRegistry;
struct Attachment;
struct EngineConfig;

// What a handler may use besides its request: no clocks or globals of its own.
struct CallContext {
  const Engine& engine;
  const EngineConfig& config;
  Date today;
  std::string now;          // ISO timestamp for records (midnight of config.today when it is fixed)
  ModelRegistry& registry;  // the engine's trained models and experiments
  const std::map<std::string, Attachment>& attachments;
  std::map<std::string, Attachment>& outputs;  // bulk results handed back without JSON text
  std::vector<nlohmann::json> warnings;  // {"code", "message", "field"} objects
};

using Handler = nlohmann::json (*)(const nlohmann::json& request, CallContext& ctx);

struct MethodSpec {
  const char* name;     // dotted: "goals.timeline"
  const char* summary;  // one line, shown by info, the CLI help and the OpenAPI document
  Handler handler;
  bool deterministic;   // same request -> same response (safe to cache)
  bool persists = false;  // changes engine state a host should save (the model registry)
};

const std::vector<MethodSpec>& method_table();
// Turns the fields a handler never read into "unknown_field" warnings (when the config wants them).
void warn_unread(const class Fields& fields, CallContext& ctx);
const MethodSpec* find_method(std::string_view name);

}  // namespace nestegg
