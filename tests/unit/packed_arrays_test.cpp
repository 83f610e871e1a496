// SPDX-License-Identifier: MIT
// The request reader's packed fields (json_reader.hpp, PackedField): a bulk numeric array read
// straight into doubles must hold exactly the values the handlers would have taken from the
// document (request.cpp's checked_item: a whole number as double(value)), and anything the
// packing declines must leave the document exactly as the plain reading builds it. At the
// engine: a call on the text (packed) answers byte for byte what the same call answers on the
// parsed document (never packed), for valid requests and for each way of getting one wrong.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstring>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine.hpp"
#include "json_reader.hpp"

using nlohmann::json;
using namespace nestegg;

namespace {

const PackedField kFields[] = {{"design.rows", true, -1e15, 1e15}, {"design.y", false, -1e15, 1e15}, {nullptr, false, 0, 0}};

struct Packed {
  json doc;
  std::map<std::string, Attachment> out;  // by path, only the fields that were packed
};

Packed read_packed(const std::string& text, int64_t max_items = 100000, int64_t max_depth = 64,
                   const PackedField* fields = kFields) {
  Packed p;
  PackedArrays out;
  const PackedRequest request{fields, max_items, out};
  p.doc = read_json(text, max_depth, &request);
  for (PackedArray& a : out) {
    CHECK(a.data.rows > 0);  // only what was packed is listed, each path once
    CHECK(p.out.count(a.path) == 0);
    p.out[a.path] = std::move(a.data);
  }
  return p;
}

// A number as the handlers take it from a document.
double as_handler_reads(const json& v) {
  if (v.is_number_float()) return v.get<double>();
  if (v.is_number_unsigned()) return double(v.get<uint64_t>());
  return v.get<double>();
}

std::vector<double> flatten(const json& a) {
  std::vector<double> out;
  for (const json& item : a) {
    if (item.is_array()) {
      for (const json& x : item) out.push_back(as_handler_reads(x));
    } else {
      out.push_back(as_handler_reads(item));
    }
  }
  return out;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

// A number in one of the ways a client may write it.
std::string random_number(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> shape(0, 8);
  std::uniform_real_distribution<double> u(-1e6, 1e6);
  char buf[64];
  switch (shape(rng)) {
    case 0: return std::to_string(int64_t(u(rng)));
    case 1: return "-0";
    case 2: std::snprintf(buf, sizeof buf, "%.17g", u(rng)); return buf;
    case 3: std::snprintf(buf, sizeof buf, "%.2f", u(rng)); return buf;
    case 4: std::snprintf(buf, sizeof buf, "%.6e", u(rng)); return buf;
    case 5: std::snprintf(buf, sizeof buf, "%.3E", u(rng) * 1e-9); return buf;
    case 6: return "999999999999999";  // 1e15 - 1, in range
    case 7: return "0.0";
    default: std::snprintf(buf, sizeof buf, "%.16g", u(rng) / 7); return buf;
  }
}

std::string space(std::mt19937_64& rng) {
  static const char* kinds[] = {"", "", " ", "\n", " \t\r\n "};
  return kinds[std::uniform_int_distribution<int>(0, 4)(rng)];
}

std::string random_design(std::mt19937_64& rng, int rows, int cols) {
  std::string r = "[" + space(rng);
  std::string y = "[";
  for (int i = 0; i < rows; ++i) {
    r += (i ? "," + space(rng) : "") + "[";
    for (int c = 0; c < cols; ++c) r += (c ? "," : "") + space(rng) + random_number(rng) + space(rng);
    r += "]";
    y += (i ? "," : "") + random_number(rng);
  }
  return R"({"design": {"columns": ["a"], "rows": )" + r + space(rng) + R"(], "y": )" + y + "]}, \"cv_folds\": 0}";
}

}  // namespace

TEST_CASE("packed rows and y hold exactly the values the handlers read from the document", "[packed]") {
  std::mt19937_64 rng(20261202);
  for (int trial = 0; trial < 400; ++trial) {
    const int rows = std::uniform_int_distribution<int>(1, 30)(rng), cols = std::uniform_int_distribution<int>(1, 6)(rng);
    const std::string text = random_design(rng, rows, cols);
    const json plain = read_json(text, 64);
    Packed p = read_packed(text);
    REQUIRE(p.out.count("design.rows") == 1);
    REQUIRE(p.out.count("design.y") == 1);
    const Attachment& X = p.out["design.rows"];
    CHECK(X.rows == rows);
    CHECK(X.cols == cols);
    CHECK(same_bits(X.values, flatten(plain["design"]["rows"])));
    CHECK(same_bits(p.out["design.y"].values, flatten(plain["design"]["y"])));
    CHECK(p.out["design.y"].cols == 1);
    // The rest of the document as the plain reading built it, empty arrays where packed.
    json expected = plain;
    expected["design"]["rows"] = json::array();
    expected["design"]["y"] = json::array();
    CHECK(p.doc.dump() == expected.dump());
  }
}

TEST_CASE("what packing declines is left to the document, exactly as read without it", "[packed]") {
  const std::vector<std::string> declined = {
      R"({"design": {"rows": [[1, 2], [3]]}})",              // ragged
      R"({"design": {"rows": []}})",                         // empty
      R"({"design": {"rows": [[]]}})",                       // an empty row
      R"({"design": {"rows": [[1, null]]}})",                // a null
      R"({"design": {"rows": [[1, "2"]]}})",                 // a string
      R"({"design": {"rows": [[1, [2]]]}})",                 // deeper
      R"({"design": {"rows": [[1, 2e15]]}})",                // out of range
      R"({"design": {"rows": [[1, -1000000000000001]]}})",   // out of range, whole
      R"({"design": {"rows": [1, 2]}})",                     // not rows
      R"({"design": {"rows": [[1, 2], 3]}})",
      R"({"design": {"rows": [[1, true]]}})",
      R"({"design": {"rows": {"0": [1]}}})",
      R"({"design": {"y": [1, [2]]}})",
      R"({"design": {"y": [[1]]}})",
      R"([{"design": {"rows": [[1]]}}])",                    // under an array: not the field's path
      R"({"x": {"design": {"rows": [[1]]}}})",               // another path
      R"({"design": [{"rows": [[1]]}]})",
  };
  for (const std::string& text : declined) {
    INFO(text);
    Packed p = read_packed(text);
    CHECK(p.out.empty());
    CHECK(p.doc.dump() == read_json(text, 64).dump());
  }
  SECTION("more items than the limit: the document's reading, and the handler, refuse them") {
    const std::string text = R"({"design": {"rows": [[1], [2], [3]], "y": [1, 2, 3]}})";
    CHECK(read_packed(text, 3).out.size() == 2);
    Packed p = read_packed(text, 2);
    CHECK(p.out.empty());
    CHECK(p.doc.dump() == read_json(text, 64).dump());
    // A row is held to the limit too (a review's find: one row of 4 million numbers was packed,
    // 32 MB of doubles, uncounted by max_json_values).
    const std::string wide = R"({"design": {"rows": [[1, 2, 3], [4, 5, 6]]}})";
    CHECK(read_packed(wide, 3).out.size() == 1);
    Packed w = read_packed(wide, 2);
    CHECK(w.out.empty());
    CHECK(w.doc.dump() == read_json(wide, 64).dump());
  }
  SECTION("nesting past the depth limit: refused as the plain reading refuses it") {
    const std::string text = R"({"design": {"rows": [[1]]}})";
    CHECK(read_packed(text, 100, 4).out.size() == 1);  // the root, design, rows, a row
    CHECK_THROWS_AS(read_packed(text, 100, 3), NesteggError);
    CHECK_THROWS_AS(read_json(text, 3), NesteggError);
  }
  SECTION("a repeated key: the last value counts, packed or not") {
    Packed p = read_packed(R"({"design": {"rows": [[1]]}, "design": {"rows": [[1, "x"]]}})");
    CHECK(p.out.empty());
    CHECK(p.doc["design"]["rows"][0][1] == "x");
    p = read_packed(R"({"design": {"rows": [[1]], "rows": [["x"]]}})");
    CHECK(p.out.empty());
    p = read_packed(R"({"design": {"rows": [["x"]]}, "design": {"rows": [[5]]}})");
    REQUIRE(p.out.count("design.rows") == 1);
    CHECK(p.out["design.rows"].values == std::vector<double>{5});
    p = read_packed(R"({"design": {"rows": [[1]]}, "design": 7})");
    CHECK(p.out.empty());
    p = read_packed(R"({"design": {"rows": [[1]]}, "designs": 7, "design.rows": 8})");
    CHECK(p.out.size() == 1);  // a neighbour sharing a prefix, or a key with a dot, is another key
    CHECK(p.doc["design.rows"] == 8);
  }
  SECTION("a malformed number inside fails at the same byte as the plain reading") {
    for (const std::string text : {R"({"design": {"rows": [[1, 2.]]}})", R"({"design": {"rows": [[1, -]]}})",
                                   R"({"design": {"rows": [[1, 1e400]]}})", R"({"design": {"rows": [[1, 2]})"}) {
      INFO(text);
      std::string plain_error, packed_error;
      try {
        read_json(text, 64);
      } catch (const std::exception& e) {
        plain_error = e.what();
      }
      try {
        read_packed(text);
      } catch (const std::exception& e) {
        packed_error = e.what();
      }
      CHECK(!plain_error.empty());
      CHECK(packed_error == plain_error);
    }
  }
}

TEST_CASE("savings.train and predict answer the same from packed rows as from the document", "[packed]") {
  EngineConfig config;
  config.today = Date{2026, 12, 1};
  Engine e(config);
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0, 1);
  std::string rows = "[", y = "[";
  for (int i = 0; i < 200; ++i) {
    const double a = noise(rng) * 100, b = noise(rng);
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s[%.17g, %.3f, %d]", i ? "," : "", a, b, i % 7);
    rows += buf;
    std::snprintf(buf, sizeof buf, "%s%.17g", i ? "," : "", 3 + 0.5 * a - 2 * b + noise(rng));
    y += buf;
  }
  rows += "]", y += "]";
  const std::string design = R"({"columns": ["a", "b", "c"], "rows": )" + rows + R"(, "y": )" + y + "}";
  // Each answered on the text (packed) and on the parsed document (never packed): valid requests,
  // then one per way the bulk fields can be wrong.
  e.call("savings.train", R"({"user_id": "u", "design": )" + design + "}");  // the model predict reads
  const std::vector<std::pair<const char*, std::string>> calls = {
      {"savings.train", R"({"user_id": "u", "store": false, "design": )" + design + R"(, "cv_folds": 3})"},
      {"savings.predict", R"({"user_id": "u", "rows": [[1, 2, 3], [4.5, -6, 0]], "intervals": [80, 95]})"},
      {"savings.predict", R"({"user_id": "u", "rows": [[1, 2, 3], [4.5, -6, 0]], "output": "columns"})"},
      {"savings.train", R"({"design": {"columns": ["a", "b"], "rows": [[1, 2, 3]], "y": [1]}})"},
      {"savings.train", R"({"design": {"columns": ["a"], "rows": [[1], [2, 3]], "y": [1, 2]}})"},
      {"savings.train", R"({"design": {"columns": ["a"], "rows": [[1], [2e16]], "y": [1, 2]}})"},
      {"savings.train", R"({"design": {"columns": ["a"], "rows": [[1], [2]], "y": [1]}})"},
      {"savings.train", R"({"design": {"columns": ["a"], "rows": [[1], [2]], "y": [1, "2"]}})"},
      {"savings.train", R"({"design": {"columns": ["a"], "rows": [[1], [2]], "y": [1, 2], "extra": 1}})"},
      {"savings.train", R"({"design": {"columns": ["a"], "rows": [], "y": []}})"},
      {"savings.predict", R"({"user_id": "u", "rows": [[1, 2]]})"},
      {"savings.predict", R"({"user_id": "u", "rows": [[1, 2, null]]})"},
      {"savings.predict", R"({"user_id": "nobody", "rows": [[1, 2, 3]]})"},
  };
  for (const auto& [method, text] : calls) {
    INFO(method << " " << text.substr(0, 200));
    const std::string packed = e.call(method, text);
    const std::string plain = e.call_json(method, read_json(text, 64)).dump(-1, ' ', false, json::error_handler_t::replace);
    CHECK(packed == plain);
  }
}

