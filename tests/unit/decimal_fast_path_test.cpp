// SPDX-License-Identifier: MIT
// The fast path against glibc's strtod, which rounds correctly (exact multi-precision reading):
// wherever the fast path answers, the same bits and the same end; where it declines, nothing is
// touched. The wasm build sends strtod through it, so this is what keeps JSON numbers exact there
// (tests/js/engine.test.mjs then round-trips 10 400 numbers through the wasm engine).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
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
  for (const char* s : {"12345678901234567890", "0x10", "0X1p3", " 1", "+1", "1.", ".5", "1.e5", "1e", "1e+", "-", "",
                        "inf", "-nan", "infinity", "1.7976931348623157e308", "4.9e-324", "1e61", "1e-61",
                        "0.12345678901234567891"}) {
    INFO(s);
    CHECK_FALSE(agrees_with_strtod(s));
  }
}

TEST_CASE("Eisel-Lemire reads past Clinger's range: 17 digits, 10^23, 2^53 + 1") {
  for (const char* s : {"9007199254740993", "1e23", "1e-23", "1037.1300000000001", "0.1234567890123456789",
                        "1234567890123456789", "1e60", "1e-60", "9.999999999999999e59", "0.30000000000000004",
                        "2.2250738585072014e-44", "1.7976931348623157e60", "123456789012345678e-42"}) {
    INFO(s);
    CHECK(agrees_with_strtod(s));
  }
}

TEST_CASE("the fast paths give strtod's bits on two million 16-19 digit numbers and halfway cases") {
  std::mt19937_64 rng(20261201);
  int answered = 0;
  constexpr int kCount = 2000000;
  for (int i = 0; i < kCount; ++i) {
    std::string s;
    switch (i % 4) {
      case 0: {  // what JavaScript prints for a computed amount: 17 significant digits
        char buf[40];
        const double x = std::ldexp(double(rng() >> 11), -53) * std::pow(10.0, int(rng() % 12) - 2);
        std::snprintf(buf, sizeof buf, "%.17g", x);
        s = buf;
        break;
      }
      case 1: {  // any 16-19 digits with the point anywhere and an exponent within the table
        const int n = 16 + int(rng() % 4);
        s = std::string(1, char('1' + rng() % 9)) + digits(rng, n - 1);
        s.insert(1 + rng() % n, ".");
        s += "e" + std::to_string(int(rng() % 100) - 50);
        break;
      }
      case 2: {  // exactly halfway between two doubles (up to 19 digits): the tie rounds to even
        const uint64_t m = (rng() >> 11) | (uint64_t(1) << 52);  // 53 bits
        s = std::to_string(((m << 1) | 1) << (rng() % 10));
        if (rng() % 2) s += "." + std::string(1 + rng() % 3, '0');
        break;
      }
      default: {  // random bit patterns in 10^-60..10^60, shortest and longer
        double x;
        do {
          const uint64_t b = rng();
          std::memcpy(&x, &b, sizeof x);
        } while (!std::isfinite(x) || std::fabs(x) < 1e-58 || std::fabs(x) > 1e58);
        char buf[40];
        std::snprintf(buf, sizeof buf, rng() % 2 ? "%.17g" : "%.16e", x);
        s = buf;
      }
    }
    answered += agrees_with_strtod(s);
  }
  CHECK(answered > kCount * 3 / 4);  // declined: > 19 digits, beyond 10^+-60, the rare product too close to call
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
