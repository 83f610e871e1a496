// SPDX-License-Identifier: MIT
// The engine's JSON reader against nlohmann's parser, which it replaces: on hand-picked edge
// cases and on hundreds of thousands of random and randomly mutated documents, both accept or
// both refuse; accepted, the documents are equal value for value and type for type (7 unsigned,
// -7 signed, 7.0 a double); refused, at the same byte, with the same kind of error.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <string>

#include "error.hpp"
#include "json_reader.hpp"

using nlohmann::json;

namespace {

struct Outcome {
  std::string kind;  // "ok", "parse_error", "out_of_range"
  size_t byte = 0;
  std::string document;  // dump() of an accepted document: types show (1 vs 1.0)
};

// The same document, number types included: nlohmann's == says 1 == 1.0, so compare dumps too.
bool same_document(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_number_float()) {
    const double x = a.get<double>(), y = b.get<double>();
    return std::memcmp(&x, &y, sizeof x) == 0;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!same_document(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(), jt = b.begin(); it != a.end(); ++it, ++jt)
      if (it.key() != jt.key() || !same_document(*it, *jt)) return false;
    return true;
  }
  return a == b;
}

template <typename Parse>
Outcome outcome(Parse parse, json& doc) {
  try {
    doc = parse();
    return {"ok", 0, doc.dump(-1, ' ', false, json::error_handler_t::replace)};
  } catch (const json::parse_error& e) {
    return {"parse_error", e.byte, ""};
  } catch (const json::out_of_range&) {
    return {"out_of_range", 0, ""};
  } catch (const nestegg::NesteggError& e) {  // the reader's form of nlohmann's number overflow
    if (e.error().code != "not_finite") throw;
    return {"out_of_range", 0, ""};
  }
}

// The text with each lone surrogate's escape inside a string written as "\ufffd" (same length,
// so every byte keeps its place): the reader reads a lone surrogate as U+FFFD where nlohmann
// refuses it, and is held to nlohmann on the text rewritten so.
std::string lone_surrogates_replaced(std::string text) {
  auto hex_at = [&](size_t i, unsigned& v) {
    if (i + 4 > text.size()) return false;
    v = 0;
    for (size_t k = i; k < i + 4; ++k) {
      const char c = text[k];
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return false;
      v = v * 16 + unsigned(d);
    }
    return true;
  };
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!in_string) {
      in_string = text[i] == '"';
      continue;
    }
    if (text[i] == '"') in_string = false;
    if (text[i] != '\\') continue;
    unsigned cp, low;
    if (i + 1 < text.size() && text[i + 1] == 'u' && hex_at(i + 2, cp) && cp >= 0xD800 && cp <= 0xDFFF) {
      const bool paired = cp <= 0xDBFF && i + 7 < text.size() && text[i + 6] == '\\' && text[i + 7] == 'u' &&
                          hex_at(i + 8, low) && low >= 0xDC00 && low <= 0xDFFF;
      if (!paired) text.replace(i + 2, 4, "fffd");
      i += paired ? 11 : 5;
    } else {
      ++i;  // the escaped character
    }
  }
  return text;
}

void check_same(const std::string& text) {
  json theirs, ours;
  const std::string rewritten = lone_surrogates_replaced(text);
  const Outcome a = outcome([&] { return json::parse(rewritten.data(), rewritten.data() + rewritten.size()); }, theirs);
  const Outcome b = outcome([&] { return nestegg::read_json(text, 1 << 20); }, ours);
  INFO("text: " << json(text).dump(-1, ' ', true, json::error_handler_t::replace));
  // The one place the reader is stricter: nlohmann ends a document at a NUL byte and ignores what
  // follows; the reader refuses the NUL (as JSON.parse does), at its byte.
  const size_t nul = text.find('\0');
  if (a.kind == "ok" && nul != std::string::npos) {
    REQUIRE(b.kind != "ok");
    REQUIRE(b.byte == nul + 1);
    return;
  }
  REQUIRE(b.kind == a.kind);
  REQUIRE(b.byte == a.byte);
  if (a.kind == "ok") {
    REQUIRE(b.document == a.document);
    REQUIRE(same_document(ours, theirs));
  }
}

