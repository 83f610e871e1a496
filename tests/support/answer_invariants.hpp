// SPDX-License-Identifier: MIT
// What every answer of the engine must satisfy, whatever the request, written once for the two
// places that throw hostile input at it: the Catch2 robustness sweep (tests/unit/robustness_test.cpp)
// and the libFuzzer harness (tests/fuzz/fuzz_engine.cpp). A result must be true, not only
// well-formed: numbers finite, dates and months real, probabilities in [0, 1], money on the cent,
// every lower bound at or below its upper bound, and the per-method facts below (a reachable goal
// reaches its target, a paid-off debt is at zero). An error must name code, message and field and
// never be `internal`.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace nestegg::testing {

// Every rule the answer breaks, one line each (empty: none). `request` may be any JSON value (a
// fuzzed request that did not parse is passed as an empty object).
std::vector<std::string> answer_violations(std::string_view method, const nlohmann::json& request,
                                           const nlohmann::json& response);

// Keys whose numbers are money, rounded to the cent in every answer (README "Conventions").
bool is_money_key(const std::string& key);

}  // namespace nestegg::testing
