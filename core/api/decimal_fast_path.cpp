// SPDX-License-Identifier: MIT
#include "decimal_fast_path.hpp"

#include <cstdint>

namespace nestegg {

namespace {

// Every power of ten up to 10^22 is a double exactly (5^22 < 2^53; 10^23 is not), so each
// product on the way to it is exact too: no table needed.
constexpr int kMaxPow10 = 22;
constexpr uint64_t kMaxExactSignificand = uint64_t(1) << 53;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool decimal_fast_path(const char* text, double& value, const char*& end) {
  const char* p = text;
  const bool negative = *p == '-';
  if (negative) ++p;
  if (!is_digit(*p)) return false;
  uint64_t significand = 0;
  int exponent = 0;  // of ten
  // A significand past 2^53 only grows with more digits: out of range at once, and never near
  // overflowing 64 bits.
  auto append = [&](char c) {
    significand = significand * 10 + uint64_t(c - '0');
    return significand <= kMaxExactSignificand;
  };
  for (; is_digit(*p); ++p)
    if (!append(*p)) return false;
  if (*p == 'x' || *p == 'X') return false;  // "0x..." is hexadecimal to strtod
  if (*p == '.') {
    if (!is_digit(p[1])) return false;  // "1." and "1.e5" are numbers to strtod, left to it
    for (++p; is_digit(*p); ++p) {
      // The bound keeps a run of zeros after the point from overflowing the counter.
      if (!append(*p) || --exponent < -9999) return false;
    }
  }
  if (*p == 'e' || *p == 'E') {
    const char* q = p + 1;
    const bool minus = *q == '-';
    if (*q == '-' || *q == '+') ++q;
    if (!is_digit(*q)) return false;  // "1e" ends before the 'e' for strtod: left to it
    int e = 0;
    for (; is_digit(*q); ++q) {
      if (e > 9999) return false;
      e = e * 10 + (*q - '0');
    }
    exponent += minus ? -e : e;
    p = q;
  }
  double magnitude = 0;
  if (significand != 0) {
    if (exponent < -kMaxPow10 || exponent > kMaxPow10) return false;
    double power = 1;
    for (int k = exponent < 0 ? -exponent : exponent; k > 0; --k) power *= 10;
    magnitude = exponent < 0 ? double(significand) / power : double(significand) * power;
  }
  value = negative ? -magnitude : magnitude;
  end = p;
  return true;
}

}  // namespace nestegg
