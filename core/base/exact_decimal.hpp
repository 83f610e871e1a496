// SPDX-License-Identifier: MIT
// Exact conversions between decimal and double without the C library, which in the wasm build
// (musl) reads and prints through 128-bit long doubles emulated in software (__multf3, __divtf3,
// fmodl: 8 KB gzipped of the .wasm, and about a microsecond a number).
//
// One decimal number of up to 800 digits, shifted by powers of two, as Go's strconv does it
// (decimal.go; fast_float's "simple decimal conversion"): every double's exact decimal value fits
// in 800 digits, and so does every point halfway between two doubles (at most 767 significant
// digits), so digits past the 800th only ever matter as "not all zero", which a flag keeps.
#pragma once
#include <string>

namespace nestegg {

// The double nearest to the decimal number in [first, last), ties to even, as a correctly rounding
// strtod: +-inf past the largest double, +-0 or a subnormal below the smallest normal. The text is
// JSON's number, -?digits(.digits)?([eE][+-]?digits)?, checked by the caller; any number of digits.
double decimal_text_to_double(const char* first, const char* last);

// printf's "%.<precision>g" and "%.<decimals>f" of x, with the same output: the exact value of x
// rounded to that many significant digits / digits after the point, ties to even; "inf", "nan",
// with a "-" whenever x's sign bit is set ("-0"). Precision 0 is taken as 1, as printf does.
std::string format_general(double x, int precision);
std::string format_fixed(double x, int decimals);

}  // namespace nestegg
