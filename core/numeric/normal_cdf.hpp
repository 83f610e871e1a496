// SPDX-License-Identifier: MIT
// exp, log and the standard normal distribution function from IEEE-754's basic operations alone
// (+, -, *, /, sqrt, rounding to an integer, and scalings by powers of two). libm's erfc, exp and
// log are not the same code in glibc (the native build, which also picks FMA variants by CPU) and
// musl (the wasm build), and the same request must get the same answer on both: a trend's p-value
// (erfc) differed in its last digit. As turn_sine does for sin and cos, these do the same
// operations in the same order on every IEEE-754 machine.
//
// Accuracy against 200-bit mpmath (tests/unit/normal_cdf_test.cpp): exp_basic within 1 ulp, log_basic
// within 2, normal_upper_tail and normal_cdf within 8 ulp of the true value at the double given
// (4 below z = 0.75 and from 4 sqrt 2 on; between, Cody's rational: 7 at most over 8 000 random z
// in a one-off comparison with mpmath, not repeated by any test; the tests hold the table of points).
#pragma once

namespace nestegg {

double exp_basic(double x);
double log_basic(double x);          // x > 0 (0 gives -inf, a negative number NaN)
double normal_upper_tail(double z);  // P(Z > z), Z standard normal
double normal_cdf(double z);         // P(Z <= z) = normal_upper_tail(-z)

}  // namespace nestegg
