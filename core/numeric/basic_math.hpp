// SPDX-License-Identifier: MIT
// The elementary functions an answer goes through, from IEEE-754's basic operations alone (+, -,
// *, /, sqrt, rounding to an integer, scaling by powers of two), so that they do the same
// operations in the same order on every IEEE-754 machine. libm's are not the same code in glibc
// (the native build, which also picks FMA variants of exp, log and pow by CPU) and musl (the wasm
// build): goals.simulate's std::exp at balances of 1e12 put a percentile a cent apart between the
// two, and a likelihood a last bit apart can choose another model. core/ calls none of libm's
// transcendental functions (tests/unit/basic_math_test.cpp checks the sources).
//
// Accuracy against 200-bit mpmath (tests/unit/basic_math_test.cpp): exp_basic within 1 ulp,
// log_basic within 2, expm1_basic within 3, log1p_basic within 4 (3.39 the most a review found in
// a million points), lgamma_basic within 1e-14 of max(1, |lgamma x|) (an absolute error: lgamma's
// zeros at 1 and 2 allow no relative bound; 7.9e-15 the most found), pow_whole within about |n|
// ulp (each squaring doubles the error before it; 1/x first for n < 0) while the result is normal.
#pragma once

namespace nestegg {

double exp_basic(double x);
double expm1_basic(double x);    // e^x - 1, without exp's cancellation near 0
double log_basic(double x);      // x > 0 (0 gives -inf, a negative number NaN)
double log1p_basic(double x);    // log(1 + x), x >= -1, without the rounding of 1 + x
double lgamma_basic(double x);   // log Gamma(x) for x > 0 (NaN for x <= 0 or NaN)
double pow_whole(double x, long long n);  // x^n by squaring: exact while every product is

}  // namespace nestegg
