// SPDX-License-Identifier: MIT
// The wasm module's snprintf (wasm/snprintf_wrap.cpp, linked there with --wrap=snprintf) against
// glibc's, byte for byte and in its return value: the formats the engine and nlohmann write, then
// random formats of every flag, width, precision, length and conversion it supports, with random
// arguments, into buffers large and too small.
#include <catch2/catch.hpp>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

extern "C" int __wrap_snprintf(char* s, size_t n, const char* format, ...);

namespace {

template <typename... Args>
void same_as_glibc(size_t n, const char* format, Args... args) {
  char expected[256], got[256];
  std::memset(expected, 'x', sizeof expected);
  std::memset(got, 'x', sizeof got);
  const int want = std::snprintf(expected, n, format, args...);
  const int have = __wrap_snprintf(got, n, format, args...);
  INFO("format \"" << format << "\", buffer " << n);
  CHECK(have == want);
  CHECK(std::string(got, sizeof got) == std::string(expected, sizeof expected));
}

}  // namespace

TEST_CASE("the wasm snprintf writes what glibc writes: the formats in use") {
  for (unsigned c : {0u, 1u, 0x1fu, 0x7fu, 0xffffu}) same_as_glibc(7, "\\u%04x", c);
  same_as_glibc(13, "\\u%04x\\u%04x", 0xd83du, 0xde00u);
  for (long long a : {0LL, 5LL, 1234567LL, LLONG_MAX / 100}) same_as_glibc(40, "%s%lld.%02lld", a % 2 ? "-" : "", a / 100, a % 100);
  same_as_glibc(40, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", 2026, 12, 1, 23, 5, 9, 7);
  same_as_glibc(40, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", 12345, 1, 31, 0, 0, 0, 999);
  same_as_glibc(40, "100%% of %s", "it");
}

TEST_CASE("the wasm snprintf writes what glibc writes: random formats and arguments") {
  std::mt19937_64 rng(23);
  const char* flags[] = {"", "-", "0", "+", " ", "-0", "+0", "- ", "0+"};
  const char* lengths[] = {"", "h", "hh", "l", "ll", "z", "j"};
  for (int i = 0; i < 100000; ++i) {
    std::string f = rng() % 2 ? "a" : "";
    f += "%";
    f += flags[rng() % 9];
    if (rng() % 2) f += std::to_string(rng() % 25);
    if (rng() % 3 == 0) f += "." + std::to_string(rng() % 12);
    const size_t n = rng() % 4 == 0 ? rng() % 8 : 256;
    const char conversion = "diuxXcs"[rng() % 7];
    if (conversion == 'c' || conversion == 's') {
      if (f.find('0') != std::string::npos || f.find('+') != std::string::npos || f.find(' ') != std::string::npos) continue;
      f += conversion;
      f += "|";
      if (conversion == 'c') same_as_glibc(n, f.c_str(), int(' ' + rng() % 90));
      else same_as_glibc(n, f.c_str(), rng() % 2 ? "" : "some text");
      continue;
    }
    const std::string length = lengths[rng() % 7];
    f += length + conversion + "|";
    const uint64_t v = rng() >> (rng() % 64);
    const bool negative = rng() % 2;
    if (length == "ll" || length == "j") same_as_glibc(n, f.c_str(), negative ? -(long long)(v >> 1) : (long long)v);
    else if (length == "l" || length == "z") same_as_glibc(n, f.c_str(), negative ? -long(v >> 1) : long(v));
    else same_as_glibc(n, f.c_str(), negative ? -int(uint32_t(v) >> 1) : int(uint32_t(v)));
  }
}

extern "C" int __wrap_siprintf(char* s, const char* format, ...);

TEST_CASE("the wasm sprintf writes %p as musl does: 0x and 2 * sizeof(void*) hex digits at least") {
  char got[64];
  const std::string digits = std::string(2 * sizeof(void*) - 4, '0') + "12ab";
  CHECK(__wrap_siprintf(got, "%p", reinterpret_cast<void*>(uintptr_t(0x12ab))) == int(2 + digits.size()));
  CHECK(std::string(got) == "0x" + digits);
  same_as_glibc(64, "%d|%s", 7, "x");  // and the rest as snprintf
  char a[64], b[64];
  CHECK(__wrap_siprintf(a, "%05d-%x", -42, 255u) == std::snprintf(b, sizeof b, "%05d-%x", -42, 255u));
  CHECK(std::string(a) == b);
}