namespace {

// Requests built to reach every branch of the packing: bulk arrays valid, ragged, out of range,
// of the wrong width, too many for a small max_array_items, too deep for a small max_json_depth,
// malformed numbers, attachments, repeated and escaped keys, the same keys off the path, an
// experiment, unknown fields, then a quarter of them cut or mangled a few bytes at a time.
struct RequestMaker {
  std::mt19937_64 rng{20261203};
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }

  std::string number() {
    static const char* odd[] = {"-0", "-0.0", "1e15", "-1e15", "1000000000000000", "1000000000000001", "1E+2", "0.1e-400",
                                "18446744073709551616", "-9223372036854775808", "1e400", "2.", "01", "1e15000", "1.5e15",
                                "999999999999999.99999999", "1000000000000000.0000001", "null", "\"3\"", "true", "[1]"};
    if (pick(25) == 0) return odd[pick(int(std::size(odd)))];
    char buf[40];
    std::snprintf(buf, sizeof buf, pick(2) ? "%.17g" : "%.2f", std::uniform_real_distribution<double>(-100, 100)(rng));
    return buf;
  }
  std::string space() { return pick(3) ? "" : " \n\t"; }
  std::string vector(int n) {
    std::string s = "[" + space();
    for (int i = 0; i < n; ++i) s += (i ? "," + space() : "") + number();
    return s + "]";
  }
  std::string rows(int n, int cols) {
    switch (pick(12)) {
      case 0: return "\"attachment:x\"";
      case 1: return "\"attachment:nope\"";
      case 2: return "null";
      case 3: return "[]";
    }
    std::string s = "[";
    for (int i = 0; i < n; ++i) s += (i ? "," : "") + space() + vector(pick(20) ? cols : pick(4));
    return s + space() + "]";
  }
  std::string y(int n) {
    switch (pick(12)) {
      case 0: return "\"attachment:y\"";
      case 1: return "[[1]]";
      case 2: return "null";
    }
    return vector(pick(10) ? n : pick(6));
  }
  std::string design() {
    const int n = 6 + pick(8), cols = 1 + pick(3);
    std::string d = R"({"columns": ["c0")";
    for (int i = 1; i < cols; ++i) d += ", \"c" + std::to_string(i) + "\"";
    d += "]";
    if (pick(3) == 0) d += ", \"y\": " + y(n);
    d += ", \"rows\": " + rows(n, pick(15) ? cols : cols + 1) + ", \"y\": " + y(n);
    if (pick(6) == 0) d += ", \"rows\": " + rows(n, cols);
    if (pick(8) == 0) d += R"(, "extra": 1)";
    return d + "}";
  }
  std::string train() {
    std::string t = std::string("{") + (pick(2) ? R"("user_id": "u", )" : "") + (pick(3) ? R"("store": false, )" : "") +
                    R"("cv_folds": )" + std::to_string(pick(3));
    switch (pick(6)) {
      case 0: t += R"(, "de\u0073ign": )" + design(); break;
      case 1: t += R"(, "design": )" + design() + R"(, "design": )" + design(); break;
      case 2: t += R"(, "design": 5, "design": )" + design(); break;
      default: t += R"(, "design": )" + design();
    }
    if (pick(8) == 0) t += R"(, "experiment": "e")";
    if (pick(8) == 0) t += R"(, "other": {"design": )" + design() + "}";
    return t + "}";
  }
  std::string predict() {
    std::string t = R"({"user_id": "m")";
    if (pick(3) == 0) t += std::string(R"(, "output": ")") + (pick(2) ? "columns" : "attachments") + "\"";
    if (pick(3) == 0) t += R"(, "intervals": [80, 95])";
    if (pick(6) == 0) t += R"(, "rows": )" + rows(1 + pick(5), 2);
    t += R"(, "rows": )" + rows(1 + pick(5), pick(10) ? 2 : 3);
    if (pick(8) == 0) t += R"(, "row\u0073": )" + rows(2, 2);
    if (pick(8) == 0) t += R"(, "horizon": 2)";
    return t + "}";
  }
  std::string mangle(std::string s) {
    static const char bytes[] = "[]{},:\"0-e. ";
    for (int i = 1 + pick(3); i > 0 && !s.empty(); --i) {
      const size_t at = size_t(pick(int(s.size())));
      switch (pick(5)) {
        case 0: s.erase(at, 1); break;
        case 1: s.insert(at, 1, bytes[pick(12)]); break;
        case 2: s.resize(at); break;
        case 3: s[at] = bytes[pick(12)]; break;
        default: s.insert(at, s.substr(size_t(pick(int(s.size()))), size_t(pick(30))));
      }
    }
    return s;
  }
};

