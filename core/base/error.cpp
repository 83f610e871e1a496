// SPDX-License-Identifier: MIT
#include "error.hpp"

#include <cstring>

#include "format_number.hpp"

namespace nestegg {

std::string FieldPath::text() const {
  std::string out(base);
  if (has_member) {
    if (!out.empty()) out += '.';
    out += member;
  }
  if (index >= 0) {
    out += '[';
    out += std::to_string(index);
    out += ']';
  }
  return out;
}

namespace {

// printf's reading of the conversions in error.hpp, written into `out`. Nothing else is accepted
// there: the format attribute holds every call site to its arguments' types.
void append_formatted(std::string& out, const char* f, va_list ap) {
  for (; *f; ++f) {
    if (*f != '%') {
      out += *f;
      continue;
    }
    ++f;
    int precision = -1;
    if (f[0] == '.' && f[1] == '*') {
      precision = va_arg(ap, int);
      f += 2;
    }
    int longs = 0;
    for (; *f == 'l'; ++f) ++longs;
    const bool size = *f == 'z';
    if (size) ++f;
    switch (*f) {
      case 's': {
        const char* s = va_arg(ap, const char*);
        out.append(s, precision >= 0 ? size_t(precision) : std::strlen(s));
        break;
      }
      case 'd':
        out += std::to_string(longs >= 2 ? va_arg(ap, long long) : longs == 1 ? va_arg(ap, long) : va_arg(ap, int));
        break;
      case 'u':
        out += std::to_string(size ? va_arg(ap, size_t)
                              : longs >= 2 ? va_arg(ap, unsigned long long)
                              : longs == 1 ? va_arg(ap, unsigned long)
                                           : va_arg(ap, unsigned));
        break;
      case 'g': out += format_number(va_arg(ap, double)); break;
      case '%': out += '%'; break;
      default: return;  // not reached: the format attribute refuses other conversions at compile time
    }
  }
}

[[noreturn]] void throw_error(const char* code, const FieldPath& field, std::string message) {
  throw NesteggError(code, std::move(message), field.text());
}

}  // namespace

void fail(const char* code, const FieldPath& field, const char* format, ...) {
  std::string message;
  va_list ap;
  va_start(ap, format);
  append_formatted(message, format, ap);
  va_end(ap);
  throw_error(code, field, std::move(message));
}

void fail_at(const char* code, const FieldPath& field, const char* format, ...) {
  std::string message = field.text();
  va_list ap;
  va_start(ap, format);
  append_formatted(message, format, ap);
  va_end(ap);
  throw_error(code, field, std::move(message));
}

std::string format_message(const char* format, ...) {
  std::string out;
  va_list ap;
  va_start(ap, format);
  append_formatted(out, format, ap);
  va_end(ap);
  return out;
}

}  // namespace nestegg
