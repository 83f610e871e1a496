// SPDX-License-Identifier: MIT
// Numbers as messages show them.
#pragma once
#include <cstddef>
#include <string>

namespace nestegg {

// Ten significant digits, shortest form: 1e+12, 0.05. For messages, never for values.
std::string format_number(double x);

// Ten significant digits when they read back as x, else the fewest (up to 17) that do: a value a
// message echoes back must not read as a different one ("must be at most 1, got 1" of 1.0000000001).
std::string format_shortest(double x);

// A number's decimal text ("-1.25e-07", "0.00012", "123.0": printf's %g or a to_chars form) laid
// out as ECMAScript's Number::toString lays out the same digits ("-1.25e-7", "0.00012", "123");
// writes at most 32 characters to `out` and returns how many. JavaScript's layout has this one copy.
size_t ecmascript_layout(const char* text, const char* end, char* out);
// The same from the digits d1..dk (no trailing zero, k at most 23) of the value 0.d1...dk x 10^n,
// which ecmascript_layout reads out of the text first. A null `out` counts the characters only.
size_t ecmascript_digits_layout(bool negative, const char* digits, int k, int n, char* out);

// x as JavaScript's String(x) writes it: the shortest digits that read back as x, in fixed
// notation from 1e-6 up to 1e21 ("0.00001", "123.5"), else as "1e-7", "2.5e+21"; "0" for -0.
std::string format_js(double x);

// x rounded half to even to `decimals` places, written out in full with trailing zeros (and a
// bare point) dropped: 12.5, 12, 2000000000000 (never 2e+12), and never "-0". For numbers inside
// sentences that must read as the value does, however large.
std::string format_decimal(double x, int decimals);

}  // namespace nestegg
