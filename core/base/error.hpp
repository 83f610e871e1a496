// SPDX-License-Identifier: MIT
// The one error type of the engine. Every failure a caller can cause becomes an Error with a
// stable machine-readable code, a human message and the offending field (a dotted path), so the
// JSON layer, the CLI and the JS `NesteggError` all carry the same three facts.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

namespace nestegg {

// Stable error codes. Callers branch on these; messages may change wording.
namespace code {
inline constexpr const char* invalid_json = "invalid_json";      // body is not parseable JSON
inline constexpr const char* unknown_method = "unknown_method";  // no such method in the table
inline constexpr const char* missing_field = "missing_field";    // a required field is absent
inline constexpr const char* wrong_type = "wrong_type";          // e.g. a string where a number goes
inline constexpr const char* not_finite = "not_finite";          // NaN or +-Infinity
inline constexpr const char* out_of_range = "out_of_range";      // number outside its allowed range
inline constexpr const char* invalid_date = "invalid_date";      // not YYYY-MM-DD or not a real day
inline constexpr const char* date_order = "date_order";          // dates in an impossible order
inline constexpr const char* too_large = "too_large";            // array, work or body over a limit
inline constexpr const char* invalid_value = "invalid_value";    // e.g. an enum string not allowed
inline constexpr const char* disabled = "disabled";              // method switched off by a feature flag
inline constexpr const char* not_found = "not_found";            // a stored model, version or experiment
inline constexpr const char* insufficient_data = "insufficient_data";  // too few rows for what was asked
inline constexpr const char* rank_deficient = "rank_deficient";  // collinear features
inline constexpr const char* internal = "internal";              // a bug: never expected
}  // namespace code

struct Error {
  std::string code;
  std::string message;
  std::string field;  // dotted path such as "contributions[3].amount"; empty when not about a field
};

// Thrown inside the core, caught once at the dispatch boundary; never crosses into JS.
class NesteggError : public std::runtime_error {
 public:
  explicit NesteggError(Error e) : std::runtime_error(e.message), error_(std::move(e)) {}
  NesteggError(std::string code, std::string message, std::string field = {})
      : NesteggError(Error{std::move(code), std::move(message), std::move(field)}) {}
  const Error& error() const { return error_; }

 private:
  Error error_;
};

// Where a failure is, as a dotted path written only when the error is thrown: `base`, then
// `.member` (only `member` when base is empty, as Fields::path joins), then `[index]` when index
// is not negative. Trivially destructible, like everything else `fail` takes: a throw site holds
// no string of its own. (Strings built at the sites, each temporary with its cleanup for the
// exception path, were about a tenth of the .wasm: README "Where the bytes go".)
struct FieldPath {
  std::string_view base;
  std::string_view member;
  bool has_member = false;
  long long index = -1;
  FieldPath(const char* b) : base(b) {}
  FieldPath(const std::string& b) : base(b) {}
  FieldPath(std::string_view b) : base(b) {}
  FieldPath(std::string_view b, std::string_view m) : base(b), member(m), has_member(true) {}
  static FieldPath item(std::string_view b, size_t i) { return FieldPath(b)[i]; }
  // This path with an index after it: FieldPath(at, "variants")[k] is "<at>.variants[k]".
  FieldPath operator[](size_t i) const {
    FieldPath p = *this;
    p.index = static_cast<long long>(i);
    return p;
  }
  std::string text() const;
};

// Throws NesteggError{code, message, field}, the message written from `format` as format_text
// writes it (format_text.hpp: printf's conversions, %g as format_number). fail_at's message starts
// with the field's path ("history[3].month must ..."), as most do.
[[noreturn]] void fail(const char* code, const FieldPath& field, const char* format, ...)
    __attribute__((format(printf, 3, 4)));
[[noreturn]] void fail_at(const char* code, const FieldPath& field, const char* format, ...)
    __attribute__((format(printf, 3, 4)));

}  // namespace nestegg