const char* const kPieces[] = {
    "0", "-0", "1", "-1", "0.5", "-0.0", "1e5", "1E-5", "1e+5", "12.50", "1037.1300000000001", "0.30000000000000004",
    "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
    "99999999999999999999", "1e400", "-1e400", "1e-400", "4.9e-324", "2.2250738585072014e-308", "9007199254740993",
    "123456789012345678901234567890", "0.1234567890123456789012", "true", "false", "null", "\"\"", "\"a\"",
    "\"\\u00e9\\u20ac\\ud83d\\ude00\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
    "\"\\u0000\"", "[]", "{}", "[1,2,3]", "{\"a\":1,\"b\":[true,null]}", "{\"a\":1,\"a\":2}", "[[[]]]"};

// Bytes that matter to JSON's grammar, for mutations.
const char kAlphabet[] = "{}[]:,\" \t\n\r\\/0123456789-+.eEtrufalsn\x00\x01\x1f\x7f\x80\xbf\xc0\xc2\xdf\xe0\xed\xef\xf0\xf4\xf5\xffuDdCc";

std::string random_value(std::mt19937_64& rng, int depth) {
  const int kind = int(rng() % (depth > 4 ? 3 : 5));
  auto ws = [&] {
    static const char* spaces[] = {"", "", "", " ", "\n", "\t", " \r\n "};
    return std::string(spaces[rng() % 7]);
  };
  switch (kind) {
    case 0:
    case 1: return kPieces[rng() % (sizeof kPieces / sizeof *kPieces)];
    case 2: {  // a number of random shape
      std::string s = rng() % 3 == 0 ? "-" : "";
      const int n = 1 + int(rng() % 20);
      for (int i = 0; i < n; ++i) s += char('0' + rng() % 10);
      if (s.size() > 1 && s[s[0] == '-'] == '0' && rng() % 4) s.erase(s[0] == '-', 1);
      if (rng() % 2) s += "." + std::to_string(rng() % 1000000000000ULL);
      if (rng() % 4 == 0) s += "e" + std::to_string(int(rng() % 80) - 40);
      return s;
    }
    case 3: {
      std::string s = "[" + ws();
      const int n = int(rng() % 6);
      for (int i = 0; i < n; ++i) s += (i ? "," : "") + ws() + random_value(rng, depth + 1) + ws();
      return s + "]";
    }
    default: {
      std::string s = "{" + ws();
      const int n = int(rng() % 5);
      for (int i = 0; i < n; ++i) {
        s += (i ? "," : "") + ws() + "\"" + std::string(1, char('a' + rng() % 4)) + "\"" + ws() + ":" + ws() +
             random_value(rng, depth + 1) + ws();
      }
      return s + "}";
    }
  }
}

std::string mutate(std::mt19937_64& rng, std::string s) {
  const int edits = 1 + int(rng() % 3);
  for (int k = 0; k < edits && !s.empty(); ++k) {
    const size_t at = rng() % (s.size() + 1);
    const char c = kAlphabet[rng() % (sizeof kAlphabet - 1)];
    switch (rng() % 4) {
      case 0: s.insert(at, 1, c); break;
      case 1: if (at < s.size()) s.erase(at, 1); break;
      case 2: if (at < s.size()) s[at] = c; break;
      default: s.resize(at); break;  // truncated
    }
  }
  return s;
}

}  // namespace

