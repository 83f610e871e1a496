// SPDX-License-Identifier: MIT
// Decimal text to double without big-number arithmetic, for the numbers where that is exact:
// Clinger's fast path ("How to read floating point numbers accurately", 1990). A significand of
// at most 2^53 and a power of ten of at most 10^22 are both doubles exactly, so one IEEE multiply
// or divide rounds their product correctly, which is what a correct strtod returns.
//
// Why it exists: musl's strtod (the C library of the wasm build) reads every number with a
// fraction through multi-precision arithmetic, 0.8-1.3 microseconds a number in V8. Amounts
// with cents, rates and most numbers people type fall in the fast path's range; JSON requests are
// mostly such numbers. The wasm build routes strtod through it (wasm/strtod_wrap.cpp).
#pragma once

namespace nestegg {

// Reads [-]digits[.digits][(e|E)[+|-]digits] at the start of `text`. True with the correctly
// rounded value and `end` just past the number when the number is in the exact range; false,
// leaving both untouched, for anything else (other syntax strtod knows, such as hex, "inf",
// leading blanks or "+", and numbers outside the range), which the caller hands to strtod.
bool decimal_fast_path(const char* text, double& value, const char*& end);

}  // namespace nestegg
