// SPDX-License-Identifier: MIT
#include "format_number.hpp"

#include "exact_decimal.hpp"

namespace nestegg {

std::string format_number(double x) {
  return format_general(x, 10);  // printf's %.10g, without printf (exact_decimal.hpp says why)
}

}  // namespace nestegg