TEST_CASE("the JSON reader agrees with nlohmann on edge cases of the grammar") {
  for (const std::string& s : std::initializer_list<std::string>{
           "", " ", "x", "-", "--1", "1.", "1.e5", ".5", "01", "-01", "00", "1e", "1e+", "1E-", "+1", "0x10", "1 2",
           "[1,]", "[,1]", "{,}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "{1:2}", "[1}", "{\"a\":1]", "]",
           "tru", "trux", "nul", "falsey", "True", "NaN", "Infinity", "-Infinity", "\"abc", "\"\\x\"", "\"\\u12\"",
           "\"\\u12G4\"", "\"\\ud800\"", "\"\\ud800x\"", "\"\\ud800\\x\"", "\"\\ud800\\u0041\"", "\"\\udc00\"",
           "\"\\ud800\\udc00\"", "\"a\x01b\"", "\"a\x7f\"", "\"\xc0\xaf\"", "\"\xe0\x80\xaf\"", "\"\xed\xa0\x80\"",
           "\"\xf4\x90\x80\x80\"", "\"\xf0\x9f\x98\"", "\"\xc3\"", "\xef\xbb\xbf[1]", "\xef\xbb[1]", "\xef[1]", "\xef",
           std::string("[1]\0garbage", 11), std::string("[1,\0]", 5), std::string("\0", 1), std::string("\"a\0\"", 4),
           "[1e400]", "[1, 1e400]", "[x, 1e400]", "[1e400, x]", "{\"a\" 1e400}", "1e-400", "-0", "-0.0", "[-0, 0, -0e0]",
           "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
           "10000000000000000000", "99999999999999999999", "[1.0, 1, -1, 1e0, 1E2]", "{\"b\":1,\"a\":2,\"b\":3}",
           " \t\r\n{ \"a\" : [ 1 , 2 ] } \n", "{} x", "{} 1.", "{}  \"abc", "[\"\\u00\"]", "\"\\", "\"\\u"}) {
    check_same(s);
  }
  // Exponents of seven digits and more, which the reader's own count saturates: a run of zeros
  // after the point makes them 1e9, 1e-5 (both exact), or too large for a double (refused).
  check_same("[0." + std::string(999990, '0') + "1e1000000]");
  check_same("[0." + std::string(100009, '0') + "1e100005]");
  check_same("[0." + std::string(100009, '0') + "1e1000050]");
  check_same("[1e-1000050, 1e00000000000000000000000001]");
}

TEST_CASE("the JSON reader agrees with nlohmann on random and mutated documents") {
  std::mt19937_64 rng(20261201);
  int refused = 0;
  for (int i = 0; i < 150000; ++i) {
    std::string text = random_value(rng, 0);
    if (i % 3) text = mutate(rng, text);
    try {
      (void)nestegg::read_json(text, 1 << 20);
    } catch (const std::exception&) {
      ++refused;
    }
    check_same(text);
  }
  CHECK(refused > 20000);  // the mutations reach the error paths
}

TEST_CASE("the JSON reader refuses nesting past its limit, and only past it") {
  CHECK_NOTHROW(nestegg::read_json("[[[[1]]]]", 4));
  CHECK_NOTHROW(nestegg::read_json("{\"a\":{\"b\":[{}]}}", 4));
  CHECK_THROWS_AS(nestegg::read_json("[[[[[1]]]]]", 4), nestegg::NesteggError);
  CHECK_THROWS_AS(nestegg::read_json(std::string(100000, '['), 64), nestegg::NesteggError);
  CHECK_THROWS_AS(nestegg::read_json("{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}", 4), nestegg::NesteggError);
}

namespace {

// The values and keys of a JSON text as nlohmann's SAX parser meets them: every scalar, array,
// object and object key, a repeated key's earlier values included. The reader's count is held to this.
struct ValueCounter : nlohmann::json_sax<json> {
  int64_t values = 0;
  bool null() override { return ++values, true; }
  bool boolean(bool) override { return ++values, true; }
  bool number_integer(number_integer_t) override { return ++values, true; }
  bool number_unsigned(number_unsigned_t) override { return ++values, true; }
  bool number_float(number_float_t, const string_t&) override { return ++values, true; }
  bool string(string_t&) override { return ++values, true; }
  bool binary(binary_t&) override { return ++values, true; }
  bool start_object(std::size_t) override { return ++values, true; }
  bool key(string_t&) override { return ++values, true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return ++values, true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
};

}  // namespace

// A review's find: an 8 MiB request of "[],[],..." took 184 MiB of wasm memory before any limit
// was applied. The reader counts values as it reads and stops at max_values, exactly.
TEST_CASE("the JSON reader holds a document to max_values, values and keys counted as nlohmann's SAX parser counts") {
  std::mt19937_64 rng(20261203);
  int checked = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string text = random_value(rng, 0);
    ValueCounter counter;
    if (!json::sax_parse(text, &counter)) continue;  // the generator's few invalid documents
    INFO(text);
    CHECK_NOTHROW(nestegg::read_json(text, 1 << 20, nullptr, counter.values));
    try {
      (void)nestegg::read_json(text, 1 << 20, nullptr, counter.values - 1);
      FAIL("one value over the limit was accepted");
    } catch (const nestegg::NesteggError& e) {
      CHECK(e.error().code == "too_large");
    }
    ++checked;
  }
  CHECK(checked > 15000);
  // The error names the field where the count ran out.
  const std::pair<const char*, const char*> cases[] = {
      {R"({"a": 1, "b": [[], [], [], []]})", "b[0]"},  // the object, "a", 1, "b" and b's array are 5
      {R"({"a": {"b": {"c": 1, "d": 2, "e": 3}}})", "a.b.c"},  // a key over the count names its member
      {R"([1, 2, 3, 4, 5, 6])", "[4]"},
      {R"({"k\"ey": [1, 2, 3, 4]})", "k\"ey[2]"}};
  for (const auto& [text, field] : cases) {
    INFO(text);
    try {
      (void)nestegg::read_json(text, 64, nullptr, 5);
      FAIL("accepted");
    } catch (const nestegg::NesteggError& e) {
      CHECK(e.error().code == "too_large");
      CHECK(e.error().field == field);
    }
  }
}

