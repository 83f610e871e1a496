// SPDX-License-Identifier: MIT
#include "exact_decimal.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace nestegg {

namespace {

constexpr int kMaxDigits = 800;
constexpr int kMaxShift = 60;  // a digit times 2^60 plus the carry still fits 64 bits

// 0.d[0]d[1]...d[nd-1] x 10^dp, digits as values 0-9, no trailing zeros; nd == 0 is zero.
struct Decimal {
  uint8_t d[kMaxDigits];
  int nd = 0;
  int dp = 0;
  bool truncated = false;  // nonzero digits were dropped past the 800th

  void trim() {
    while (nd > 0 && d[nd - 1] == 0) --nd;
    if (nd == 0) dp = 0;
  }

  // *this /= 2^k, k <= kMaxShift; digits that fall past the 800th only set `truncated`.
  void right_shift(int k) {
    int r = 0, w = 0;
    uint64_t n = 0;
    for (; n >> k == 0; ++r) {  // enough leading digits for the first quotient digit
      if (r >= nd) {
        if (n == 0) return;
        while (n >> k == 0) n *= 10, ++r;
        break;
      }
      n = n * 10 + d[r];
    }
    dp -= r - 1;
    const uint64_t mask = (uint64_t(1) << k) - 1;
    for (; r < nd; ++r) {
      d[w++] = uint8_t(n >> k);
      n = (n & mask) * 10 + d[r];
    }
    for (; n > 0; n = (n & mask) * 10) {
      if (w < kMaxDigits) d[w++] = uint8_t(n >> k);
      else if (n >> k != 0) truncated = true;
    }
    nd = w;
    trim();
  }

  // *this *= 2^k, k <= kMaxShift: from the last digit up; the carry's digits go in front.
  void left_shift(int k) {
    uint64_t carry = 0;
    for (int r = nd - 1; r >= 0; --r) {
      const uint64_t n = (uint64_t(d[r]) << k) + carry;
      d[r] = uint8_t(n % 10);
      carry = n / 10;
    }
    int extra = 0;
    for (uint64_t c = carry; c != 0; c /= 10) ++extra;
    if (extra > 0) {
      const int keep = nd < kMaxDigits - extra ? nd : kMaxDigits - extra;
      for (int i = keep; i < nd; ++i) truncated = truncated || d[i] != 0;
      std::memmove(d + extra, d, size_t(keep));
      for (int i = extra - 1; i >= 0; --i, carry /= 10) d[i] = uint8_t(carry % 10);
      nd = keep + extra;
      dp += extra;
    }
    trim();
  }

  void shift(int k) {  // *this *= 2^k
    for (; k > kMaxShift; k -= kMaxShift) left_shift(kMaxShift);
    for (; k < -kMaxShift; k += kMaxShift) right_shift(kMaxShift);
    if (k > 0) left_shift(k);
    if (k < 0) right_shift(-k);
  }

  // Whether keeping the first `n` digits must round up: above half, or exactly half (nothing
  // dropped past the 800th) and the kept last digit odd.
  bool round_up_at(int n) const {
    if (n < 0 || n >= nd) return false;
    if (d[n] == 5 && n + 1 == nd) return truncated || (n > 0 && d[n - 1] % 2 == 1);
    return d[n] >= 5;
  }

  void round_at(int n) {  // keeps the first n digits (n may be 0 or less), correctly rounded
    if (n < 0 || n >= nd) return;
    if (!round_up_at(n)) {
      nd = n;
      trim();
      return;
    }
    for (int i = n - 1; i >= 0; --i) {
      if (d[i] < 9) {
        ++d[i];
        nd = i + 1;
        return;
      }
    }
    d[0] = 1;  // all nines: 10^dp
    nd = 1;
    ++dp;
  }

