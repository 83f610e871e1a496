// SPDX-License-Identifier: MIT
#include "js_json_size.hpp"

#include <cmath>

#include "format_number.hpp"

namespace nestegg {

int64_t ecmascript_number_length(double x) {
  if (!std::isfinite(x)) return 4;  // null
  if (x == 0) return 1;             // "0", -0 included
  // The digits nlohmann's writer chooses (to_chars' Grisu2), laid out without writing them as
  // text and reading them back: a stored model's record is sized number by number.
  char digits[32];
  int k = 0, exponent = 0;  // |x| = digits x 10^exponent
  nlohmann::detail::dtoa_impl::grisu2(digits, k, exponent, std::fabs(x));
  while (k > 1 && digits[k - 1] == '0') --k, ++exponent;
  return int64_t(ecmascript_digits_layout(x < 0, digits, k, k + exponent, nullptr));
}

int64_t json_string_length(const std::string& s) {
  int64_t n = 2;
  for (const unsigned char c : s) {
    const bool short_escape = c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t';
    n += short_escape ? 2 : c < 0x20 ? 6 : 1;  // \n, or \u001f
  }
  return n;
}

void add_js_json_size(const nlohmann::json& value, JsonSize& size, int64_t depth, bool exact) {
  ++size.values;
  const int64_t separators = value.empty() ? 0 : int64_t(value.size()) - 1;
  if (value.is_structured() && depth + 1 > size.depth) size.depth = depth + 1;
  // Read through pointers: get<T>() would bring nlohmann's type_error paths (bytes) for types that cannot occur.
  if (const auto* object = value.get_ptr<const nlohmann::json::object_t*>()) {
    size.bytes += 2 + separators;
    for (const auto& [key, member] : *object) {
      ++size.values;
      size.bytes += json_string_length(key) + 1;  // "key":
      add_js_json_size(member, size, depth + 1, exact);
    }
  } else if (const auto* array = value.get_ptr<const nlohmann::json::array_t*>()) {
    size.bytes += 2 + separators;
    for (const auto& item : *array) add_js_json_size(item, size, depth + 1, exact);
  } else if (const auto* text = value.get_ptr<const std::string*>()) {
    size.bytes += json_string_length(*text);
  } else if (const auto* flag = value.get_ptr<const bool*>()) {
    size.bytes += *flag ? 4 : 5;
  } else if (const auto* x = value.get_ptr<const double*>()) {
    size.bytes += exact ? ecmascript_number_length(*x) : kMaxEcmascriptNumberLength;
  } else if (const auto* i = value.get_ptr<const int64_t*>()) {
    size.bytes += ecmascript_number_length(double(*i));  // JavaScript holds every number as a double
  } else if (const auto* u = value.get_ptr<const uint64_t*>()) {
    size.bytes += ecmascript_number_length(double(*u));
  } else {
    size.bytes += 4;  // null
  }
}

}  // namespace nestegg