TEST_CASE("release_json empties any document, nested ones included") {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    json doc = nestegg::read_json("{\"a\":[1,[2,{\"b\":[3,\"x\",{}]}],[]],\"c\":{\"d\":[[[]]]}}", 64);
    if (i % 2) {  // documents of every shape (the generator's few invalid ones skipped)
      try {
        doc = nestegg::read_json(random_value(rng, 0), 1 << 20);
      } catch (const std::exception&) {
        continue;
      }
    }
    nestegg::release_json(doc);
    CHECK(doc.is_null());
  }
}

TEST_CASE("a number no double holds is refused as not_finite, naming its field") {
  // A hostile review's find: 1e400 came back not_finite with an empty field.
  const std::pair<const char*, const char*> cases[] = {
      {R"({"target_amount": 1e400, "monthly_contribution": 450})", "target_amount"},
      {R"({"debts": [{"balance": 10}, {"name": "a\"b{[", "balance": -1e999}]})", "debts[1].balance"},
      {R"({"series": [1, 2, 3e308]})", "series[2]"},
      {R"({"a": {"b": [[1], [2, 1e400]]}})", "a.b[1][1]"},
      {R"({"k\"ey": 1e400})", "k\"ey"},
      {R"({"debts": [{"b\u0061lance": 1e400}]})", "debts[0].balance"},  // escapes undone, as elsewhere
      {"1e400", ""},
      {"[1e400]", "[0]"}};
  for (const auto& [text, field] : cases) {
    INFO(text);
    try {
      (void)nestegg::read_json(text, 64);
      FAIL("accepted");
    } catch (const nestegg::NesteggError& e) {
      CHECK(e.error().code == "not_finite");
      CHECK(e.error().field == field);
    }
  }
}
