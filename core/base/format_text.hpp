// SPDX-License-Identifier: MIT
// Messages and texts from a printf-style format, written by the core itself (no printf: the .wasm
// links none, exact_decimal.hpp says why). One out-of-line call instead of a chain of string
// concatenations: each temporary string of a chain needs its own cleanup code for the exception
// path, and across the core's messages that was a tenth of the .wasm (README "Where the bytes go").
//
// The conversions are printf's and write what printf writes: %s (const char*), %.*s (int length,
// const char* data: for std::string and string_view, whose bytes may include NUL), %d, %ld, %lld,
// %u, %lu, %llu, %zu, %% and %.Nf for N = 0..9 (format_fixed: the exact value rounded half to
// even) — except %g, which writes format_number's ten significant digits (format_number.hpp).
// The format attribute holds every call's arguments to printf's meaning of its conversions at
// compile time; no other conversion (a width, a flag, %x, %e, %.10f) is written — the rest of the
// format is then copied as it is — and tests/js/wasm_bytes.test.mjs keeps them out of the core.
#pragma once
#include <cstdarg>
#include <string>

namespace nestegg {

std::string format_text(const char* format, ...) __attribute__((format(printf, 1, 2)));
// format_text appended to `out`.
void append_text(std::string& out, const char* format, ...) __attribute__((format(printf, 2, 3)));
void append_text_v(std::string& out, const char* format, va_list args);

}  // namespace nestegg
