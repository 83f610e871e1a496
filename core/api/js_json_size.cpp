// SPDX-License-Identifier: MIT
#include "js_json_size.hpp"

#include <cmath>
#include <cstdlib>  // llabs

namespace nestegg {

int64_t ecmascript_number_length(double x) {
  if (!std::isfinite(x)) return 4;  // null
  if (x == 0) return 1;             // "0", -0 included
  char buf[64];
  const char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, x);
  const char* p = buf;
  int64_t length = 0;
  if (*p == '-') ++length, ++p;
  // value = 0.DIGITS x 10^n: gather the digits between the first and last non-zero ones, and n.
  int64_t n = 0, digits = 0, zeros_run = 0;
  bool before_point = true, started = false;
  for (; p < end && *p != 'e'; ++p) {
    if (*p == '.') {
      before_point = false;
    } else if (!started && *p == '0') {
      if (!before_point) --n;  // a leading zero after the point: 0.00ddd
    } else {
      started = true;
      if (before_point) ++n;
      if (*p == '0') {
        ++zeros_run;
      } else {
        digits += zeros_run + 1;
        zeros_run = 0;
      }
    }
  }
  if (p < end) {  // "e+20", "e-06"
    const bool minus = p[1] == '-';
    int64_t e = 0;
    for (p += 2; p < end; ++p) e = e * 10 + (*p - '0');
    n += minus ? -e : e;
  }
  const int64_t k = digits;
  if (k <= n && n <= 21) return length + n;                   // 12300
  if (0 < n && n <= 21) return length + k + 1;                // 12.3
  if (-6 < n && n <= 0) return length + 2 - n + k;            // 0.00123
  const int64_t e = std::llabs(n - 1);
  return length + k + (k > 1 ? 1 : 0) + 2 + (e >= 100 ? 3 : e >= 10 ? 2 : 1);  // 1.23e-7, 1e+21
}

int64_t json_string_length(const std::string& s) {
  int64_t n = 2;
  for (const unsigned char c : s) {
    const bool short_escape = c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t';
    n += short_escape ? 2 : c < 0x20 ? 6 : 1;  // \n, or \u001f
  }
  return n;
}

void add_js_json_size(const nlohmann::json& value, JsonSize& size, int64_t depth) {
  ++size.values;
  const int64_t separators = value.empty() ? 0 : int64_t(value.size()) - 1;
  if (value.is_structured() && depth + 1 > size.depth) size.depth = depth + 1;
  // Read through pointers: get<T>() would bring nlohmann's type_error paths (bytes) for types that cannot occur.
  if (const auto* object = value.get_ptr<const nlohmann::json::object_t*>()) {
    size.bytes += 2 + separators;
    for (const auto& [key, member] : *object) {
      ++size.values;
      size.bytes += json_string_length(key) + 1;  // "key":
      add_js_json_size(member, size, depth + 1);
    }
  } else if (const auto* array = value.get_ptr<const nlohmann::json::array_t*>()) {
    size.bytes += 2 + separators;
    for (const auto& item : *array) add_js_json_size(item, size, depth + 1);
  } else if (const auto* text = value.get_ptr<const std::string*>()) {
    size.bytes += json_string_length(*text);
  } else if (const auto* flag = value.get_ptr<const bool*>()) {
    size.bytes += *flag ? 4 : 5;
  } else if (const auto* x = value.get_ptr<const double*>()) {
    size.bytes += ecmascript_number_length(*x);
  } else if (const auto* i = value.get_ptr<const int64_t*>()) {
    size.bytes += ecmascript_number_length(double(*i));  // JavaScript holds every number as a double
  } else if (const auto* u = value.get_ptr<const uint64_t*>()) {
    size.bytes += ecmascript_number_length(double(*u));
  } else {
    size.bytes += 4;  // null
  }
}

}  // namespace nestegg
