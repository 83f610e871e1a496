// SPDX-License-Identifier: MIT
// Building response objects out of line. nlohmann's initializer-list construction
// (json x = {{"a", 1}, {"b", 2}}) expands inline at every use; routed through these two functions
// the same objects cost a fraction of the code, which is what keeps the .wasm inside its budget.
#pragma once
#include <initializer_list>
#include <utility>

#include <nlohmann/json.hpp>

namespace nestegg {

using Member = std::pair<const char*, nlohmann::json>;

// object({{"a", 1}, {"b", x}}): a JSON object with the members in order given (keys sort anyway).
nlohmann::json object(std::initializer_list<Member> members);

// object[key] = value.
void put(nlohmann::json& object, const char* key, nlohmann::json value);

}  // namespace nestegg