// The state both engines of a pair start from: attachments, a stored two-column model, an experiment.
// Under a small max_json_depth neither the model nor the experiment is stored (their records could
// not be read back: too_large).
void prepare(Engine& e, bool small_depth) {
  e.attach("x", Attachment{{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 6, 2});
  e.attach("y", Attachment{{1, 2, 3, 4, 5, 7}, 6, 1});
  const std::string model = e.call("savings.train", R"({"user_id": "m", "design": {"columns": ["a", "b"],
      "rows": [[0, 0], [1, 1], [2, 4], [3, 4], [4, 1], [5, 0], [6, 1], [7, 4]], "y": [0, 4, 8, 9, 13, 17, 18, 22]}})");
  INFO(model);
  REQUIRE((model.rfind(R"({"error":{"code":"too_large")", 0) == 0) == small_depth);
  REQUIRE((model.rfind(R"({"error")", 0) == 0) == small_depth);
  const std::string experiment = e.call("savings.experiment", R"({"name": "e", "variants": [
      {"name": "a", "weight": 1, "options": {"ridge": 0.5}}, {"name": "b", "weight": 1, "options": {}}]})");
  INFO(experiment);
  REQUIRE((experiment.rfind(R"({"error":{"code":"too_large")", 0) == 0) == small_depth);  // so is the experiment's
}

