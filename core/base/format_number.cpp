// SPDX-License-Identifier: MIT
#include "format_number.hpp"

#include <cstdio>

namespace nestegg {

std::string format_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

}  // namespace nestegg