  uint64_t rounded_integer() const {  // the value (< 10^19) rounded to a whole number
    uint64_t n = 0;
    int i = 0;
    for (; i < dp && i < nd; ++i) n = n * 10 + d[i];
    for (; i < dp; ++i) n *= 10;
    return n + (round_up_at(dp) ? 1 : 0);
  }
};

// A shift by 2^n that keeps a value below 10^-i below 1 (i > 0): n <= i log2(10); 1 for i == 0.
int shift_for(int i) { return i >= 19 ? kMaxShift : i == 0 ? 1 : (i * 217706) >> 16; }

// Go's decimal.floatBits for IEEE double: scale into [0.5, 1), then take 53 bits, rounded.
uint64_t to_double_bits(Decimal& a) {
  constexpr uint64_t kInf = uint64_t(0x7FF) << 52;
  if (a.nd == 0 || a.dp < -330) return 0;
  if (a.dp > 310) return kInf;
  int exp = 0;
  while (a.dp > 0) {
    const int n = shift_for(a.dp);
    a.right_shift(n);
    exp += n;
  }
  while (a.dp < 0 || (a.dp == 0 && a.d[0] < 5)) {
    const int n = shift_for(-a.dp);
    a.left_shift(n);
    exp -= n;
  }
  --exp;  // the value is (2a) x 2^exp, 2a in [1, 2): 53 bits of a are the significand
  if (exp < -1022) {  // subnormal: fewer bits
    a.shift(exp + 1022);
    exp = -1022;
  }
  if (exp + 1023 >= 0x7FF) return kInf;
  a.left_shift(53);
  uint64_t mantissa = a.rounded_integer();
  if (mantissa == uint64_t(2) << 52) {  // rounding carried into a new bit
    mantissa >>= 1;
    if (++exp + 1023 >= 0x7FF) return kInf;
  }
  if ((mantissa & (uint64_t(1) << 52)) == 0) return mantissa;  // subnormal (or zero)
  return (mantissa & ((uint64_t(1) << 52) - 1)) | uint64_t(exp + 1023) << 52;
}

void set_exact(Decimal& a, double x) {  // the exact value of |x|, x finite
  int e2;
  const double m = std::frexp(std::fabs(x), &e2);  // m in [0.5, 1): |x| = (m 2^53) 2^(e2 - 53)
  uint64_t n = uint64_t(std::ldexp(m, 53));
  char tmp[20];
  int len = 0;
  for (; n != 0; n /= 10) tmp[len++] = char(n % 10);
  for (int i = 0; i < len; ++i) a.d[i] = uint8_t(tmp[len - 1 - i]);
  a.nd = len;
  a.dp = len;
  a.trim();
  if (a.nd > 0) a.shift(e2 - 53);
}

// Writes "-" for a set sign bit; true (and "inf"/"nan" written) when x is not finite.
bool sign_or_special(double x, std::string& out) {
  if (std::signbit(x)) out += '-';
  if (std::isinf(x)) out += "inf";
  if (std::isnan(x)) out += "nan";
  return !std::isfinite(x);
}

void append_fixed(const Decimal& a, int decimals, std::string& out) {
  if (a.dp > 0) {
    for (int i = 0; i < a.dp; ++i) out += char('0' + (i < a.nd ? a.d[i] : 0));
  } else {
    out += '0';
  }
  if (decimals > 0) out += '.';
  for (int i = 0; i < decimals; ++i) {
    const int j = a.dp + i;
    out += char('0' + (j >= 0 && j < a.nd ? a.d[j] : 0));
  }
}

}  // namespace

double decimal_text_to_double(const char* first, const char* last) {
  Decimal a;
  const char* p = first;
  const bool negative = p != last && *p == '-';
  if (negative) ++p;
  bool point = false;
  for (; p != last && *p != 'e' && *p != 'E'; ++p) {
    if (*p == '.') {
      point = true;
      continue;
    }
    const uint8_t digit = uint8_t(*p - '0');
    if (a.nd == 0 && digit == 0) {  // a leading zero: only moves the point
      if (point) --a.dp;
      continue;
    }
    if (!point) ++a.dp;
    if (a.nd < kMaxDigits) a.d[a.nd++] = digit;
    else if (digit != 0) a.truncated = true;
  }
  if (p != last) {
    // The exponent, saturated where, whatever the digits' own point (at most the text's length,
    // under 2^31, away), every double over- or underflows; the sum kept within int.
    ++p;
    const bool minus = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    int64_t e = 0;
    for (; p != last; ++p) e = e < (int64_t(1) << 40) ? e * 10 + (*p - '0') : e;
    const int64_t dp = int64_t(a.dp) + (minus ? -e : e);
    const int64_t bound = int64_t(1) << 30;  // far past +-330 either way: the answer is the same
    a.dp = int(dp < -bound ? -bound : dp > bound ? bound : dp);
  }
  a.trim();
  const uint64_t bits = to_double_bits(a) | (negative ? uint64_t(1) << 63 : 0);
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

std::string format_fixed(double x, int decimals) {
  std::string out;
  if (sign_or_special(x, out)) return out;
  Decimal a;
  set_exact(a, x);
  a.round_at(a.dp + decimals);
  append_fixed(a, decimals, out);
  return out;
}

std::string format_general(double x, int precision) {
  std::string out;
  if (sign_or_special(x, out)) return out;
  if (precision == 0) precision = 1;
  Decimal a;
  set_exact(a, x);
  a.round_at(precision);
  const int exp10 = a.nd == 0 ? 0 : a.dp - 1;
  if (exp10 >= -4 && exp10 < precision) {  // %f, trailing zeros (none are kept) and point dropped
    const int decimals = a.nd > a.dp ? a.nd - a.dp : 0;
    append_fixed(a, decimals, out);
    return out;
  }
  out += char('0' + a.d[0]);  // %e: d.ddd, then e, the sign and at least two digits
  if (a.nd > 1) out += '.';
  for (int i = 1; i < a.nd; ++i) out += char('0' + a.d[i]);
  out += exp10 < 0 ? "e-" : "e+";
  const int e = exp10 < 0 ? -exp10 : exp10;
  if (e >= 100) out += char('0' + e / 100);
  out += char('0' + e / 10 % 10);
  out += char('0' + e % 10);
  return out;
}

}  // namespace nestegg
