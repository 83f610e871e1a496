// SPDX-License-Identifier: MIT
// What a method handler is given besides its request, and the handler's shape. The engine builds
// one CallContext per call; handlers never reach for clocks or globals of their own.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "civil_date.hpp"
#include "model_registry.hpp"
#include "warning.hpp"

namespace nestegg {

class Engine;  // engine/engine.hpp: only the engine's own service handlers look inside
class Fields;

// Size limits checked before work starts (the engine config's "limits").
struct Limits {
  int64_t max_request_bytes = 8 << 20;  // larger bodies are refused before parsing
  int64_t max_json_depth = 64;          // nesting deeper than this is refused as the request is read
  int64_t max_array_items = 100000;     // any one array in a request
  int64_t max_paths = 100000;           // Monte Carlo paths
  int64_t max_simulation_steps = 50000000;  // paths x months
};

// A bulk numeric input handed over without JSON text (the wasm build's typed-array path): a request
// names it as "attachment:NAME" where a matrix or vector would go.
struct Attachment {
  std::vector<double> values;  // row-major
  int64_t rows = 0;
  int64_t cols = 0;
};

struct CallContext {
  const Engine& engine;
  const Limits& limits;
  bool warn_unknown_fields;
  Date today;
  std::string now;          // ISO timestamp for records (midnight of config.today when it is fixed)
  ModelRegistry& registry;  // the engine's trained models and experiments
  const std::map<std::string, Attachment>& attachments;
  std::map<std::string, Attachment>& outputs;  // bulk results handed back without JSON text
  std::vector<Warning> warnings;
};

using Handler = nlohmann::json (*)(const nlohmann::json& request, CallContext& ctx);

// Turns the fields a handler never read into "unknown_field" warnings (when the config wants them).
void warn_unread(const Fields& fields, CallContext& ctx);

// [{"code", "message", "field"}, ...] as responses carry them.
nlohmann::json warnings_json(const std::vector<Warning>& warnings);

}  // namespace nestegg