// Variant v (0-7) of the configs that change what packing may take: unknown-field warnings, a
// small max_array_items, a small max_json_depth.
EngineConfig variant_config(int v, int64_t small_items, int64_t small_depth) {
  EngineConfig config;
  config.today = Date{2026, 12, 1};
  config.log_level = LogLevel::off;
  config.warn_unknown_fields = v & 1;
  if (v & 2) config.limits.max_array_items = small_items;
  if (v & 4) config.limits.max_json_depth = small_depth;
  return config;
}

// `text` answered by `packed` on the text and by `plain` on the document read without packing:
// the same bytes (a text the reader refuses must be refused by the call). True when answered
// without an error.
bool answered_alike(Engine& packed, Engine& plain, const char* method, const std::string& text, int64_t depth) {
  const std::string answer = packed.call(method, text);
  json doc;
  try {
    doc = read_json(text, depth);
  } catch (const std::exception&) {
    CHECK(answer.rfind(R"({"error")", 0) == 0);
    return false;
  }
  REQUIRE(answer == plain.call_json(method, doc).dump(-1, ' ', false, json::error_handler_t::replace));
  CHECK(packed.outputs().size() == plain.outputs().size());
  return answer.rfind(R"({"error")", 0) != 0;
}

}  // namespace

// A pair of engines in the same state: one answers the text (packed), the other the document read
// without packing. Every answer must match byte for byte, so the pair stays in the same state
// (trains that store bump both registries alike). Under each config that changes what packing
// may take: unknown-field warnings, a small max_array_items, a small max_json_depth.
TEST_CASE("random and mangled savings requests answer the same on the text as on the document", "[packed]") {
  RequestMaker make;
  int answered = 0;
  for (int variant = 0; variant < 8; ++variant) {
    const EngineConfig config = variant_config(variant, 8, 4);  // depth 4: the root, design, rows, a row
    Engine packed(config), plain(config);
    prepare(packed, variant & 4);
    prepare(plain, variant & 4);
    for (int i = 0; i < 250; ++i) {
      const bool train = make.pick(2);
      std::string text = train ? make.train() : make.predict();
      if (make.pick(4) == 0) text = make.mangle(text);
      const char* method = train ? "savings.train" : "savings.predict";
      INFO("variant " << variant << ", " << method << " " << text);
      answered += answered_alike(packed, plain, method, text, config.limits.max_json_depth);
    }
  }
  // The valid requests were reached, not only errors. Under max_json_depth 4 (half the variants) a
  // train that stores is refused (its record could not be read back) and the prepared model is
  // missing, so about 300 of the 2000 answer: 250 still says the valid paths ran.
  CHECK(answered > 250);
}

