// SPDX-License-Identifier: MIT
// core/base/format_text and error: the texts and errors the core writes through format_text and
// fail / fail_at, which must be what the string concatenations they replaced made. Held to glibc's
// snprintf for the printf conversions (%.Nf included), to format_number for %g, and to
// Fields::path's joining for FieldPath.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

#include "error.hpp"
#include "format_text.hpp"
#include "format_number.hpp"

using namespace nestegg;

namespace {

template <typename... Args>
std::string printf_text(const char* format, Args... args) {
  char buffer[2048];
  const int n = std::snprintf(buffer, sizeof buffer, format, args...);
  REQUIRE(n >= 0);
  REQUIRE(size_t(n) < sizeof buffer);
  return std::string(buffer, size_t(n));
}

Error caught(void (*thrower)()) {
  try {
    thrower();
  } catch (const NesteggError& e) {
    return e.error();
  }
  FAIL("nothing was thrown");
  return {};
}

}  // namespace

TEST_CASE("FieldPath joins as Fields::path does, with an index after") {
  CHECK(FieldPath("goals").text() == "goals");
  CHECK(FieldPath("").text() == "");
  CHECK(FieldPath("config", "limits").text() == "config.limits");
  CHECK(FieldPath("", "limits").text() == "limits");  // the top level: no leading dot
  CHECK(FieldPath("spending", "").text() == "spending.");  // an empty JSON key is still a member
  CHECK(FieldPath::item("series", 3).text() == "series[3]");
  CHECK(FieldPath::item("", 0).text() == "[0]");
  const std::string with_nul("a\0b", 3);
  CHECK(FieldPath("categories", with_nul).text() == std::string("categories.a\0b", 14));
}

TEST_CASE("format_text writes printf's conversions as snprintf does") {
  CHECK(format_text("plain") == "plain");
  CHECK(format_text("%s and %s", "one", "") == "one and ");
  CHECK(format_text("%d %d %d", 0, -7, std::numeric_limits<int>::min()) ==
        printf_text("%d %d %d", 0, -7, std::numeric_limits<int>::min()));
  CHECK(format_text("%zu|%zu", size_t(0), std::numeric_limits<size_t>::max()) ==
        printf_text("%zu|%zu", size_t(0), std::numeric_limits<size_t>::max()));
  CHECK(format_text("%lld|%lld", std::numeric_limits<long long>::min(), 12000000LL) ==
        printf_text("%lld|%lld", std::numeric_limits<long long>::min(), 12000000LL));
  CHECK(format_text("%llu", std::numeric_limits<unsigned long long>::max()) ==
        printf_text("%llu", std::numeric_limits<unsigned long long>::max()));
  CHECK(format_text("50 %% of %d%%", 8) == "50 % of 8%");
  CHECK(format_text("[%.*s]", 3, "abcdef") == "[abc]");
  CHECK(format_text("[%.*s]", 0, "abc") == "[]");
  // A string's bytes as they are, NUL included (names come from JSON, where \u0000 is a character).
  CHECK(format_text("'%.*s'", 3, "a\0b") == std::string("'a\0b'", 5));
}

TEST_CASE("a conversion format_text does not write: the rest of the format as it is, no argument read") {
  CHECK(format_text("a %d b %5d c %s", 1, 7, "x") == "a 1 b %5d c %s");
  CHECK(format_text("%x|%g", 255u, 0.5) == "%x|%g");
  CHECK(format_text("%.10f", 0.5) == "%.10f");
  CHECK(format_text("ends in %") == "ends in %");
  CHECK(format_text("%.5") == "%.5");
}

TEST_CASE("%.Nf is printf's fixed notation, rounded half to even on the exact value") {
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> unit(-1, 1);
  std::uniform_int_distribution<int> exponent(-12, 15);
  const char* formats[] = {"%.0f", "%.1f", "%.2f", "%.3f", "%.9f"};
  for (int i = 0; i < 20000; ++i) {
    const double x = unit(rng) * std::pow(10.0, exponent(rng));
    for (const char* f : formats) REQUIRE(format_text(f, x) == printf_text(f, x));
  }
  for (double x : {0.5, 1.5, 2.5, 0.125, 0.375, -0.5, 1e300, 0.0, -0.0}) {
    CHECK(format_text("%.0f|%.2f", x, x) == printf_text("%.0f|%.2f", x, x));
  }
  std::string out = "cost ";
  append_text(out, "%.2f a month, %zu months", 12.345, size_t(18));
  CHECK(out == "cost 12.35 a month, 18 months");  // 12.345 is 12.3450000000000006394884621841 in binary
}

