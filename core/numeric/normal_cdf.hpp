// SPDX-License-Identifier: MIT
// The standard normal distribution function from IEEE-754's basic operations alone (basic_math.hpp
// says why): libm's erfc is not the same code in glibc and musl, and a trend's p-value differed in
// its last digit between the native build and the wasm one.
//
// Accuracy against 200-bit mpmath (tests/unit/normal_cdf_test.cpp): normal_upper_tail and
// normal_cdf within 8 ulp of the true value at the double given
// (4 below z = 0.75 and from 4 sqrt 2 on; between, Cody's rational: 7 at most over 8 000 random z
// in a one-off comparison with mpmath, not repeated by any test; the tests hold the table of points).
#pragma once

namespace nestegg {

double normal_upper_tail(double z);  // P(Z > z), Z standard normal
double normal_cdf(double z);         // P(Z <= z) = normal_upper_tail(-z)

}  // namespace nestegg
