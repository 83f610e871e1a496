// SPDX-License-Identifier: MIT
#include "error.hpp"

#include "format_text.hpp"

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

[[noreturn]] void throw_error(const char* code, const FieldPath& field, std::string message) {
  throw NesteggError(code, std::move(message), field.text());
}

}  // namespace

void fail(const char* code, const FieldPath& field, const char* format, ...) {
  std::string message;
  va_list ap;
  va_start(ap, format);
  append_text_v(message, format, ap);
  va_end(ap);
  throw_error(code, field, std::move(message));
}

void fail_at(const char* code, const FieldPath& field, const char* format, ...) {
  std::string message = field.text();
  va_list ap;
  va_start(ap, format);
  append_text_v(message, format, ap);
  va_end(ap);
  throw_error(code, field, std::move(message));
}

}  // namespace nestegg
