// SPDX-License-Identifier: MIT
// Reading one request object field by field, validating as it goes. Every rule failure becomes a
// NesteggError naming the field by its dotted path and the rule it broke, so handlers never see a
// NaN, a wrong type or an impossible date. Fields the handler never asked for are reported back
// as warnings (a typo such as "montly_contribution" should not pass in silence).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "civil_date.hpp"
#include "error.hpp"
#include "format_number.hpp"
#include "json_build.hpp"

namespace nestegg {

using json = nlohmann::json;

struct Range {
  double lo;
  double hi;
};

class Fields {
 public:
  // `where` is the dotted path of this object inside the request ("" for the top level), written
  // here rather than by the caller ("goals[2]" is FieldPath::item("goals", 2)).
  Fields(const json& object, const FieldPath& where = FieldPath(""));

  double number(const char* name, Range range) const;
  double number_or(const char* name, double fallback, Range range) const;
  std::optional<double> optional_number(const char* name, Range range) const;
  int64_t integer_or(const char* name, int64_t fallback, int64_t lo, int64_t hi) const;
  std::optional<int64_t> optional_integer(const char* name, int64_t lo, int64_t hi) const;
  bool boolean_or(const char* name, bool fallback) const;
  Date date(const char* name) const;
  Date date_or(const char* name, const Date& fallback) const;
  std::optional<Date> optional_date(const char* name) const;
  std::string choice_or(const char* name, const char* fallback, const std::vector<std::string>& allowed) const;
  // A string of min_len to max_len characters; text_or gives `fallback` when the field is absent.
  std::string text(const char* name, size_t min_len, size_t max_len) const;
  std::string text_or(const char* name, const std::string& fallback, size_t min_len, size_t max_len) const;
  // Arrays of min_items to max_items strings / numbers within `range`; items are named name[i].
  std::vector<std::string> texts(const char* name, size_t min_items, size_t max_items) const;
  std::vector<double> numbers(const char* name, size_t min_items, size_t max_items, Range range) const;
  // An array with at most `max_len` items (empty allowed only when min_len is 0).
  const json& array(const char* name, size_t min_len, size_t max_len) const;
  const json* optional_array(const char* name, size_t min_len, size_t max_len) const;
  bool has(const char* name) const;
  // A field's raw value for readers with rules of their own (a series, a matrix): value() throws
  // missing_field when it is absent or null, optional_value() gives nullptr. Neither ever indexes a
  // key that is not there (nlohmann's const operator[] on a missing key is undefined behaviour).
  const json& value(const char* name) const;
  const json* optional_value(const char* name) const;
  // A child object read with the same rules, its path continuing this one's ("design.rows").
  Fields object(const char* name) const;
  std::optional<Fields> optional_object(const char* name) const;

  std::string path(const std::string& name) const { return where_.empty() ? name : where_ + "." + name; }
  // The same path, written only if an error is thrown (error.hpp's fail).
  FieldPath at(std::string_view name) const { return FieldPath(where_, name); }
  // Keys present in the object that no accessor read, as dotted paths.
  std::vector<std::string> unread() const;
  // The object with only the members some accessor read: what is kept of a request where the rest
  // was warned about as ignored.
  json read_members() const;

 private:
  const json* find(const char* name) const;
  const json& object_;
  std::string where_;
  // The names asked for, in order (a handler asks for a dozen at most): a vector of short strings
  // costs no allocation per name, where a set cost a tree node each (a tenth of a small call in wasm).
  mutable std::vector<const json*> read_;  // the members an accessor looked up
};

// A single number (array item, say) validated like a field.
double checked_number(const json& value, const FieldPath& path, Range range);
// Item i of an array of numbers, validated the same way; its path ("series[3]") is built only for
// an error: arrays run to thousands of items, and a string per item cost more than the rest of a
// small forecast's input handling.
double checked_item(const json& array, size_t i, const std::string& array_path, Range range);
// JSON text to a document, through the engine's own reader (json_reader.hpp: nlohmann's grammar
// and documents, faster, and nlohmann's parser is never instantiated). Throws nlohmann's
// parse_error / out_of_range, and NesteggError too_large past `max_depth` levels of nesting.
json parse_json(std::string_view text, int64_t max_depth = 512);
const char* describe(const json& value);  // "a string", "null", ... for error messages

}  // namespace nestegg
