// SPDX-License-Identifier: MIT
#include "format_number.hpp"

#include <cmath>

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
