// SPDX-License-Identifier: MIT
#include "format_number.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "exact_decimal.hpp"

namespace nestegg {

std::string format_number(double x) {
  return format_general(x, 10);  // printf's %.10g, without printf (exact_decimal.hpp says why)
}

std::string format_shortest(double x) {
  std::string out = format_number(x);
  for (int precision = 11; precision <= 17 && std::isfinite(x); ++precision) {
    if (decimal_text_to_double(out.data(), out.data() + out.size()) == x) break;
    out = format_general(x, precision);
  }
  return out;
}

size_t ecmascript_layout(const char* p, const char* end, char* out) {
  const bool negative = p < end && *p == '-';
  p += negative;
  // value = 0.d1...dk x 10^n: the digits between the first and last non-zero ones, and n.
  char digits[24];
  int k = 0, n = 0, zeros_run = 0;
  bool before_point = true, started = false;
  for (; p < end && *p != 'e' && *p != 'E'; ++p) {
    if (*p == '.') {
      before_point = false;
    } else if (!started && *p == '0') {
      if (!before_point) --n;  // a leading zero after the point: 0.00ddd
    } else {
      started = true;
      if (before_point) ++n;
      if (*p == '0') {
        ++zeros_run;
      } else {
        for (; zeros_run > 0 && k < 23; --zeros_run) digits[k++] = '0';
        if (k < 23) digits[k++] = *p;
      }
    }
  }
  if (k == 0) return out[0] = '0', 1;  // "0", -0 included
  if (p < end) {  // "e+20", "e-06", "e5" (the text need not end in a NUL)
    const bool minus = p + 1 < end && p[1] == '-';
    int e = 0;
    for (++p; p < end; ++p)
      if (*p >= '0' && *p <= '9') e = e * 10 + (*p - '0');
    n += minus ? -e : e;
  }
  return ecmascript_digits_layout(negative, digits, k, n, out);
}

size_t ecmascript_digits_layout(bool negative, const char* digits, int k, int n, char* out) {
  // With no `out` it only counts: a stored record is sized number by number, and writing each
  // one's characters was a tenth of an import's time in wasm.
  size_t length = 0;
  auto put = [&](const char* from, int count) {
    if (out) std::memcpy(out + length, from, size_t(count));
    length += size_t(count);
  };
  auto zeros = [&](int count) {
    if (out) std::memset(out + length, '0', size_t(count));
    length += size_t(count);
  };
  if (negative) put("-", 1);
  if (k <= n && n <= 21) {  // 12300
    put(digits, k), zeros(n - k);
  } else if (0 < n && n <= 21) {  // 12.3
    put(digits, n), put(".", 1), put(digits + n, k - n);
  } else if (-6 < n && n <= 0) {  // 0.00123
    put("0.", 2), zeros(-n), put(digits, k);
  } else {  // 1.23e-7, 1e+21
    put(digits, 1);
    if (k > 1) put(".", 1), put(digits + 1, k - 1);
    put(n - 1 >= 0 ? "e+" : "e-", 2);
    const int e = std::abs(n - 1);  // at most 324
    const char exponent[3] = {char('0' + e / 100), char('0' + e / 10 % 10), char('0' + e % 10)};
    const int shown = e >= 100 ? 3 : e >= 10 ? 2 : 1;
    put(exponent + 3 - shown, shown);
  }
  return length;
}

std::string format_js(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x == 0) return "0";
  // The fewest digits that read back as x (from one: a subnormal's ten digits are not its fewest).
  const double size = std::fabs(x);
  std::string text;
  for (int precision = 1; precision <= 17; ++precision) {
    text = format_general(size, precision);
    if (decimal_text_to_double(text.data(), text.data() + text.size()) == size) break;
  }
  if (x < 0) text.insert(0, 1, '-');
  char out[32];
  return std::string(out, ecmascript_layout(text.data(), text.data() + text.size(), out));
}

std::string format_decimal(double x, int decimals) {
  std::string out = format_fixed(x, decimals);
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  return out;
}

}  // namespace nestegg