TEST_CASE("%g in a message is format_number's ten significant digits") {
  std::mt19937_64 rng(18);
  std::uniform_real_distribution<double> mantissa(-10, 10);
  std::uniform_int_distribution<int> exponent(-320, 308);
  for (int i = 0; i < 20000; ++i) {
    const double x = mantissa(rng) * std::pow(10.0, exponent(rng));
    REQUIRE(format_text("%g", x) == format_number(x));
  }
  for (double x : {0.0, -0.0, 1e300 * 10, -1e300 * 10, std::numeric_limits<double>::quiet_NaN(), 0.05, 1e12, 50.0}) {
    CHECK(format_text("x=%g;", x) == "x=" + format_number(x) + ";");
  }
}

TEST_CASE("fail and fail_at throw the code, the message and the field") {
  const Error a = caught([] { fail("too_large", "rules", "rules x subjects (%lld) over %lld", 7LL, 5LL); });
  CHECK(a.code == "too_large");
  CHECK(a.message == "rules x subjects (7) over 5");
  CHECK(a.field == "rules");

  // fail_at: the message starts with the field's path, as "history[3].month must ..." did.
  const Error b = caught([] { fail_at("out_of_range", FieldPath::item("series", 12), " must be between %g and %g, got %g", 0.0, 1e12, -3.5); });
  CHECK(b.code == "out_of_range");
  CHECK(b.message == "series[12] must be between 0 and 1e+12, got -3.5");
  CHECK(b.field == "series[12]");

  const Error c = caught([] { fail_at("missing_field", FieldPath("", "target_amount"), " is required"); });
  CHECK(c.message == "target_amount is required");
  CHECK(c.field == "target_amount");

  const Error d = caught([] { fail("internal", "", "no field"); });
  CHECK(d.field.empty());
  CHECK(d.message == "no field");
}

TEST_CASE("format_js writes a number as JavaScript's String does (expectations from Node)") {
  const struct {
    double x;
    const char* js;
  } cases[] = {
      {0.0, "0"},
      {1.0000000000000000, "1"},
      {80.000000000000000, "80"},
      {95.000000000000000, "95"},
      {99.500000000000000, "99.5"},
      {0.50000000000000000, "0.5"},
      {66.666666666666671, "66.66666666666667"},
      {80.000000000010004, "80.00000000001"},
      {9.9999999999999995e-8, "1e-7"},
      {9.9999999999999995e-7, "0.000001"},
      {0.0000015000000000000000, "0.0000015"},
      {0.000010000000000000001, "0.00001"},
      {0.000025000000000000001, "0.000025"},
      {0.00010000000000000000, "0.0001"},
      {0.0012340000000000001, "0.001234"},
      {4.9406564584124654e-324, "5e-324"},
      {2.2250738585072014e-308, "2.2250738585072014e-308"},
      {1.0000000000000000e+21, "1e+21"},
      {1.0000000000000000e+20, "100000000000000000000"},
      {1.2345678901234568e+20, "123456789012345680000"},
      {1.7976931348623157e+308, "1.7976931348623157e+308"},
      {0.10000000000000001, "0.1"},
      {0.29999999999999999, "0.3"},
      {0.33333333333333331, "0.3333333333333333"},
      {100.00000000000000, "100"},
      {12.345678901199999, "12.3456789012"},
      {4.3499999999999996, "4.35"},
      {1.0000000000000000e-300, "1e-300"},
      {1.2300000000000000e-18, "1.23e-18"},
      {9.9999999999999995e-7, "0.000001"},
      {9.9999999999999995e-7, "0.000001"},
      {1.0000000000000000e+22, "1e+22"},
      {4.9999999999999998e-7, "5e-7"},
      {-0.000015000000000000000, "-0.000015"},
      {-42.500000000000000, "-42.5"},
      {9007199254740994.0, "9007199254740994"},
      {1e16, "10000000000000000"},
      {0.30000000000000004, "0.30000000000000004"},
  };
  for (const auto& c : cases) {
    INFO(c.js);
    CHECK(format_js(c.x) == c.js);
  }
  CHECK(format_js(-0.0) == "0");
  CHECK(format_js(std::nan("")) == "NaN");
  CHECK(format_js(-HUGE_VAL) == "-Infinity");
}
