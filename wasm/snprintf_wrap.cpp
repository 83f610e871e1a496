// SPDX-License-Identifier: MIT
// The module links with --wrap=snprintf, so every snprintf in it arrives here: a formatter of
// integers and text only, instead of musl's printf (printf_core, its argument tables and its
// floating-point formatter fmt_fp, which it links whatever the format). What calls it: nlohmann's
// serializer, for control characters ("\u%04x"), and budget's cents and the log's timestamps.
// Doubles are printed by exact_decimal.hpp's format_general and format_fixed.
//
// Supported: flags - 0 + and space, a width, a precision, the lengths hh h l ll z j t, and the
// conversions d i u x X c s %, as C defines them, and p as musl writes it (for embind's sprintf,
// which the compiler turns into siprintf: wrapped too, so no musl printf is left). tests/js/wasm_bytes.test.mjs keeps every other
// conversion (%f, %g, %p, ...) out of the sources the .wasm links and out of formats that are not
// literals; tests/unit/snprintf_wrap_test.cpp holds this to glibc's snprintf, byte for byte.
#include <climits>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace {

struct Sink {
  char* s;
  size_t n;
  size_t length = 0;  // what a large enough buffer would have held
  void put(char c) {
    if (length + 1 < n) s[length] = c;
    ++length;
  }
  void repeat(char c, int count) {
    for (; count > 0; --count) put(c);
  }
};

struct Spec {
  bool left = false, zero = false, plus = false, space = false;
  int width = 0, precision = -1;
};

// The digits (and sign) of one integer conversion, padded to the width.
void put_integer(Sink& out, const Spec& spec, uintmax_t magnitude, bool negative, unsigned base, bool upper) {
  char digits[24];
  int count = 0;
  // One division a digit, its remainder by multiplication: GCC 12 with -fsanitize=address,undefined
  // at -O2 miscompiled the `for (...; m /= base) ... [m % base]` form of this loop (a division by
  // zero at run time with base 10), which the ASan job runs.
  const char* const symbols = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  while (magnitude != 0) {
    const uintmax_t quotient = magnitude / base;
    digits[count++] = symbols[magnitude - quotient * base];
    magnitude = quotient;
  }
  const char sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : 0;
  const int min_digits = spec.precision < 0 ? 1 : spec.precision;  // precision 0 prints no digit for 0
  const int zeros = min_digits > count ? min_digits - count : 0;
  const int body = (sign ? 1 : 0) + zeros + count;
  const int pad = spec.width > body ? spec.width - body : 0;
  const bool zero_pad = spec.zero && !spec.left && spec.precision < 0;
  if (!spec.left && !zero_pad) out.repeat(' ', pad);
  if (sign) out.put(sign);
  if (zero_pad) out.repeat('0', pad);
  out.repeat('0', zeros);
  while (count > 0) out.put(digits[--count]);
  if (spec.left) out.repeat(' ', pad);
}

void put_text(Sink& out, const Spec& spec, const char* text, size_t length) {
  const int pad = spec.width > int(length) ? spec.width - int(length) : 0;
  if (!spec.left) out.repeat(' ', pad);
  for (size_t i = 0; i < length; ++i) out.put(text[i]);
  if (spec.left) out.repeat(' ', pad);
}

int read_number(const char*& p) {
  int n = 0;
  for (; *p >= '0' && *p <= '9'; ++p) n = n * 10 + (*p - '0');
  return n;
}

// Writes `format` with its arguments into s (at most n bytes with the NUL), as snprintf.
int write_formatted(char* s, size_t n, const char* format, va_list ap) {
  Sink out{s, n};
  for (const char* p = format; *p; ++p) {
    if (*p != '%') {
      out.put(*p);
      continue;
    }
    Spec spec;
    for (;; ++p) {
      const char f = p[1];
      if (f == '-') spec.left = true;
      else if (f == '0') spec.zero = true;
      else if (f == '+') spec.plus = true;
      else if (f == ' ') spec.space = true;
      else break;
    }
    ++p;
    spec.width = read_number(p);
    if (*p == '.') spec.precision = read_number(++p);
    // 0 int (and h, hh: promoted), 1 long (size_t and ptrdiff_t are long on wasm32 and x86-64),
    // 2 long long (and intmax_t).
    int longs = 0, shorts = 0;  // shorts: h (short), hh (char), taken from the promoted int
    for (; *p == 'h' || *p == 'l' || *p == 'z' || *p == 'j' || *p == 't'; ++p) {
      if (*p == 'h') ++shorts;
      else longs = *p == 'l' ? longs + 1 : *p == 'j' ? 2 : 1;
    }
    const char c = *p;
    if (c == 'd' || c == 'i') {
      intmax_t v = longs == 0 ? va_arg(ap, int) : longs == 1 ? va_arg(ap, long) : va_arg(ap, long long);
      if (shorts > 0) v = shorts == 1 ? intmax_t(short(v)) : intmax_t(static_cast<signed char>(v));
      put_integer(out, spec, v < 0 ? uintmax_t(0) - uintmax_t(v) : uintmax_t(v), v < 0, 10, false);
    } else if (c == 'u' || c == 'x' || c == 'X') {
      Spec unsigned_spec = spec;
      unsigned_spec.plus = unsigned_spec.space = false;
      uintmax_t v = longs == 0 ? va_arg(ap, unsigned) : longs == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned long long);
      if (shorts > 0) v = shorts == 1 ? uintmax_t(static_cast<unsigned short>(v)) : uintmax_t(static_cast<unsigned char>(v));
      put_integer(out, unsigned_spec, v, false, c == 'u' ? 10 : 16, c == 'X');
    } else if (c == 'c') {
      const char ch = char(va_arg(ap, int));
      put_text(out, spec, &ch, 1);
    } else if (c == 's') {
      const char* text = va_arg(ap, const char*);
      size_t length = 0;
      while (text[length] && (spec.precision < 0 || length < size_t(spec.precision))) ++length;
      put_text(out, spec, text, length);
    } else if (c == 'p') {  // as musl writes it: 0x and at least 2 * sizeof(void*) hex digits
      Spec pointer_spec;
      pointer_spec.precision = 2 * int(sizeof(void*));
      out.put('0');
      out.put('x');
      put_integer(out, pointer_spec, uintptr_t(va_arg(ap, void*)), false, 16, false);
    } else if (c == '%') {
      out.put('%');
    } else {
      break;  // no other conversion reaches here (see the header); stop rather than misread arguments
    }
  }
  if (n > 0) s[out.length < n ? out.length : n - 1] = 0;
  return int(out.length);
}

}  // namespace

extern "C" int __wrap_snprintf(char* s, size_t n, const char* format_text, ...) {
  va_list ap;
  va_start(ap, format_text);
  const int written = write_formatted(s, n, format_text, ap);
  va_end(ap);
  return written;
}

// embind's __getTypeName writes "%p" with sprintf, which the compiler makes siprintf.
extern "C" int __wrap_siprintf(char* s, const char* format_text, ...) {
  va_list ap;
  va_start(ap, format_text);
  const int written = write_formatted(s, size_t(INT_MAX), format_text, ap);
  va_end(ap);
  return written;
}
