// SPDX-License-Identifier: MIT
// Documents the engine keeps or logs (a savings model, the registry snapshot, metrics, log lines),
// assembled by moves, out of line. Answers are not built this way: handlers write them as text
// through json_writer.hpp.
//   object({{"a", 1}, {"b", std::move(x)}})  an object literal (members moved in, never copied);
//   put(o, "c", std::move(y))                 one member added later (a conditional one, say).
// nlohmann's own initializer-list construction (json x = {{"a", 1}}) expands inline at every use
// and copies each member twice; routed through these two functions the same objects cost a
// fraction of the code, which is what keeps the .wasm inside its budget.
#pragma once
#include <initializer_list>
#include <utility>

#include <nlohmann/json.hpp>

namespace nestegg {

struct Member {  // an aggregate: {"a", x} builds the value in place
  const char* key;
  // An initializer_list hands out its items as const: mutable lets object() move the value out
  // instead of deep-copying it (a forecast's arrays, a savings model's covariance).
  mutable nlohmann::json value;
};

// object({{"a", 1}, {"b", x}}): a JSON object with the members given (keys sort anyway).
nlohmann::json object(std::initializer_list<Member> members);

// object[key] = value.
void put(nlohmann::json& object, const char* key, nlohmann::json value);

}  // namespace nestegg
