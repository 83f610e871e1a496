// SPDX-License-Identifier: MIT
#include "basic_math.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace nestegg {

namespace {

// ln 2 in two parts, the first with 32 trailing zero bits so that k x kLn2Hi is exact (fdlibm's).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kLog2E = 1.4426950408889634;
constexpr double kSqrtHalf = 0.7071067811865476;
constexpr double kHalfLn2 = 0.34657359027997264;
constexpr double kInf = std::numeric_limits<double>::infinity();
// 2^(j/32) for j = 0..31 as hi + lo, hi the double nearest and lo the double nearest the rest
// (computed with mpmath at 200 bits).
constexpr double kTwoToJ32[32][2] = {
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55},
    {0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54},
    {0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54},
    {0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55},
    {0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54},
    {0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54},
    {0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55},
    {0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55},
    {0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54},
    {0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55},
    {0x1.44e086061892dp+0, 0x1.89b7a04ef80d0p-59},
    {0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56},
    {0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55},
    {0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54},
    {0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54},
    {0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54},
    {0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55},
    {0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55},
    {0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54},
    {0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54},
    {0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57},
    {0x1.9c49182a3f090p+0, 0x1.c7c46b071f2bep-56},
    {0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54},
    {0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54},
    {0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56},
    {0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55},
    {0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56},
    {0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55},
    {0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54},
    {0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54},
    {0x1.f50765b6e4540p+0, 0x1.9d3e12dd8a18bp-54},
};
constexpr double kThirtyTwoOverLn2 = 46.16624130844683;  // 32 / ln 2

// e^r - 1 for |r| <= ln 2 / 2: r (1 + r/2 (1 + r/3 (... (1 + r/14)))), the Taylor series to
// r^14/14! (the next term is under 2^-60 of the sum there), Horner from the top.
double expm1_reduced(double r) {
  double p = 1;
  for (int n = 14; n >= 2; --n) p = 1 + p * r / double(n);
  return r * p;
}

// 2^e for -1022 <= e <= 1023, from its bits.
double two_to(int e) {
  const uint64_t bits = uint64_t(e + 1023) << 52;
  double out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}

// x = k ln 2 + r with |r| <= ln 2 / 2 (and a little more from k's rounding); k returned.
double reduce(double x, double& r) {
  const double k = std::nearbyint(x * kLog2E);
  r = (x - k * kLn2Hi) - k * kLn2Lo;
  return k;
}

}  // namespace

namespace {

// e^x = m 2^e with m in [0.98, 2): x = (32 e + j) ln 2 / 32 + r with |r| <= ln 2 / 64, so
// m = 2^(j/32) e^r, 2^(j/32) from the table (as a sum of two doubles) and e^r - 1 by its Taylor
// series to r^6/6! (the next term is under 2^-56 of it there). No division and no call:
// goals.simulate takes one a path a month.
double exp_split(double x, int64_t& e) {
  const double kn = std::nearbyint(x * kThirtyTwoOverLn2);
  const double r = (x - kn * (kLn2Hi / 32)) - kn * (kLn2Lo / 32);  // kn kLn2Hi / 32 is exact
  const int64_t k = int64_t(kn), j = k & 31;
  e = (k - j) / 32;
  const double p = r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720))))));
  return kTwoToJ32[j][0] + (kTwoToJ32[j][1] + kTwoToJ32[j][0] * p);
}

}  // namespace

double exp_basic(double x) {
  int64_t e;
  // Below 708 in size (every call but the extremes: one test), 2^e is a normal double: one scaling.
  if (std::fabs(x) < 708) return exp_split(x, e) * two_to(int(e));
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return kInf;
  if (x < -745.2) return 0;
  const double m = exp_split(x, e);
  // 2^e past the normal range: in two exact steps above; below, to 2^-54 of it exactly, then one rounding.
  if (e > 1023) return m * 2 * two_to(int(e) - 1);
  if (e < -1022) return m * two_to(int(e) + 54) * 0x1p-54;
  return m * two_to(int(e));
}