namespace {

const PackedField kMonthly[] = {{"series", false, -1e12, 1e12}, {"categories.*", false, -1e12, 1e12}, {nullptr, false, 0, 0}};

}  // namespace

TEST_CASE("a wildcard key packs each member's array, by the path it was found at", "[packed]") {
  Packed p = read_packed(R"({"series": [1, 2.5, -3], "categories": {"rent": [1500, 1500], "gaps": [1, null, 3],
      "a.b": [4], "nested": {"x": [5]}, "*": [6], "big": [2e12], "rent": [1600, 1700, 1800]},
      "other": {"rent": [7]}})", 100000, 64, kMonthly);
  CHECK(p.out.size() == 3);
  CHECK(p.out["series"].values == std::vector<double>{1, 2.5, -3});
  CHECK(p.out["categories.rent"].values == std::vector<double>{1600, 1700, 1800});  // the last "rent" counts
  CHECK(p.out["categories.*"].values == std::vector<double>{6});  // a key "*" is a key like any other
  CHECK(p.out.count("categories.gaps") == 0);   // a null: the document's
  CHECK(p.out.count("categories.a.b") == 0);    // a key with a dot is never packed
  CHECK(p.out.count("categories.big") == 0);    // out of range: the handler's error
  CHECK(p.doc["categories"]["gaps"].size() == 3);
  CHECK(p.doc["categories"]["nested"]["x"].size() == 1);
  CHECK(p.doc["other"]["rent"].size() == 1);
  CHECK(p.doc["categories"]["rent"].empty());

  SECTION("a repeated object forgets what its earlier value packed, and only that") {
    p = read_packed(R"({"categories": {"a": [1], "b": [2]}, "categories": {"b": [3], "c": ["x"]}, "categoriesX": {"a": [9]}})",
                    100000, 64, kMonthly);
    CHECK(p.out.size() == 1);
    CHECK(p.out["categories.b"].values == std::vector<double>{3});
    p = read_packed(R"({"categories": {"a": [1]}, "categories": 5})", 100000, 64, kMonthly);
    CHECK(p.out.empty());
    p = read_packed(R"({"categories": {"a": [1], "a-b": [2], "a": "x"}})", 100000, 64, kMonthly);
    CHECK(p.out.size() == 1);  // "a-b" sorts between "a" and "a.": kept
    CHECK(p.out.count("categories.a-b") == 1);
  }
  SECTION("thousands of members and repeats: the first kMaxPackedArrays packed, the rest read as ever") {
    std::string text = R"({"categories": {)";
    for (int i = 0; i < 20000; ++i) text += "\"x" + std::to_string(i) + "\": [1, 2],";
    for (int i = 0; i < 20000; ++i) text += "\"x\": [3],";
    text += R"("x": null, "x1": [4]}})";
    p = read_packed(text, 100000, 64, kMonthly);
    CHECK(p.out.size() == kMaxPackedArrays);
    CHECK(p.out.count("categories.x0") == 1);
    CHECK(p.out["categories.x1"].values == std::vector<double>{4});  // the last x1 took the first's place
    CHECK(p.out.count("categories.x63") == 1);
    CHECK(p.out.count("categories.x64") == 0);
    CHECK(p.doc["categories"]["x64"] == json::array({1, 2}));
    CHECK(p.doc["categories"]["x"].is_null());
  }
}

