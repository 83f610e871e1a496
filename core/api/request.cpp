// SPDX-License-Identifier: MIT
#include "request.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "error.hpp"
#include "format_number.hpp"
#include "json_reader.hpp"

namespace nestegg {

const char* describe(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    default: return "a number";
  }
}

json parse_json(std::string_view text, int64_t max_depth) { return read_json(text, max_depth); }

double checked_number(const json& v, const FieldPath& path, Range range) {
  if (!v.is_number()) fail_at(code::wrong_type, path, " must be a number, got %s", describe(v));
  const double x = v.get<double>();
  if (!std::isfinite(x)) fail_at(code::not_finite, path, " must be a finite number");
  if (x < range.lo || x > range.hi) {
    fail_at(code::out_of_range, path, " must be between %s and %s, got %s", format_shortest(range.lo).c_str(),
            format_shortest(range.hi).c_str(), format_shortest(x).c_str());
  }
  return x;
}

double checked_item(const json& array, size_t i, const std::string& array_path, Range range) {
  const json& v = array[i];
  if (const double* d = v.get_ptr<const json::number_float_t*>()) {  // most items: no conversion
    if (std::isfinite(*d) && *d >= range.lo && *d <= range.hi) return *d;
  } else if (const uint64_t* u = v.get_ptr<const json::number_unsigned_t*>()) {  // whole amounts
    const double x = double(*u);
    if (x >= range.lo && x <= range.hi) return x;
  } else if (v.is_number()) {
    const double x = v.get<double>();
    if (std::isfinite(x) && x >= range.lo && x <= range.hi) return x;
  }
  return checked_number(v, FieldPath::item(array_path, i), range);  // throws
}

Fields::Fields(const json& object, const FieldPath& where) : object_(object), where_(where.text()) {
  if (!object_.is_object()) {
    fail(code::wrong_type, where_, "%.*s must be a JSON object, got %s", int(where_.empty() ? 11 : where_.size()),
         where_.empty() ? "the request" : where_.data(), describe(object_));
  }
}

const json* Fields::find(const char* name) const {
  auto it = object_.find(name);
  if (it == object_.end()) return nullptr;
  read_.push_back(&*it);  // only present members can be unread: their values' addresses say which
  // An explicit null means "not given", the way JSON APIs usually treat optional fields.
  if (it->is_null()) return nullptr;
  return &*it;
}

bool Fields::has(const char* name) const { return find(name) != nullptr; }

const json* Fields::optional_value(const char* name) const { return find(name); }

const json& Fields::value(const char* name) const {
  const json* v = find(name);
  if (!v) fail_at(code::missing_field, at(name), " is required");
  return *v;
}

Fields Fields::object(const char* name) const { return Fields(value(name), at(name)); }

std::optional<Fields> Fields::optional_object(const char* name) const {
  const json* v = find(name);
  if (!v) return std::nullopt;
  return Fields(*v, at(name));
}

double Fields::number(const char* name, Range range) const {
  const json* v = find(name);
  if (!v) fail_at(code::missing_field, at(name), " is required");
  return checked_number(*v, at(name), range);
}

double Fields::number_or(const char* name, double fallback, Range range) const {
  return optional_number(name, range).value_or(fallback);
}

std::optional<double> Fields::optional_number(const char* name, Range range) const {
  const json* v = find(name);
  if (!v) return std::nullopt;
  return checked_number(*v, at(name), range);
}

std::optional<int64_t> Fields::optional_integer(const char* name, int64_t lo, int64_t hi) const {
  const json* v = find(name);
  if (!v) return std::nullopt;
  const double x = checked_number(*v, at(name), Range{double(lo), double(hi)});
  if (x != std::floor(x)) fail_at(code::wrong_type, at(name), " must be a whole number, got %s", format_shortest(x).c_str());
  return int64_t(x);
}

int64_t Fields::integer_or(const char* name, int64_t fallback, int64_t lo, int64_t hi) const {
  return optional_integer(name, lo, hi).value_or(fallback);
}

bool Fields::boolean_or(const char* name, bool fallback) const {
  const json* v = find(name);
  if (!v) return fallback;
  if (!v->is_boolean()) fail_at(code::wrong_type, at(name), " must be true or false, got %s", describe(*v));
  return v->get<bool>();
}