double expm1_basic(double x) {
  if (std::isnan(x)) return x;
  if (std::fabs(x) <= kHalfLn2) return expm1_reduced(x);
  if (x < -40) return -1;  // e^-40 is under half an ulp of 1
  if (x > 700) return exp_basic(x);  // 1 is far under an ulp of the result
  // e^x - 1 = 2^k (e^r - 1) + (2^k - 1): the second exact for |k| <= 53, the sum one rounding.
  double r;
  const int k = int(reduce(x, r));
  const double two_k = std::ldexp(1.0, k);
  return (two_k - 1) + two_k * expm1_reduced(r);
}

double log_basic(double x) {
  if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -kInf;
  if (std::isinf(x)) return x;
  // x = m 2^e with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.172:
  // 2s (1 + s^2/3 + s^4/5 + ... + s^24/25), the next term under 2^-63. m and e from the bits, as
  // frexp gives them (a subnormal scaled up first), without its call.
  int e = -1022;
  if (x < 0x1p-1022) x *= 0x1p54, e -= 54;
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  e += int(bits >> 52);
  bits = (bits & 0x000FFFFFFFFFFFFFu) | 0x3FE0000000000000u;  // m in [1/2, 1)
  double m;
  std::memcpy(&m, &bits, sizeof m);
  if (m < kSqrtHalf) {
    m *= 2;
    --e;
  }
  static constexpr double kOdd[12] = {1.0 / 3,  1.0 / 5,  1.0 / 7,  1.0 / 9,  1.0 / 11, 1.0 / 13,
                                      1.0 / 15, 1.0 / 17, 1.0 / 19, 1.0 / 21, 1.0 / 23, 1.0 / 25};
  const double s = (m - 1) / (m + 1), s2 = s * s;
  double p = 0;
  for (int n = 11; n >= 0; --n) p = (p + kOdd[n]) * s2;
  return double(e) * kLn2Hi + ((double(e) * kLn2Lo + 2 * s * p) + 2 * s);
}

double log1p_basic(double x) {
  if (std::isnan(x) || x < -1) return std::numeric_limits<double>::quiet_NaN();
  if (x == -1) return -kInf;
  if (std::isinf(x)) return x;
  // Goldberg's way (What every computer scientist should know about floating-point arithmetic,
  // 1991, theorem 4): u = 1 + x rounded, and log(u) x / (u - 1) corrects for that rounding.
  const double u = 1 + x;
  if (u == 1) return x;
  return log_basic(u) * (x / (u - 1));
}

double lgamma_basic(double x) {
  if (!(x > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(x)) return x;
  // Below 10, lgamma(x) = lgamma(x + n) - log(x (x + 1) ... (x + n - 1)) with x + n >= 10 (the
  // product stays far from overflow and, from x = 5e-324 on, from underflow); from 10, Stirling's
  // series to its 1/z^15 term (B16 / (16 15 z^15)), the next under 2e-18 there. The shift's
  // subtraction of two numbers near 13 makes the error absolute below 10 (lgamma has zeros at 1
  // and 2): about 1e-15.
  double z = x, product = 1;
  while (z < 10) product *= z, z += 1;
  const double w = 1 / (z * z);
  static constexpr double kStirling[8] = {1.0 / 12,   -1.0 / 360,      1.0 / 1260, -1.0 / 1680,
                                          1.0 / 1188, -691.0 / 360360, 1.0 / 156,  -3617.0 / 122400};
  double series = 0;
  for (int i = 7; i >= 0; --i) series = series * w + kStirling[i];
  constexpr double kHalfLog2Pi = 0.91893853320467274;
  // (z - 1/2) log z - z as z (log z - 1) - log z / 2: z log z alone passes the largest double
  // from z = 2.556e305, where lgamma itself is still under it.
  const double log_z = log_basic(z);
  const double stirling = (z * (log_z - 1) - 0.5 * log_z) + (kHalfLog2Pi + series / z);
  return product == 1 ? stirling : stirling - log_basic(product);
}

double pow_whole(double x, long long n) {
  // A negative power as the positive power of 1/x: 1/x^n would pass through infinity (10^309) or
  // zero where the answer is a subnormal or a normal number.
  unsigned long long u = n < 0 ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  if (n < 0) x = 1 / x;
  double result = 1;
  for (; u > 0; u >>= 1, x *= x)
    if (u & 1) result *= x;
  return result;
}

}  // namespace nestegg
