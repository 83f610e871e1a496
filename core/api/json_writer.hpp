// SPDX-License-Identifier: MIT
// The one way answers are written: JSON text appended straight to a string, no document between.
//
//   JsonWriter w(text);
//   w.begin_object();
//   w.key("months").integer(20);
//   w.key("target_date").date(d);             // "2025-09-15"
//   w.key("milestones").begin_array(); ... w.end_array();
//   w.end_object();
//
// The text is byte for byte what nlohmann's `dump()` makes of the same values, so answers did not
// change when handlers stopped building an `nlohmann::json` first: numbers in nlohmann's shortest
// round-trip form (a whole double keeps its ".0", a non-finite one is null), strings escaped by
// nlohmann's own rules (invalid UTF-8 replaced), and each object's members in key order, as the
// document's std::map held them (by the keys' bytes, as given). Members may be written in any order: an object whose keys did not
// come in order is sorted when it ends, and of a key written twice the last value stays (what
// `object[key] = value` did). Writing them in order skips that work, so handlers do.
//
// Why: building the document cost more than the method's math on small calls (a map node and a
// string per member, then a second walk to print it), and each member built inline was 100-300
// bytes of wasm per handler; a member here is one out-of-line call.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "civil_date.hpp"

namespace nestegg {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();

  // The next member's key, inside an object. A literal needs no escaping (ours never do); any
  // text may be given.
  JsonWriter& key(std::string_view k);

  // One value: an array item, or the value of the key just written.
  void null();
  void boolean(bool b);
  void number(double x);         // non-finite: null; -0 as 0
  void integer(int64_t n);
  void unsigned_integer(uint64_t n);
  void string(std::string_view s);
  void date(const Date& d);      // "YYYY-MM-DD"
  void cents(double x);          // money rounded to the cent (money.hpp's to_cents), as a number
  void value(const nlohmann::json& document);  // a document written in place (a stored model)

  // The same, or null when absent.
  void number(const std::optional<double>& x);
  void integer(const std::optional<int64_t>& n);
  void date(const std::optional<Date>& d);
  void cents(const std::optional<double>& x);
  void string_or_null(std::string_view s);  // null when empty

  // An array of strings.
  void strings(const std::vector<std::string>& items);

  // Members of a document object written into the open object (its keys merge in key order).
  void members(const nlohmann::json& object);

 private:
  struct Member {
    size_t start;    // offset of the key's opening quote
    size_t key_len;  // escaped key bytes between the quotes
    size_t raw;      // a key that needed escaping: its index in raw_keys_; else kPlain
  };
  static constexpr size_t kPlain = size_t(-1);
  std::string_view key_of(const Member& m) const;
  struct Frame {
    bool object;
    bool first = true;
    bool sorted = true;
    size_t first_member = 0;  // index into members_
  };
  void before_value();
  void sort_members(const Frame& f);

  std::string& out_;
  std::vector<Frame> frames_;
  std::vector<Member> members_;  // the open objects' members, innermost last
  std::vector<std::string> raw_keys_;  // keys as given, for those written with escapes
};

}  // namespace nestegg
