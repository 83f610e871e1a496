// SPDX-License-Identifier: MIT
// The module links with --wrap=strtod, so every strtod call in it arrives here first: numbers the
// exact readers take are read in a few dozen instructions, everything else goes on to musl's own
// strtod unchanged. The JSON reader calls decimal_to_double itself and strtod only for what it
// declines; this keeps any other caller (std::stod, a future parser) off musl's slow path too.
// See core/api/decimal_fast_path.hpp for why both give the same bits.
#include "decimal_fast_path.hpp"

extern "C" double __real_strtod(const char* text, char** end);

extern "C" double __wrap_strtod(const char* text, char** end) {
  double value;
  const char* stop;
  if (!nestegg::decimal_fast_path(text, value, stop)) return __real_strtod(text, end);
  if (end) *end = const_cast<char*>(stop);
  return value;
}
