// SPDX-License-Identifier: MIT
// The module links with --wrap=snprintf, so every snprintf in it is musl's integer-only
// vsniprintf: musl's snprintf links its floating-point formatter (fmt_fp, 3 KB) whatever the
// format, and the callers left format integers only (nlohmann's serializer writes control
// characters as "\u%04x"; budget's cents, the log's timestamps). Doubles are printed by
// exact_decimal.hpp's format_general and format_fixed, natively too. A %e, %f, %g or %a here would
// reach no formatter and trap: tests/js/wasm_bytes.test.mjs keeps them out of the sources.
#include <cstdarg>
#include <cstddef>

extern "C" int vsniprintf(char* s, size_t n, const char* format, va_list ap);

extern "C" int __wrap_snprintf(char* s, size_t n, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  const int written = vsniprintf(s, n, format, ap);
  va_end(ap);
  return written;
}
