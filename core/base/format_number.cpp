// SPDX-License-Identifier: MIT
#include "format_number.hpp"

#include <cmath>
#include <cstdlib>

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

std::string format_js(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x == 0) return "0";
  // The fewest digits that read back as x (from one: a subnormal's ten digits are not its fewest),
  // as d1 d2 ... dk and n with x = 0.d1...dk 10^n; then ECMAScript's Number::toString layout.
  const double size = std::fabs(x);
  std::string text;
  for (int precision = 1; precision <= 17; ++precision) {
    text = format_general(size, precision);
    if (decimal_text_to_double(text.data(), text.data() + text.size()) == size) break;
  }
  const size_t e_at = text.find('e');
  const std::string mantissa = text.substr(0, e_at);
  int n = e_at == std::string::npos ? 0 : std::atoi(text.c_str() + e_at + 1);
  const size_t point = mantissa.find('.');
  std::string digits;
  for (char c : mantissa)
    if (c != '.') digits += c;
  n += int(point == std::string::npos ? mantissa.size() : point);
  while (digits.size() > 1 && digits.front() == '0') digits.erase(0, 1), --n;  // "0.00012"
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int k = int(digits.size());
  std::string out = x < 0 ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits + std::string(size_t(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, size_t(n)) + "." + digits.substr(size_t(n));
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(size_t(-n), '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += n - 1 >= 0 ? "e+" : "e-";
    const int e = std::abs(n - 1);  // at most 324
    if (e >= 100) out += char('0' + e / 100);
    if (e >= 10) out += char('0' + e / 10 % 10);
    out += char('0' + e % 10);
  }
  return out;
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
