// SPDX-License-Identifier: MIT
// The fast path against glibc's strtod, which rounds correctly (exact multi-precision reading):
// wherever the fast path answers, the same bits and the same end; where it declines, nothing is
// touched. The wasm build sends strtod through it, so this is what keeps JSON numbers exact there
// (tests/js/engine.test.mjs then round-trips 10 400 numbers through the wasm engine).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "decimal_fast_path.hpp"

using nestegg::decimal_fast_path;

namespace {

uint64_t bits(double x) {
  uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

// True when the fast path answered; then checks it against strtod.
bool agrees_with_strtod(const std::string& s) {
  char* ref_end = nullptr;
  const double ref = std::strtod(s.c_str(), &ref_end);
  double value = 12345;
  const char* end = nullptr;
  if (!decimal_fast_path(s.c_str(), value, end)) {
    INFO(s);
    CHECK(value == 12345);  // untouched
    CHECK(end == nullptr);
    return false;
  }
  INFO(s << " fast " << value << " strtod " << ref);
  CHECK(bits(value) == bits(ref));
  CHECK(end == ref_end);
  return true;
}

std::string digits(std::mt19937_64& rng, int count) {
  std::string s;
  for (int i = 0; i < count; ++i) s += char('0' + rng() % 10);
  return s;
}

}  // namespace

TEST_CASE("the decimal fast path takes plain JSON numbers in the exact range") {
  for (const char* s : {"0", "-0", "0.0", "-0.0", "1", "-1", "612.37", "0.1", "0.3", "1e22", "9007199254740992",
                        "123456789012345", "2.5e-3", "4.35E+2", "0.000001", "1e-22", "99.99", "00012.50",
                        "3.14159265358979", "0e999", "12abc", "1e5x", "7,"}) {
    INFO(s);
    CHECK(agrees_with_strtod(s));
  }
  double v = 0;
  const char* end = nullptr;
  REQUIRE(decimal_fast_path("-0", v, end));
  CHECK(std::signbit(v));
}

TEST_CASE("the decimal fast path leaves everything else to strtod") {
  for (const char* s : {"9007199254740993", "1e23", "1e-23", "12345678901234567890", "0x10", "0X1p3", " 1", "+1",
                        "1.", ".5", "1.e5", "1e", "1e+", "-", "", "inf", "-nan", "infinity", "1.7976931348623157e308",
                        "4.9e-324", "1037.1300000000001", "0.1234567890123456789"}) {
    INFO(s);
    CHECK_FALSE(agrees_with_strtod(s));
  }
}

TEST_CASE("the decimal fast path gives strtod's bits on a million random numbers, cents always") {
  std::mt19937_64 rng(20261129);
  int answered = 0;
  constexpr int kCount = 1000000;
  for (int i = 0; i < kCount; ++i) {
    std::string s = rng() % 4 == 0 ? "-" : "";
    const int int_digits = int(rng() % 18);
    s += int_digits == 0 ? "0" : digits(rng, int_digits);
    if (rng() % 3 != 0) s += "." + digits(rng, 1 + int(rng() % 18));
    if (rng() % 3 == 0) {
      s += rng() % 2 ? "e" : "E";
      const int sign = int(rng() % 3);
      if (sign) s += sign == 1 ? "-" : "+";
      s += digits(rng, 1 + int(rng() % 2));
    }
    if (rng() % 10 == 0) s += ",]";  // what follows a number in JSON
    answered += agrees_with_strtod(s);
  }
  CHECK(answered > kCount / 4);  // the range is what most real input falls in
  for (int i = 0; i < 200000; ++i) {  // money: every amount with cents below 10^13 is in range
    const std::string s = digits(rng, 1 + int(rng() % 13)) + "." + digits(rng, 2);
    INFO(s);
    REQUIRE(agrees_with_strtod(s));
  }
}