std::optional<Date> Fields::optional_date(const char* name) const {
  const json* v = find(name);
  if (!v) return std::nullopt;
  if (!v->is_string()) fail_at(code::wrong_type, at(name), " must be a date string YYYY-MM-DD, got %s", describe(*v));
  auto d = parse_date(v->get_ref<const std::string&>());
  if (!d) {
    fail_at(code::invalid_date, at(name), " must be a real calendar date YYYY-MM-DD between %d and %d", int(kMinYear),
            int(kMaxYear));
  }
  return d;
}

Date Fields::date(const char* name) const {
  auto d = optional_date(name);
  if (!d) fail_at(code::missing_field, at(name), " is required");
  return *d;
}

Date Fields::date_or(const char* name, const Date& fallback) const {
  return optional_date(name).value_or(fallback);
}

std::string Fields::choice_or(const char* name, const char* fallback, const std::vector<std::string>& allowed) const {
  const json* v = find(name);
  if (!v) return fallback;
  if (!v->is_string()) fail_at(code::wrong_type, at(name), " must be a string, got %s", describe(*v));
  const std::string& s = v->get_ref<const std::string&>();
  for (const auto& a : allowed) {
    if (a == s) return s;
  }
  std::string list;
  for (const auto& a : allowed) (list += list.empty() ? "" : ", ") += a;
  fail_at(code::invalid_value, at(name), " must be one of: %.*s", int(list.size()), list.data());
}

// Characters as people count them: UTF-8 code points (the reader has checked the encoding), not
// bytes — "é" is one, an emoji one.
static size_t code_points(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

static std::string checked_text(const json& v, const FieldPath& path, size_t min_len, size_t max_len) {
  if (!v.is_string()) fail_at(code::wrong_type, path, " must be a string, got %s", describe(v));
  const std::string& s = v.get_ref<const std::string&>();
  // Bytes bound code points from above, and for a minimum of 0 or 1 they agree: count only when it matters.
  const size_t length = s.size() > max_len || min_len > 1 ? code_points(s) : s.size();
  if (length < min_len || length > max_len) fail_at(code::out_of_range, path, " must be %zu to %zu characters", min_len, max_len);
  return s;
}

std::string Fields::text(const char* name, size_t min_len, size_t max_len) const {
  const json* v = find(name);
  if (!v) fail_at(code::missing_field, at(name), " is required");
  return checked_text(*v, at(name), min_len, max_len);
}

std::string Fields::text_or(const char* name, const std::string& fallback, size_t min_len, size_t max_len) const {
  const json* v = find(name);
  return v ? checked_text(*v, at(name), min_len, max_len) : fallback;
}

std::vector<std::string> Fields::texts(const char* name, size_t min_items, size_t max_items) const {
  const json& arr = array(name, min_items, max_items);
  std::vector<std::string> out;
  out.reserve(arr.size());
  const std::string items = path(name);
  for (size_t i = 0; i < arr.size(); ++i) out.push_back(checked_text(arr[i], FieldPath::item(items, i), 0, SIZE_MAX));
  return out;
}

std::vector<double> Fields::numbers(const char* name, size_t min_items, size_t max_items, Range range) const {
  const json& arr = array(name, min_items, max_items);
  std::vector<double> out;
  out.reserve(arr.size());
  const std::string at = path(name);
  for (size_t i = 0; i < arr.size(); ++i) out.push_back(checked_item(arr, i, at, range));
  return out;
}

const json* Fields::optional_array(const char* name, size_t min_len, size_t max_len) const {
  const json* v = find(name);
  if (!v) return nullptr;
  if (!v->is_array()) fail_at(code::wrong_type, at(name), " must be an array, got %s", describe(*v));
  if (v->size() < min_len) fail_at(code::out_of_range, at(name), " must have at least %zu item(s)", min_len);
  if (v->size() > max_len) fail_at(code::too_large, at(name), " must have at most %zu items, got %zu", max_len, v->size());
  return v;
}

const json& Fields::array(const char* name, size_t min_len, size_t max_len) const {
  const json* v = optional_array(name, min_len, max_len);
  if (!v) fail_at(code::missing_field, at(name), " is required");
  return *v;
}

json Fields::read_members() const {
  json out = json::object();
  for (auto it = object_.begin(); it != object_.end(); ++it)
    if (std::find(read_.begin(), read_.end(), &it.value()) != read_.end()) out[it.key()] = it.value();
  return out;
}

std::vector<std::string> Fields::unread() const {
  std::vector<std::string> out;
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (std::find(read_.begin(), read_.end(), &it.value()) == read_.end()) out.push_back(path(it.key()));
  }
  return out;
}

}  // namespace nestegg
