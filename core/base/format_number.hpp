// SPDX-License-Identifier: MIT
// Numbers as messages show them.
#pragma once
#include <string>

namespace nestegg {

// Ten significant digits, shortest form: 1e+12, 0.05. For messages, never for values.
std::string format_number(double x);

// x rounded half to even to `decimals` places, written out in full with trailing zeros (and a
// bare point) dropped: 12.5, 12, 2000000000000 (never 2e+12), and never "-0". For numbers inside
// sentences that must read as the value does, however large.
std::string format_decimal(double x, int decimals);

}  // namespace nestegg
