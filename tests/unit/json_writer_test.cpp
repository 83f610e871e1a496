// SPDX-License-Identifier: MIT
// The response writer against nlohmann's dump(), which it replaces: random documents (numbers of
// every kind of bits, strings of any bytes, invalid UTF-8 included, keys of any bytes written in
// random order and some twice) are written member by member through JsonWriter and built as an
// nlohmann document with `object[key] = value`; the two texts must be the same bytes.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "json_writer.hpp"
#include "money.hpp"

using nlohmann::json;
using nestegg::JsonWriter;

namespace {

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  // Writes a random value through `w` and returns the document nlohmann builds for it.
  json value(JsonWriter& w, int depth) {
    switch (pick(depth > 3 ? 6 : 8)) {
      case 0: w.null(); return nullptr;
      case 1: { const bool b = pick(2) == 1; w.boolean(b); return b; }
      case 2: { const double x = number(); w.number(x); return x == 0 ? 0.0 : x; }  // -0 written as 0
      case 3: { const int64_t n = integer(); w.integer(n); return n; }
      case 4: { const uint64_t n = rng_(); w.unsigned_integer(n); return n; }
      case 5: { const std::string s = text(); w.string(s); return s; }
      case 6: return array(w, depth + 1);
      default: return object(w, depth + 1);
    }
  }

  json object(JsonWriter& w, int depth) {
    json out = json::object();
    w.begin_object();
    std::vector<std::string> keys;
    const size_t n = pick(12);
    for (size_t i = 0; i < n; ++i) {
      // Some keys again (the last value stays), most new, in no order.
      std::string k = !keys.empty() && pick(5) == 0 ? keys[pick(keys.size())] : text();
      keys.push_back(k);
      w.key(k);
      out[k] = value(w, depth);
    }
    w.end_object();
    return out;
  }

  json array(JsonWriter& w, int depth) {
    json out = json::array();
    w.begin_array();
    const size_t n = pick(6);
    for (size_t i = 0; i < n; ++i) out.push_back(value(w, depth));
    w.end_array();
    return out;
  }

  size_t pick(size_t n) { return size_t(rng_() % n); }

 private:
  double number() {
    switch (pick(5)) {
      case 0: {  // any bits: subnormals, huge, NaN and infinities (null) included
        const uint64_t bits = rng_();
        double x;
        std::memcpy(&x, &bits, sizeof x);
        return x;
      }
      case 1: return double(int64_t(rng_() % 2000001) - 1000000);  // whole: "20.0"
      case 2: return nestegg::to_cents(double(int64_t(rng_() % 200000001) - 100000000) / 100.0 + 1e-9);
      case 3: return std::ldexp(double(rng_() >> 11), int(pick(120)) - 60);
      default: return pick(2) ? -0.0 : 0.0;
    }
  }

  int64_t integer() {
    switch (pick(3)) {
      case 0: return int64_t(rng_());
      case 1: return pick(2) ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
      default: return int64_t(pick(2001)) - 1000;
    }
  }

  std::string text() {
    static const char* const words[] = {"a", "b", "as_of", "assumptions", "month", "months", "10", "5", "50", "é"};
    if (pick(3) == 0) return words[pick(10)];
    std::string s(pick(8), '\0');
    for (char& c : s) {
      const size_t kind = pick(10);
      c = kind == 0 ? char(pick(256)) : kind == 1 ? "\"\\\b\f\n\r\t\x7f"[pick(8)] : char('a' + pick(26));
    }
    return s;
  }

  std::mt19937_64 rng_;
};

std::string written(const std::function<void(JsonWriter&)>& write) {
  std::string out;
  JsonWriter w(out);
  write(w);
  return out;
}

}  // namespace

TEST_CASE("JsonWriter writes what nlohmann's dump makes of the same document, on random documents", "[json_writer]") {
  Generator g(20261202);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    JsonWriter w(text);
    const json expected = g.pick(4) == 0 ? g.array(w, 0) : g.object(w, 0);
    INFO("document " << i);
    REQUIRE(text == dump(expected));
    REQUIRE(json::parse(text, nullptr, false, false).is_discarded() == false);
  }
}

TEST_CASE("JsonWriter: numbers, dates, money and absent values as the documents had them", "[json_writer]") {
  CHECK(written([](JsonWriter& w) { w.number(20.0); }) == "20.0");
  CHECK(written([](JsonWriter& w) { w.number(0.1); }) == "0.1");
  CHECK(written([](JsonWriter& w) { w.number(-0.0); }) == "0.0");  // never -0, as money
  CHECK(written([](JsonWriter& w) { w.number(1e300); }) == "1e+300");
  CHECK(written([](JsonWriter& w) { w.number(std::nan("")); }) == "null");
  CHECK(written([](JsonWriter& w) { w.number(std::optional<double>()); }) == "null");
  CHECK(written([](JsonWriter& w) { w.integer(int64_t(-7)); }) == "-7");
  CHECK(written([](JsonWriter& w) { w.integer(std::numeric_limits<int64_t>::min()); }) == "-9223372036854775808");
  CHECK(written([](JsonWriter& w) { w.unsigned_integer(18446744073709551615ULL); }) == "18446744073709551615");
  CHECK(written([](JsonWriter& w) { w.cents(3333.335); }) == dump(json(nestegg::to_cents(3333.335))));
  CHECK(written([](JsonWriter& w) { w.cents(-0.001); }) == "0.0");  // to_cents never prints -0
  CHECK(written([](JsonWriter& w) { w.date(nestegg::Date{2025, 9, 5}); }) == "\"2025-09-05\"");
  CHECK(written([](JsonWriter& w) { w.date(nestegg::Date{12, 1, 31}); }) == "\"0012-01-31\"");
  CHECK(written([](JsonWriter& w) { w.date(std::optional<nestegg::Date>()); }) == "null");
  CHECK(written([](JsonWriter& w) { w.string_or_null(""); }) == "null");
  CHECK(written([](JsonWriter& w) { w.string("caf\xc3\xa9 \x01 \xff"); }) == dump(json("caf\xc3\xa9 \x01 \xff")));
}

TEST_CASE("JsonWriter: members out of order are sorted, a key written twice keeps its last value", "[json_writer]") {
  const std::string text = written([](JsonWriter& w) {
    w.begin_object();
    w.key("months").integer(int64_t(2));
    w.key("as_of").string("x");
    w.key("list").begin_array().begin_object();
    w.key("b").integer(int64_t(1));
    w.key("a").integer(int64_t(2));
    w.end_object().end_array();
    w.key("month").integer(int64_t(1));
    w.key("as_of").string("y");
    w.key("assumptions").null();
    w.end_object();
  });
  CHECK(text == R"({"as_of":"y","assumptions":null,"list":[{"a":2,"b":1}],"month":1,"months":2})");
}

TEST_CASE("JsonWriter: a document written in place, and a document's members merged in key order", "[json_writer]") {
  const json model = json::parse(R"({"z": [1, 2.5, "x"], "a": {"b": null}})");
  const std::string text = written([&](JsonWriter& w) {
    w.begin_object();
    w.key("m").integer(int64_t(0));
    w.members(model);
    w.key("doc").value(model);
    w.end_object();
  });
  json expected = model;
  expected["m"] = 0;
  expected["doc"] = model;
  CHECK(text == dump(expected));
}
