// SPDX-License-Identifier: MIT
// The size of a document as JavaScript writes it again: each number's length worked by hand from
// ECMAScript's Number::toString rules, and the count of values and keys held to the request
// reader's own (the limit exactly at the count reads, one under is refused), and so is the depth.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>
#include <limits>

#include "error.hpp"
#include "js_json_size.hpp"
#include "json_reader.hpp"

using nestegg::ecmascript_number_length;

TEST_CASE("numbers are as long as JavaScript writes them") {
  CHECK(ecmascript_number_length(0.0) == 1);                      // 0
  CHECK(ecmascript_number_length(-0.0) == 1);                     // 0
  CHECK(ecmascript_number_length(3.0) == 1);                      // 3 (nlohmann: 3.0)
  CHECK(ecmascript_number_length(100.0) == 3);                    // 100
  CHECK(ecmascript_number_length(123.45) == 6);                   // 123.45
  CHECK(ecmascript_number_length(-0.5) == 4);                     // -0.5
  CHECK(ecmascript_number_length(0.1) == 3);                      // 0.1
  CHECK(ecmascript_number_length(1.0 / 3) == 18);                 // 0.3333333333333333
  CHECK(ecmascript_number_length(0.00012) == 7);                  // 0.00012
  CHECK(ecmascript_number_length(1.5e-6) == 9);                   // 0.0000015 (nlohmann: 1.5e-06)
  CHECK(ecmascript_number_length(1e-7) == 4);                     // 1e-7 (nlohmann: 1e-07)
  CHECK(ecmascript_number_length(-1.2345e-7) == 10);              // -1.2345e-7
  CHECK(ecmascript_number_length(1e20) == 21);                    // 100000000000000000000 (nlohmann: 1e+20)
  CHECK(ecmascript_number_length(1.2345678901234568e20) == 21);   // 123456789012345680000
  CHECK(ecmascript_number_length(1e21) == 5);                     // 1e+21
  CHECK(ecmascript_number_length(1.7976931348623157e308) == 23);  // 1.7976931348623157e+308
  CHECK(ecmascript_number_length(5e-324) == 6);                   // 5e-324
  CHECK(ecmascript_number_length(12345678.0) == 8);               // 12345678
  CHECK(ecmascript_number_length(std::nan("")) == 4);             // null
  CHECK(ecmascript_number_length(-std::numeric_limits<double>::infinity()) == 4);
}

TEST_CASE("the bound: no number is longer than kMaxEcmascriptNumberLength, reached by the longest form") {
  using nestegg::kMaxEcmascriptNumberLength;
  CHECK(ecmascript_number_length(-1.2345678901234567e-6) == kMaxEcmascriptNumberLength);  // -0.0000012345678901234567
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200000; ++i) {
    double x;
    const uint64_t bits = rng();
    std::memcpy(&x, &bits, sizeof x);  // every exponent alike
    if (i % 2) x = std::ldexp(double(bits >> 11), int(rng() % 140) - 100);  // and the fixed range
    CHECK(ecmascript_number_length(x) <= kMaxEcmascriptNumberLength);
  }
  // A document's bound: the same values and depth, at least the bytes.
  const nlohmann::json doc = nlohmann::json::parse(R"({"a":[1,0.1,-1e-7,1e20,"x"],"b":{"c":[[2.5]]}})");
  nestegg::JsonSize exact, bound;
  nestegg::add_js_json_size(doc, exact);
  nestegg::add_js_json_size(doc, bound, 0, false);
  CHECK(bound.values == exact.values);
  CHECK(bound.depth == exact.depth);
  // 0.1, -1e-7, 1e20 and 2.5 (3, 5, 21 and 3 characters) at 25 each; 1 is read as a whole number.
  CHECK(bound.bytes == exact.bytes + (25 - 3) + (25 - 5) + (25 - 21) + (25 - 3));
}

TEST_CASE("a document's size: JavaScript's bytes, and the values and keys the reader counts") {
  const char* texts[] = {R"({"a":[1,2,"x\n\u0001y"],"b":true,"c":null,"d":{"e":false,"f":[]},"g":"\"\\é"})",
                         R"([[[],{}],-7,12345678901,"",{"k":{"k":{"k":0.25}}}])", R"("alone")", "3"};
  for (const char* text : texts) {
    const nlohmann::json doc = nlohmann::json::parse(text);
    nestegg::JsonSize size;
    nestegg::add_js_json_size(doc, size);
    CHECK(size.bytes == int64_t(std::string(text).size()));  // written as JavaScript writes them
    CHECK_NOTHROW(nestegg::read_json(text, 64, nullptr, size.values));
    CHECK_THROWS_AS(nestegg::read_json(text, 64, nullptr, size.values - 1), nestegg::NesteggError);
    CHECK_NOTHROW(nestegg::read_json(text, size.depth, nullptr, size.values));
    if (size.depth > 0) CHECK_THROWS_AS(nestegg::read_json(text, size.depth - 1, nullptr, size.values), nestegg::NesteggError);
  }
  nestegg::JsonSize nested;
  nestegg::add_js_json_size(nlohmann::json::parse(R"({"a":[[1],{"b":[]}]})"), nested, 5);  // inside 5 levels
  CHECK(nested.depth == 9);
}
