// SPDX-License-Identifier: MIT
#include "json_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "money.hpp"
#include "stable_order.hpp"

namespace nestegg {

namespace {

// Text nlohmann writes as it is: printable ASCII other than the quote and the backslash (0x7F
// included: nlohmann escapes it only with ensure_ascii, which answers do not use).
bool plain(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7F || c == '"' || c == '\\') return false;
  }
  return true;
}

// A string as nlohmann's serializer writes it: its escapes, invalid UTF-8 replaced by U+FFFD.
void append_string(std::string& out, std::string_view s) {
  if (plain(s)) {
    out += '"';
    out.append(s.data(), s.size());
    out += '"';
    return;
  }
  out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void append_unsigned(std::string& out, uint64_t n) {
  char buf[20];
  char* p = buf + sizeof buf;
  do {
    *--p = char('0' + n % 10);
    n /= 10;
  } while (n != 0);
  out.append(p, size_t(buf + sizeof buf - p));
}

void append_digits(char* at, int value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10) at[i] = char('0' + value % 10);
}

}  // namespace

void JsonWriter::before_value() {
  if (frames_.empty()) return;
  Frame& f = frames_.back();
  if (f.object) return;  // key() wrote the separator
  if (!f.first) out_ += ',';
  f.first = false;
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  frames_.push_back({true, true, true, members_.size()});
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  const Frame f = frames_.back();
  if (!f.sorted) sort_members(f);
  members_.resize(f.first_member);
  frames_.pop_back();
  out_ += '}';
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  frames_.push_back({false, true, true, members_.size()});
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  frames_.pop_back();
  out_ += ']';
  return *this;
}

// The key as given: its bytes in the text, or its own copy where the text holds escapes.
std::string_view JsonWriter::key_of(const Member& m) const {
  if (m.raw != kPlain) return raw_keys_[m.raw];
  return std::string_view(out_.data() + m.start + 1, m.key_len);
}

JsonWriter& JsonWriter::key(std::string_view k) {
  Frame& f = frames_.back();
  const bool first = f.first;
  f.first = false;
  size_t raw = kPlain;
  size_t start;
  char buf[64];
  if (k.size() + 4 <= sizeof buf && plain(k)) {  // the engine's own keys: `,"key":` in one append
    char* p = buf;
    if (!first) *p++ = ',';
    *p++ = '"';
    std::memcpy(p, k.data(), k.size());
    p += k.size();
    *p++ = '"';
    *p++ = ':';
    start = out_.size() + (first ? 0 : 1);
    out_.append(buf, size_t(p - buf));
    members_.push_back({start, k.size(), raw});
  } else {
    if (!first) out_ += ',';
    start = out_.size();
    if (!plain(k)) {
      raw = raw_keys_.size();
      raw_keys_.emplace_back(k);
    }
    append_string(out_, k);
    members_.push_back({start, out_.size() - start - 2, raw});
    out_ += ':';
  }
  // In order only if strictly after the previous key (an equal key is a second write of it).
  const size_t n = members_.size();
  if (f.sorted && n - 1 > f.first_member && !(key_of(members_[n - 2]) < key_of(members_[n - 1]))) f.sorted = false;
  return *this;
}

// The open object's members, from its first key to the end of the text, put in key order; of
// members with one key only the last written stays.
void JsonWriter::sort_members(const Frame& f) {
  const size_t n = members_.size() - f.first_member;
  const Member* m = members_.data() + f.first_member;
  const auto by_key = [&](uint32_t a, uint32_t b) { return key_of(m[a]) < key_of(m[b]); };
  const std::vector<uint32_t> order = stable_order(n, by_key);  // by key, then as written
  auto end_of = [&](size_t i) { return i + 1 < n ? m[i + 1].start - 1 : out_.size(); };  // before the comma
  std::string sorted;
  sorted.reserve(out_.size() - m[0].start);
  for (size_t j = 0; j < n; ++j) {
    const size_t i = order[j];
    if (j + 1 < n && key_of(m[order[j + 1]]) == key_of(m[i])) continue;  // a later write of this key wins
    if (!sorted.empty()) sorted += ',';
    sorted.append(out_, m[i].start, end_of(i) - m[i].start);
  }
  out_.replace(m[0].start, std::string::npos, sorted);
}

void JsonWriter::null() {
  before_value();
  out_ += "null";
}

void JsonWriter::boolean(bool b) {
  before_value();
  out_ += b ? "true" : "false";
}

void JsonWriter::number(double x) {
  before_value();
  if (!std::isfinite(x)) {
    out_ += "null";
    return;
  }
  char buf[64];
  // -0 as 0: "-0.0" read as a value by anything but JavaScript (a review's health measure of
  // spending -0.0); JSON.parse gave -0, which JSON.stringify writes 0 anyway.
  const char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, x == 0 ? 0.0 : x);
  out_.append(buf, size_t(end - buf));
}

void JsonWriter::integer(int64_t n) {
  before_value();
  if (n < 0) {
    out_ += '-';
    append_unsigned(out_, uint64_t(0) - uint64_t(n));
  } else {
    append_unsigned(out_, uint64_t(n));
  }
}

void JsonWriter::unsigned_integer(uint64_t n) {
  before_value();
  append_unsigned(out_, n);
}

void JsonWriter::string(std::string_view s) {
  before_value();
  append_string(out_, s);
}

void JsonWriter::date(const Date& d) {
  before_value();
  if (d.year < 0 || d.year > 9999 || d.month < 0 || d.month > 99 || d.day < 0 || d.day > 99) {
    append_string(out_, format_date(d));  // never for a real date; kept to print what format_date does
    return;
  }
  char buf[12] = "\"0000-00-00";
  append_digits(buf + 1, d.year, 4);
  append_digits(buf + 6, d.month, 2);
  append_digits(buf + 9, d.day, 2);
  out_.append(buf, 11);
  out_ += '"';
}

void JsonWriter::cents(double x) { number(to_cents(x)); }

// Through the writer's own calls, not nlohmann's dump: one way every number is written (a stored
// model's coefficient of -0 came out "-0.0" through dump).
void JsonWriter::value(const nlohmann::json& document) {
  using Type = nlohmann::json::value_t;
  switch (document.type()) {
    case Type::object:
      begin_object();
      members(document);
      end_object();
      return;
    case Type::array:
      begin_array();
      for (const nlohmann::json& item : document) value(item);
      end_array();
      return;
    case Type::string: return string(*document.get_ptr<const std::string*>());
    case Type::boolean: return boolean(*document.get_ptr<const bool*>());
    case Type::number_float: return number(*document.get_ptr<const double*>());
    case Type::number_integer: return integer(*document.get_ptr<const int64_t*>());
    case Type::number_unsigned: return unsigned_integer(*document.get_ptr<const uint64_t*>());
    default: return null();
  }
}

void JsonWriter::number(const std::optional<double>& x) { x ? number(*x) : null(); }
void JsonWriter::integer(const std::optional<int64_t>& n) { n ? integer(*n) : null(); }
void JsonWriter::date(const std::optional<Date>& d) { d ? date(*d) : null(); }
void JsonWriter::cents(const std::optional<double>& x) { x ? cents(*x) : null(); }
void JsonWriter::string_or_null(std::string_view s) { s.empty() ? null() : string(s); }

void JsonWriter::strings(const std::vector<std::string>& items) {
  begin_array();
  for (const std::string& s : items) string(s);
  end_array();
}

void JsonWriter::members(const nlohmann::json& object) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    key(it.key());
    value(it.value());
  }
}

}  // namespace nestegg
