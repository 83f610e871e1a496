// SPDX-License-Identifier: MIT
// The module links with --wrap=strtod, so every strtod call in it arrives here first: numbers the
// exact readers take are read in a few dozen instructions, everything else goes on to musl's own
// strtod unchanged. The engine calls no strtod today (the JSON reader reads every number itself:
// decimal_to_double, then exact_decimal.hpp's reader for what that declines), so neither this nor
// musl's strtod is linked; this keeps a future caller (std::stod, a parser) off musl's slow path.
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
