// SPDX-License-Identifier: MIT
// Decimal text to double without big-number arithmetic, for the numbers where that is exact.
// Two readers, tried in turn:
// - Clinger's fast path ("How to read floating point numbers accurately", 1990): a significand of
//   at most 2^53 and a power of ten of at most 10^22 are both doubles exactly, so one IEEE
//   multiply or divide rounds their product correctly. Amounts with cents and most typed numbers.
// - Eisel and Lemire's ("Number parsing at a gigabyte per second", 2021): up to 19 significant
//   digits times 10^-60..10^60 through one 64x64->128-bit product with a truncated power of five,
//   declining the rare product too close to a rounding boundary to decide. The 16-17 digits
//   JavaScript prints for computed doubles.
// Both give what a correctly rounding strtod gives (tests/unit/decimal_fast_path_test.cpp checks
// them against glibc's on millions of random numbers); anything they decline goes to the exact
// big-decimal reader (exact_decimal.hpp) in the JSON reader, to strtod elsewhere.
//
// Why: musl's strtod (the C library of the wasm build) reads every number with a fraction through
// multi-precision arithmetic on software long doubles, 0.8-1.3 microseconds a number in V8. The
// JSON reader (json_reader.cpp) reads numbers through decimal_to_double; the wasm build also routes
// every other strtod call through decimal_fast_path (wasm/strtod_wrap.cpp).
#pragma once
#include <cstdint>

namespace nestegg {

// significand * 10^exponent, negated when `negative`, correctly rounded into `value`: true when one
// of the exact readers could tell, false (value untouched) when only strtod can.
bool decimal_to_double(uint64_t significand, int exponent, bool negative, double& value);

// Reads [-]digits[.digits][(e|E)[+|-]digits] at the start of `text`. True with the correctly
// rounded value and `end` just past the number when decimal_to_double answers; false, leaving both
// untouched, for anything else (other syntax strtod knows, such as hex, "inf", leading blanks or
// "+", more than 19 significant digits, numbers outside the range), which the caller hands to strtod.
bool decimal_fast_path(const char* text, double& value, const char*& end);

}  // namespace nestegg
