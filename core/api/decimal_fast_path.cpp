// SPDX-License-Identifier: MIT
#include "decimal_fast_path.hpp"

#include <cstdint>
#include <cstring>

namespace nestegg {

namespace {

// Every power of ten up to 10^22 is a double exactly (5^22 < 2^53; 10^23 is not), so each
// product on the way to it is exact too: no table needed.
constexpr int kMaxPow10 = 22;
constexpr uint64_t kMaxExactSignificand = uint64_t(1) << 53;

// The high 64 bits of 5^q scaled into [2^127, 2^128), q = kMinQ..kMaxQ: truncated for q >= 0,
// and for q < 0 the reciprocal 2^b / 5^-q plus one, truncated, exactly as fast_float's
// script/table_generation.py makes its 128-bit table (here only the high words; the few numbers
// that need the low word go to strtod). Regenerate with:
//   for q in range(-60, 61):
//     if q < 0: p = 5**-q; z = p.bit_length()  # the smallest z with 2^z >= p (p is no power of 2)
//               c = 2**(z+127)//p + 1 if q >= -27 else 2**(2*z+128)//p + 1
//     else:     c = 5**q
//     while c < 2**127: c *= 2
//     while c >= 2**128: c //= 2
//     print(hex(c >> 64))
// A range, not all of double's: 10^-60..10^60 covers money, rates and what JavaScript prints for
// them in 968 bytes; the full table would be 5 KB of a .wasm with a size budget.
constexpr int kMinQ = -60;
constexpr int kMaxQ = 60;
constexpr uint64_t kPow5High[kMaxQ - kMinQ + 1] = {
    0xcdb02555653131b6, 0x808e17555f3ebf11, 0xa0b19d2ab70e6ed6, 0xc8de047564d20a8b,
    0xfb158592be068d2e, 0x9ced737bb6c4183d, 0xc428d05aa4751e4c, 0xf53304714d9265df,
    0x993fe2c6d07b7fab, 0xbf8fdb78849a5f96, 0xef73d256a5c0f77c, 0x95a8637627989aad,
    0xbb127c53b17ec159, 0xe9d71b689dde71af, 0x9226712162ab070d, 0xb6b00d69bb55c8d1,
    0xe45c10c42a2b3b05, 0x8eb98a7a9a5b04e3, 0xb267ed1940f1c61c, 0xdf01e85f912e37a3,
    0x8b61313bbabce2c6, 0xae397d8aa96c1b77, 0xd9c7dced53c72255, 0x881cea14545c7575,
    0xaa242499697392d2, 0xd4ad2dbfc3d07787, 0x84ec3c97da624ab4, 0xa6274bbdd0fadd61,
    0xcfb11ead453994ba, 0x81ceb32c4b43fcf4, 0xa2425ff75e14fc31, 0xcad2f7f5359a3b3e,
    0xfd87b5f28300ca0d, 0x9e74d1b791e07e48, 0xc612062576589dda, 0xf79687aed3eec551,
    0x9abe14cd44753b52, 0xc16d9a0095928a27, 0xf1c90080baf72cb1, 0x971da05074da7bee,
    0xbce5086492111aea, 0xec1e4a7db69561a5, 0x9392ee8e921d5d07, 0xb877aa3236a4b449,
    0xe69594bec44de15b, 0x901d7cf73ab0acd9, 0xb424dc35095cd80f, 0xe12e13424bb40e13,
    0x8cbccc096f5088cb, 0xafebff0bcb24aafe, 0xdbe6fecebdedd5be, 0x89705f4136b4a597,
    0xabcc77118461cefc, 0xd6bf94d5e57a42bc, 0x8637bd05af6c69b5, 0xa7c5ac471b478423,
    0xd1b71758e219652b, 0x83126e978d4fdf3b, 0xa3d70a3d70a3d70a, 0xcccccccccccccccc,
    0x8000000000000000, 0xa000000000000000, 0xc800000000000000, 0xfa00000000000000,
    0x9c40000000000000, 0xc350000000000000, 0xf424000000000000, 0x9896800000000000,
    0xbebc200000000000, 0xee6b280000000000, 0x9502f90000000000, 0xba43b74000000000,
    0xe8d4a51000000000, 0x9184e72a00000000, 0xb5e620f480000000, 0xe35fa931a0000000,
    0x8e1bc9bf04000000, 0xb1a2bc2ec5000000, 0xde0b6b3a76400000, 0x8ac7230489e80000,
    0xad78ebc5ac620000, 0xd8d726b7177a8000, 0x878678326eac9000, 0xa968163f0a57b400,
    0xd3c21bcecceda100, 0x84595161401484a0, 0xa56fa5b99019a5c8, 0xcecb8f27f4200f3a,
    0x813f3978f8940984, 0xa18f07d736b90be5, 0xc9f2c9cd04674ede, 0xfc6f7c4045812296,
    0x9dc5ada82b70b59d, 0xc5371912364ce305, 0xf684df56c3e01bc6, 0x9a130b963a6c115c,
    0xc097ce7bc90715b3, 0xf0bdc21abb48db20, 0x96769950b50d88f4, 0xbc143fa4e250eb31,
    0xeb194f8e1ae525fd, 0x92efd1b8d0cf37be, 0xb7abc627050305ad, 0xe596b7b0c643c719,
    0x8f7e32ce7bea5c6f, 0xb35dbf821ae4f38b, 0xe0352f62a19e306e, 0x8c213d9da502de45,
    0xaf298d050e4395d6, 0xdaf3f04651d47b4c, 0x88d8762bf324cd0f, 0xab0e93b6efee0053,
    0xd5d238a4abe98068, 0x85a36366eb71f041, 0xa70c3c40a64e6c51, 0xd0cf4b50cfe20765,
    0x82818f1281ed449f, 0xa321f2d7226895c7, 0xcbea6f8ceb02bb39, 0xfee50b7025c36a08,
    0x9f4f2726179a2245,
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

__extension__ typedef unsigned __int128 uint128;  // GCC and Clang (wasm32 too); one multiply on x86-64

uint64_t mul_high(uint64_t a, uint64_t b, uint64_t& low) {
  const uint128 p = static_cast<uint128>(a) * b;
  low = uint64_t(p);
  return uint64_t(p >> 64);
}

int leading_zeros(uint64_t x) { return __builtin_clzll(x); }

// Eisel and Lemire, "Number parsing at a gigabyte per second" (2021), in fast_float's form
// (compute_float), w != 0, q within the table. With only the high word of the power, a product
// whose low bits are all ones (where fast_float would look at the second word) is declined.
bool eisel_lemire(uint64_t w, int q, uint64_t& bits) {
  const int lz = leading_zeros(w);
  w <<= lz;
  uint64_t low;
  const uint64_t high = mul_high(w, kPow5High[q - kMinQ], low);
  if ((high & 0x1FF) == 0x1FF) return false;
  const int upperbit = int(high >> 63);
  const int shift = upperbit + 64 - 52 - 3;
  uint64_t mantissa = high >> shift;
  int power2 = (((152170 + 65536) * q) >> 16) + 63 + upperbit - lz + 1023;
  if (power2 <= 0) return false;  // subnormal: not in this range of q, but never guess
  // Exactly halfway between two doubles is possible only where 5^q is exact in 64 bits.
  if (low <= 1 && q >= -4 && q <= 23 && (mantissa & 3) == 1 && (mantissa << shift) == high) mantissa &= ~uint64_t(1);
  mantissa += mantissa & 1;  // round half up (to even, after the line above)
  mantissa >>= 1;
  if (mantissa >= (uint64_t(2) << 52)) {
    mantissa = uint64_t(1) << 52;
    ++power2;
  }
  mantissa &= ~(uint64_t(1) << 52);
  if (power2 >= 0x7FF) return false;  // overflow: not in this range of q either
  bits = mantissa | (uint64_t(power2) << 52);
  return true;
}

}  // namespace

bool decimal_to_double(uint64_t significand, int exponent, bool negative, double& value) {
  double magnitude = 0;
  if (significand != 0) {
    if (significand <= kMaxExactSignificand && exponent >= -kMaxPow10 && exponent <= kMaxPow10) {
      double power = 1;
      for (int k = exponent < 0 ? -exponent : exponent; k > 0; --k) power *= 10;
      magnitude = exponent < 0 ? double(significand) / power : double(significand) * power;
    } else {
      uint64_t bits;
      if (exponent < kMinQ || exponent > kMaxQ || !eisel_lemire(significand, exponent, bits)) return false;
      std::memcpy(&magnitude, &bits, sizeof magnitude);
    }
  }
  value = negative ? -magnitude : magnitude;
  return true;
}

bool decimal_fast_path(const char* text, double& value, const char*& end) {
  const char* p = text;
  const bool negative = *p == '-';
  if (negative) ++p;
  if (!is_digit(*p)) return false;
  uint64_t significand = 0;
  int digits = 0;    // significant ones, from the first that is not zero
  int exponent = 0;  // of ten
  // More than 19 significant digits may not fit 64 bits: strtod's.
  auto append = [&](char c) {
    significand = significand * 10 + uint64_t(c - '0');
    if (significand != 0) ++digits;
    return digits <= 19;
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
  if (!decimal_to_double(significand, exponent, negative, value)) return false;
  end = p;
  return true;
}

}  // namespace nestegg
