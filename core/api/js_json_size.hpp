// SPDX-License-Identifier: MIT
// How large a JSON document is once JavaScript has read it and written it out again
// (JSON.parse, then JSON.stringify): its UTF-8 bytes, and the values and object keys the engine's
// request reader counts (limits.max_json_values). The npm package stores each registry record as
// JavaScript writes it and loads it back as a request, so this is what decides whether a record
// the engine stores can be read at its next start (registry_codec's versions_to_drop).
//
// Numbers are counted in ECMAScript's notation, which differs from nlohmann's in length:
// 1e+20 is written 100000000000000000000, 1.5e-06 is 0.0000015, 3.0 is 3, 1e-07 is 1e-7. The
// digits are those nlohmann's writer chooses (Grisu2: the shortest as a rule, but not always:
// 0.00072951 comes out as 0.0007295099999999999), so the bytes are never fewer than JavaScript's,
// and now and then more.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace nestegg {

struct JsonSize {
  int64_t bytes = 0;
  int64_t values = 0;  // values at any depth, the document itself included, plus object keys
  int64_t depth = 0;   // the deepest object or array, counted as the reader does (limits.max_json_depth)
};

// Characters of a double as ECMAScript's Number::toString writes it ("null" for NaN and infinities,
// as JSON.stringify does).
int64_t ecmascript_number_length(double x);

// Bytes of a string as JSON text: quoted, escaped as JSON.stringify escapes.
int64_t json_string_length(const std::string& s);

// Adds `value`'s size to `size`, `value` sitting inside `depth` objects and arrays. With `exact`
// false every number counts as its longest form could be (kMaxEcmascriptNumberLength): an upper
// bound on the bytes that finds no number's digits; values and depth are exact either way.
void add_js_json_size(const nlohmann::json& value, JsonSize& size, int64_t depth = 0, bool exact = true);

// The most characters ecmascript_number_length gives: "-0.0000012345678901234567".
inline constexpr int64_t kMaxEcmascriptNumberLength = 25;

}  // namespace nestegg