namespace {

// Requests of the four methods that read monthly series: series of every number shape, with
// nulls, out of range values, too long, empty or not arrays; category names with dots, escapes,
// repeats; the fields repeated or misplaced; a quarter of them mangled (RequestMaker's).
struct MonthlyMaker : RequestMaker {
  std::string series(int n) {
    switch (pick(40)) {
      case 0: return "[]";
      case 1: return "null";
      case 2: return "\"12\"";
      case 3: return "{\"a\": [1]}";
    }
    std::string s = "[" + space();
    for (int i = 0; i < n; ++i) {
      const int kind = pick(60);
      const std::string v = kind == 0 ? "null" : kind == 1 ? number() : kind % 2 ? std::to_string(900 + pick(300))
                                                                               : std::to_string(pick(90000)) + "." + std::to_string(10 + pick(90));
      s += (i ? "," + space() : "") + v;
    }
    return s + "]";
  }
  std::string name() {
    static const char* names[] = {"rent", "food", "a.b", "r\\u0065nt", "*", "x\\u0000y", "food", "é", "gifts", "travel"};
    return std::string("\"") + (pick(40) ? names[pick(int(std::size(names)))] : "") + "\"";
  }
  std::string categories(int n) {
    std::string s = "{";
    for (int i = 0, k = 1 + pick(4); i < k; ++i) s += (i ? ", " : "") + name() + ": " + series(n);
    return s + "}";
  }
  std::pair<const char*, std::string> request() {
    const int n = pick(10) ? 13 + pick(24) : 1 + pick(40);
    switch (pick(4)) {
      case 0: {
        std::string r = R"({"horizon": 3, "period": 12, "method": ")" + std::string(pick(3) ? "naive" : pick(2) ? "ses" : "snaive") + "\"";
        const int which = pick(12);  // mostly one of the two, sometimes both or a field twice
        if (which % 2 == 0 || which == 11) r += ", \"series\": " + series(n);
        if (which % 2 == 1 || which == 10) r += ", \"categories\": " + categories(n);
        if (which == 9) r += ", \"categories\": " + categories(n);
        if (which == 8) r += ", \"series\": " + series(n);
        return {"forecast.expenses", r + "}"};
      }
      case 1:
        return {"forecast.cashflow", R"({"start_date": "2027-01-01", "starting_balance": 3000, "months": 2, "paths": 100,
            "incomes": [{"name": "pay", "amount": 2800, "cadence": "monthly", "start_date": "2027-01-05"}], "include_daily": false, "spending": )" +
                                         categories(n) + (pick(6) ? "" : ", \"spending\": " + categories(n)) + "}"};
      case 2:
        return {"insights.trends", R"({"last_month": "2026-11", "categories": )" + categories(n) + "}"};
      default:
        return {"insights.nudges", R"({"as_of": "2026-12-02", "last_month": "2026-11", "categories": )" + categories(n) + "}"};
    }
  }
};

}  // namespace

TEST_CASE("random and mangled monthly-series requests answer the same on the text as on the document", "[packed]") {
  MonthlyMaker make;
  int answered = 0;
  for (int variant = 0; variant < 8; ++variant) {
    const EngineConfig config = variant_config(variant, 16, 3);  // depth 3: the root, categories, a series
    Engine packed(config), plain(config);
    for (int i = 0; i < 150; ++i) {
      auto [method, text] = make.request();
      if (make.pick(4) == 0) text = make.mangle(text);
      INFO("variant " << variant << ", " << method << " " << text);
      answered += answered_alike(packed, plain, method, text, config.limits.max_json_depth);
    }
  }
  CHECK(answered > 300);  // valid requests were reached, not only errors
}
