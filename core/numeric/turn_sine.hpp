// SPDX-License-Identifier: MIT
// sin and cos of a whole fraction of a turn, 2 pi k / m, from IEEE-754's basic operations alone.
// libm's sin and cos differ in the last bit between glibc (the native build) and musl (the wasm
// build), and the same request must get the same answer on both: a seasonal ETS model fitted to
// fewer than three seasons starts from a regression on these, and one bit there moved its
// parameters, sigma2 and bounds in the last digits. Quarter turns are exact (0, 1, -1).
#pragma once
#include <cstdint>

namespace nestegg {

double sin_of_turn(int64_t k, int64_t m);  // sin(2 pi k / m), m > 0, any k
double cos_of_turn(int64_t k, int64_t m);  // cos(2 pi k / m)

}  // namespace nestegg
