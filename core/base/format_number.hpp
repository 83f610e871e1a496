// SPDX-License-Identifier: MIT
// Numbers as messages show them.
#pragma once
#include <string>

namespace nestegg {

// Ten significant digits, shortest form: 1e+12, 0.05. For messages, never for values.
std::string format_number(double x);

}  // namespace nestegg
