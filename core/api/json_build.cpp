// SPDX-License-Identifier: MIT
#include "json_build.hpp"

namespace nestegg {

nlohmann::json object(std::initializer_list<Member> members) {
  nlohmann::json out = nlohmann::json::object();
  for (const Member& m : members) out[m.key] = std::move(m.value);
  return out;
}

void put(nlohmann::json& object, const char* key, nlohmann::json value) { object[key] = std::move(value); }

}  // namespace nestegg
