// SPDX-License-Identifier: MIT
// The one table that maps method names to handlers. The native CLI, the wasm module and the edge
// HTTP handler all reach the engine through it; `info` lists it, so the JS typed methods and the
// HTTP routes are generated from it rather than written out a second time.
#pragma once
#include <string_view>
#include <vector>

#include "call_context.hpp"
#include "json_reader.hpp"

namespace nestegg {

struct MethodSpec {
  const char* name;     // dotted: "goals.timeline"
  const char* summary;  // one line, shown by info, the CLI help and the OpenAPI document
  Handler handler;
  bool deterministic;   // same request -> same response (safe to cache)
  bool persists = false;  // changes engine state a host should save (the model registry)
  // Reads the model registry: its answer depends on what the host loaded (a host that could not
  // load the registry refuses these rather than answer "no models").
  bool registry = false;
  // Bulk numeric fields the request reader packs into doubles as it reads (json_reader.hpp);
  // a list ended by a null path, or null.
  const PackedField* packed = nullptr;
};

const std::vector<MethodSpec>& method_table();
const MethodSpec* find_method(std::string_view name);

}  // namespace nestegg
