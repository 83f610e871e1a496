// SPDX-License-Identifier: MIT
// The module links with --wrap=strtod, so every strtod call in it (nlohmann's JSON reader is the
// one that matters) arrives here first: numbers in the exact fast path are read in a few dozen
// instructions, everything else goes on to musl's own strtod unchanged. See
// core/decimal_fast_path.hpp for why both give the same bits.
#include "decimal_fast_path.hpp"

extern "C" double __real_strtod(const char* text, char** end);

extern "C" double __wrap_strtod(const char* text, char** end) {
  double value;
  const char* stop;
  if (!nestegg::decimal_fast_path(text, value, stop)) return __real_strtod(text, end);
  if (end) *end = const_cast<char*>(stop);
  return value;
}
