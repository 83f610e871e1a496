// SPDX-License-Identifier: MIT
#include "json_reader.hpp"

#include <cmath>
#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "decimal_fast_path.hpp"
#include "exact_decimal.hpp"
#include "error.hpp"
#include "format_text.hpp"

namespace nestegg {

namespace {

using json = nlohmann::json;

// Thrown where the document's value budget runs out; read_json names the field it stood in.
struct TooManyValues {};

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Positions are pointers into the text; `end_` stands for the end of input. An error at position
// q is reported at byte q - begin + 1, which is nlohmann's count of bytes it had read (the
// offending one included, the end of input counting as one).
class Reader {
 public:
  Reader(std::string_view text, int64_t max_depth, const PackedRequest* packed, int64_t max_values)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), max_depth_(max_depth),
        values_left_(max_values), packed_(packed && packed->fields ? packed : nullptr), on_path_(packed_ != nullptr) {
    if (packed_) packed_->out.clear();
  }

  static size_t staging_size() { return staging().size(); }
  size_t offset() const { return size_t(p_ - begin_); }  // where reading stands (or stopped)
  static void drop_staged(size_t base) { staging().resize(base); }
  // After a document: a staging area grown past 64 Ki items (1 MiB in wasm) by one large array is
  // given back rather than held for the engine's life.
  static void trim_staging() {
    std::vector<json>& items = staging();
    if (items.empty() && items.capacity() > (size_t(1) << 16)) std::vector<json>().swap(items);
  }

  json document() {
    if (p_ != end_ && uchar(p_) == 0xEF) {  // a UTF-8 byte order mark, skipped as nlohmann does
      if (p_ + 1 == end_ || uchar(p_ + 1) != 0xBB) fail(p_ + 1, "invalid BOM");
      if (p_ + 2 == end_ || uchar(p_ + 2) != 0xBF) fail(p_ + 2, "invalid BOM");
      p_ += 3;
    }
    json out = value();
    skip_space();
    // Nothing but white space after the document. nlohmann stops at a NUL byte (it reads C strings
    // too), which let "{...}\0anything" through where JSON.parse refuses it: here a NUL is refused.
    if (p_ != end_ && *p_ == '\0') fail(p_, "unexpected NUL byte after the document; expected end of input");
    if (!at_end()) unexpected("end of input");
    return out;
  }

 private:
  const char* begin_;
  const char* p_;
  const char* end_;
  int64_t max_depth_;
  int64_t depth_ = 0;
  int64_t values_left_;  // values the document may still hold, at any depth (packed numbers aside)
  std::vector<json>& items_ = staging();  // the items of every array being read, innermost last
  const PackedRequest* packed_;  // null when the method packs nothing
  bool on_path_;      // the value being read is reached from the root through object keys only
  // Those keys, outermost first, while a packed field may lie at or below them (a field's path
  // has at most kPackedDepth keys).
  static constexpr int kPackedDepth = 4;
  std::string_view keys_[kPackedDepth];
  int nkeys_ = 0;

  // Kept across documents (emptied after each): its capacity is what makes arrays cheap to build.
  // One per thread, so engines on different threads never share it.
  static std::vector<json>& staging() {
    thread_local std::vector<json> items;
    return items;
  }

  static unsigned char uchar(const char* q) { return static_cast<unsigned char>(*q); }

  // "syntax error: " and the message written from `format` (format_text.hpp).
  [[noreturn]] __attribute__((format(printf, 3, 4))) void fail(const char* at, const char* format, ...) const {
    std::string what = "syntax error: ";
    va_list args;
    va_start(args, format);
    append_text_v(what, format, args);
    va_end(args);
    throw json::parse_error::create(101, size_t(at - begin_) + 1, what, nullptr);
  }

  void skip_space() {
    while (p_ != end_ && is_space(uchar(p_))) ++p_;
  }
  // nlohmann reads a NUL byte between tokens as the end of input (it parses C strings too).
  bool at_end() const { return p_ == end_ || *p_ == '\0'; }

  // The token at p_ is not what the grammar allows here. nlohmann reads the whole token before
  // it notices, so the error is one past its end, or where reading the token itself failed.
  [[noreturn]] void unexpected(const char* expected) {
    const char* q = p_;
    if (at_end()) fail(q, "unexpected end of input");
    switch (*q) {
      case '"': skip_string(); break;
      case 't': literal("true"); break;
      case 'f': literal("false"); break;
      case 'n': literal("null"); break;
      case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
        number_end();
        break;
      case '[': case ']': case '{': case '}': case ':': case ',': ++p_; break;
      default: fail(q, "invalid literal");
    }
    fail(p_ - 1, "unexpected token; expected %s", expected);
  }

  void literal(const char* word) {
    const char* q = p_;
    for (; *word; ++word, ++q) {
      if (q == end_ || *q != *word) fail(q, "invalid literal");
    }
    p_ = q;
  }

  // Every value and object key of the document is counted as it is met: its memory is up to ~20
  // times its text (`[],` is 3 bytes and an item, an array and an allocation), so the byte limit
  // alone let an 8 MiB request take 184 MiB of wasm memory, which a Worker's 128 MB does not hold;
  // and a member costs ~15 times an array item to read (its key compared into a map).
  void count_value() {
    if (--values_left_ < 0) throw TooManyValues{};
  }

  json value() {
    skip_space();
    if (at_end()) fail(p_, "unexpected end of input; expected a value");
    count_value();
    switch (*p_) {
      case '{': return object();
      case '[': return array();
      case '"': {
        json s(json::value_t::string);
        read_string(s.get_ref<std::string&>());
        return s;
      }
      case 't': literal("true"); return json(true);
      case 'f': literal("false"); return json(false);
      case 'n': literal("null"); return json(nullptr);
      case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
        return to_json(number());
      default: unexpected("a value");
    }
  }

  void enter() {
    if (++depth_ > max_depth_) {
      nestegg::fail(code::too_large, "", "request nests deeper than %lld levels", static_cast<long long>(max_depth_));
    }
  }

  json array() {
    enter();
    ++p_;  // '['
    const bool was_on_path = on_path_;
    on_path_ = false;  // packed fields are reached through object keys only
    const size_t base = items_.size();
    skip_space();
    if (!at_end() && *p_ == ']') {
      ++p_;
    } else {
      for (;;) {
        skip_space();
        // Numbers, the bulk of large arrays, are built where they will stay.
        if (!at_end() && (is_digit(uchar(p_)) || *p_ == '-')) {
          count_value();
          emplace_number(items_, number());
        } else {
          items_.push_back(value());
        }
        skip_space();
        if (!at_end() && *p_ == ',') {
          ++p_;
        } else if (!at_end() && *p_ == ']') {
          ++p_;
          break;
        } else {
          unexpected("',' or ']'");
        }
      }
    }
    json out(json::value_t::array);
    out.get_ref<json::array_t&>().assign(std::make_move_iterator(items_.begin() + ptrdiff_t(base)),
                                         std::make_move_iterator(items_.end()));
    items_.resize(base);
    on_path_ = was_on_path;
    --depth_;
    return out;
  }

  json object() {
    enter();
    ++p_;  // '{'
    json out(json::value_t::object);
    auto& members = out.get_ref<json::object_t&>();
    skip_space();
    if (!at_end() && *p_ == '}') {
      ++p_;
    } else {
      for (;;) {
        skip_space();
        if (at_end() || *p_ != '"') unexpected("a string (an object key)");
        std::string key;
        read_string(key);
        skip_space();
        if (at_end() || *p_ != ':') unexpected("':'");
        ++p_;
        count_value();  // the key: a string too, and a member costs a map node besides
        json v = on_path_ ? member_on_path(key) : value();
        members[std::move(key)] = std::move(v);  // a repeated key keeps its last value, as in nlohmann
        skip_space();
        if (!at_end() && *p_ == ',') {
          ++p_;
        } else if (!at_end() && *p_ == '}') {
          ++p_;
          break;
        } else {
          unexpected("',' or '}'");
        }
      }
    }
    --depth_;
    return out;
  }

  // The value of member `key` of an object reached through object keys from the root: packed
  // when its path is a packed field's and it can be (see PackedField), followed further when a
  // packed field lies below it. A repeated key's earlier packing is forgotten: the last value
  // counts, in the document and here.
  json member_on_path(const std::string& key) {
    // A key with a dot is no field's path (paths join keys by dots).
    if (nkeys_ == kPackedDepth || key.find('.') != std::string::npos) return value_off_path();
    keys_[nkeys_++] = key;
    const PackedField* field = nullptr;
    bool below = false;
    for (const PackedField* f = packed_->fields; f->path; ++f) {
      const int where = relation(f->path);
      if (where == kAt) field = f;
      if (where == kBelow) below = true;
    }
    json v;
    if (!field && !below) {
      v = value_off_path();
    } else {
      const std::string here = joined_keys();
      forget(here);
      Attachment packed;
      if (field && packed_->out.size() < kMaxPackedArrays && pack(*field, packed)) {
        packed_->out.push_back({here, std::move(packed)});
        v = json(json::value_t::array);
      } else {
        v = below ? value() : value_off_path();
      }
    }
    --nkeys_;
    return v;
  }

  std::string joined_keys() const {
    std::string path(keys_[0]);
    for (int k = 1; k < nkeys_; ++k) path.append(1, '.').append(keys_[k]);
    return path;
  }

  // What an earlier value at `here` packed, there or below: a scan of at most kMaxPackedArrays,
  // most of them told apart by their length and one byte.
  void forget(const std::string& here) {
    PackedArrays& out = packed_->out;
    const size_t n = here.size();
    for (size_t i = out.size(); i-- > 0;) {
      const std::string& path = out[i].path;
      const bool may = path.size() == n ? n == 0 || path[n - 1] == here[n - 1] : path.size() > n && path[n] == '.';
      if (may && path.compare(0, n, here) == 0) {  // order is no one's: the last takes its place
        if (i + 1 != out.size()) out[i] = std::move(out.back());
        out.pop_back();
      }
    }
  }

  json value_off_path() {
    on_path_ = false;
    json v = value();
    on_path_ = true;
    return v;
  }

  // Where a field's dotted path stands to the keys read so far.
  enum { kApart, kBelow, kAt };
  int relation(const char* path) const {
    std::string_view rest(path);
    for (int k = 0; k < nkeys_; ++k) {
      const size_t dot = rest.find('.');
      const std::string_view want = rest.substr(0, dot);
      if (want != keys_[k] && want != "*") return kApart;
      if (dot == std::string_view::npos) return k + 1 == nkeys_ ? kAt : kApart;
      rest.remove_prefix(dot + 1);
    }
    return kBelow;
  }

  // Reads the array at p_ into `out` when it is what `f` accepts; else leaves p_ where it was and
  // says no, and the document reads it. A malformed number throws here as it would there: the
  // same reading of the same bytes, met before anything else the document would refuse.
  bool pack(const PackedField& f, Attachment& out) {
    const char* const start = p_;
    if (pack_array(f, out)) return true;
    p_ = start;
    return false;
  }

  bool pack_array(const PackedField& f, Attachment& out) {
    skip_space();
    if (depth_ + (f.matrix ? 2 : 1) > max_depth_ || !take('[') || take(']')) return false;
    std::vector<double> values;
    int64_t rows = 0, cols = -1;
    for (After after = After::more; after == After::more;) {
      if (++rows > packed_->max_items) return false;
      if (f.matrix) {
        if (!take('[') || take(']')) return false;
        int64_t n = 0;
        After in_row = After::more;
        while (in_row == After::more) {
          // A row is an array too: one wider than max_items is read into the document (and counted).
          if (++n > packed_->max_items || !packed_number(f, values)) return false;
          in_row = after_item(']');
        }
        if (in_row == After::bad || (cols >= 0 && n != cols)) return false;
        cols = n;
      } else if (!packed_number(f, values)) {
        return false;
      }
      after = after_item(']');
      if (after == After::bad) return false;
    }
    out = Attachment{std::move(values), rows, f.matrix ? cols : 1};
    return true;
  }

  // After optional space, `c`: consumed when there.
  bool take(char c) {
    skip_space();
    if (at_end() || *p_ != c) return false;
    ++p_;
    return true;
  }
  // What follows an item (space skipped): ',' and another item, `end`, or anything else.
  enum class After { more, end, bad };
  After after_item(char end) {
    skip_space();
    if (at_end()) return After::bad;
    if (*p_ == ',') return ++p_, After::more;
    if (*p_ == end) return ++p_, After::end;
    return After::bad;
  }

  // A number as the handlers read one (request.cpp, checked_item: a whole value as double(value)),
  // kept when within [lo, hi].
  bool packed_number(const PackedField& f, std::vector<double>& values) {
    skip_space();
    if (at_end() || !(is_digit(uchar(p_)) || *p_ == '-')) return false;
    const Number n = number();
    const double x = n.type == json::value_t::number_unsigned  ? double(n.whole)
                     : n.type == json::value_t::number_integer ? double(json::number_integer_t(0 - n.whole))
                                                               : n.x;
    if (!(x >= f.lo && x <= f.hi)) return false;
    values.push_back(x);
    return true;
  }

  // Four hex digits after "\u"; the error is at the first one that is not.
  unsigned hex4(const char*& q) {
    unsigned code = 0;
    for (int i = 0; i < 4; ++i, ++q) {
      if (q == end_) fail(q, "'\\u' must be followed by 4 hex digits");
      const char c = *q;
      unsigned d;
      if (c >= '0' && c <= '9') d = unsigned(c - '0');
      else if (c >= 'a' && c <= 'f') d = unsigned(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') d = unsigned(c - 'A' + 10);
      else fail(q, "'\\u' must be followed by 4 hex digits");
      code = code * 16 + d;
    }
    return code;
  }

  // Whether "\\uDC00"-"\\uDFFF" (a low surrogate's escape) starts at q.
  bool low_surrogate_at(const char* q) const {
    if (end_ - q < 6 || q[0] != '\\' || q[1] != 'u' || (q[2] != 'd' && q[2] != 'D')) return false;
    const char c = q[3];
    if (!((c >= 'c' && c <= 'f') || (c >= 'C' && c <= 'F'))) return false;
    for (int i = 4; i < 6; ++i) {
      const char h = q[i];
      if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return false;
    }
    return true;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += char(cp);
    } else if (cp < 0x800) {
      out += char(0xC0 | (cp >> 6));
      out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += char(0xE0 | (cp >> 12));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    } else {
      out += char(0xF0 | (cp >> 18));
      out += char(0x80 | ((cp >> 12) & 0x3F));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    }
  }

  // The string at p_ (its opening quote), checked as nlohmann checks it (escapes, surrogate
  // pairs, control characters, well-formed UTF-8), into `out` when given; p_ ends past it.
  void scan_string(std::string* out) {
    const char* q = p_ + 1;
    for (;;) {
      // The run of plain ASCII, copied at once.
      const char* run = q;
      while (q != end_ && uchar(q) >= 0x20 && uchar(q) < 0x80 && *q != '"' && *q != '\\') ++q;
      if (out) out->append(run, size_t(q - run));
      if (q == end_) fail(q, "missing closing quote");
      const unsigned char c = uchar(q);
      if (c == '"') {
        p_ = q + 1;
        return;
      }
      if (c == '\\') {
        ++q;
        if (q == end_) fail(q, "forbidden character after backslash");
        char e;
        switch (*q) {
          case '"': e = '"'; break;
          case '\\': e = '\\'; break;
          case '/': e = '/'; break;
          case 'b': e = '\b'; break;
          case 'f': e = '\f'; break;
          case 'n': e = '\n'; break;
          case 'r': e = '\r'; break;
          case 't': e = '\t'; break;
          case 'u': {
            ++q;
            unsigned cp = hex4(q);
            if (cp >= 0xD800 && cp <= 0xDBFF && low_surrogate_at(q)) {
              const unsigned low = hex4(q += 2);
              cp = (cp << 10) + low - 0x35FDC00u;
            } else if (cp >= 0xD800 && cp <= 0xDFFF) {
              // A lone surrogate, which JSON's grammar allows and JSON.stringify writes for a
              // JavaScript string cut through a pair: U+FFFD, as the package's TextEncoder makes
              // of the same string sent as text (nlohmann refuses it).
              cp = 0xFFFD;
            }
            if (out) append_utf8(*out, cp);
            continue;
          }
          default: fail(q, "forbidden character after backslash");
        }
        if (out) *out += e;
        ++q;
        continue;
      }
      if (c < 0x20) fail(q, "control character in a string");
      // A multi-byte UTF-8 sequence: the ranges of RFC 3629 (no overlongs, no surrogates, <= U+10FFFF).
      unsigned char lo1 = 0x80, hi1 = 0xBF;
      int more;
      if (c >= 0xC2 && c <= 0xDF) more = 1;
      else if (c == 0xE0) more = 2, lo1 = 0xA0;
      else if (c == 0xED) more = 2, hi1 = 0x9F;
      else if (c >= 0xE1 && c <= 0xEF) more = 2;
      else if (c == 0xF0) more = 3, lo1 = 0x90;
      else if (c == 0xF4) more = 3, hi1 = 0x8F;
      else if (c >= 0xF1 && c <= 0xF3) more = 3;
      else fail(q, "ill-formed UTF-8 byte");
      const char* start = q++;
      for (int i = 0; i < more; ++i, ++q) {
        const unsigned char lo = i == 0 ? lo1 : 0x80, hi = i == 0 ? hi1 : 0xBF;
        if (q == end_ || uchar(q) < lo || uchar(q) > hi) fail(q, "ill-formed UTF-8 byte");
      }
      if (out) out->append(start, size_t(q - start));
    }
  }

  void read_string(std::string& out) {
    out.clear();
    scan_string(&out);
  }
  void skip_string() { scan_string(nullptr); }

  // Past the number at p_, by JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  // A missing digit is an error at the byte that is there instead.
  void number_end() {
    const char* q = p_;
    if (*q == '-') ++q;
    auto digit_or_fail = [&](const char* at) {
      if (at == end_ || !is_digit(uchar(at))) fail(at, "invalid number");
    };
    digit_or_fail(q);
    if (*q == '0') {
      ++q;
    } else {
      while (q != end_ && is_digit(uchar(q))) ++q;
    }
    if (q != end_ && *q == '.') {
      ++q;
      digit_or_fail(q);
      while (q != end_ && is_digit(uchar(q))) ++q;
    }
    if (q != end_ && (*q == 'e' || *q == 'E')) {
      ++q;
      if (q != end_ && (*q == '+' || *q == '-')) ++q;
      digit_or_fail(q);
      while (q != end_ && is_digit(uchar(q))) ++q;
    }
    p_ = q;
  }

  // A number's value as nlohmann types it: unsigned or signed when whole and within 64 bits,
  // else a double (through decimal_to_double, decimal_text_to_double for what it declines).
  struct Number {
    json::value_t type;
    uint64_t whole;  // the magnitude of an unsigned or signed value
    double x;
  };

  Number number() {
    const char* const start = p_;
    const char* q = p_;
    const bool negative = *q == '-';
    if (negative) ++q;
    auto digit_or_fail = [&](const char* at) {
      if (at == end_ || !is_digit(uchar(at))) fail(at, "invalid number");
    };
    // One pass: JSON's grammar, -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, checked while the
    // digits go into a 64-bit significand (wrapping past 19 digits, counted and redone below).
    digit_or_fail(q);
    const char* const digits_start = q;
    uint64_t significand = 0;
    if (*q == '0') {
      ++q;
    } else {
      for (; q != end_ && is_digit(uchar(q)); ++q) significand = significand * 10 + uint64_t(*q - '0');
    }
    const char* const int_end = q;
    int exponent = 0;
    ptrdiff_t frac_digits = 0;
    bool fits = true;  // at most 19 significant digits (the significand is exact), exponent exact
    bool integer = true;
    if (q != end_ && *q == '.') {
      integer = false;
      ++q;
      digit_or_fail(q);
      const char* const frac_start = q;
      for (; q != end_ && is_digit(uchar(q)); ++q) significand = significand * 10 + uint64_t(*q - '0');
      frac_digits = q - frac_start;
      exponent = -int(std::min<ptrdiff_t>(frac_digits, 1 << 30));
    }
    if (q != end_ && (*q == 'e' || *q == 'E')) {
      integer = false;
      ++q;
      const bool minus = q != end_ && *q == '-';
      if (q != end_ && (*q == '+' || *q == '-')) ++q;
      digit_or_fail(q);
      int e = 0;
      for (; q != end_ && is_digit(uchar(q)); ++q) e = e < 100000 ? e * 10 + (*q - '0') : e;
      // Saturated, e may be wrong, yet a run of zeros after the point could bring it back into
      // decimal_to_double's range: such exponents go to the exact reader, which reads them whole.
      if (e >= 100000) fits = false;
      exponent += minus ? -e : e;
    }
    p_ = q;
    const ptrdiff_t digit_count = (int_end - digits_start) + frac_digits;
    if (digit_count > 19) {
      int significant = 0;
      bool leading = true;
      for (const char* d = digits_start; d != q && *d != 'e' && *d != 'E'; ++d) {
        if (*d == '.') continue;
        if (*d != '0') leading = false;
        if (!leading) ++significant;
      }
      fits = fits && significant <= 19;
    }
    if (integer) {
      if (fits && !negative) return {json::value_t::number_unsigned, significand, 0};
      if (fits && significand <= uint64_t(1) << 63) return {json::value_t::number_integer, significand, 0};
      if (!negative && int_end - digits_start == 20) {  // the 20th digit may still fit 64 bits
        uint64_t head = 0;
        for (const char* d = digits_start; d != int_end - 1; ++d) head = head * 10 + uint64_t(*d - '0');
        const uint64_t last = uint64_t(int_end[-1] - '0');
        if (head <= UINT64_MAX / 10 && head * 10 <= UINT64_MAX - last) {
          return {json::value_t::number_unsigned, head * 10 + last, 0};
        }
      }
    }
    double x;
    if (!fits || !decimal_to_double(significand, exponent, negative, x)) {
      x = decimal_text_to_double(start, p_);  // exact big-decimal reading, not libc's strtod
    }
    if (!std::isfinite(x)) {
      throw json::out_of_range::create(406, format_text("number overflow parsing '%.*s'", int(p_ - start), start),
                                       nullptr);
    }
    return {json::value_t::number_float, 0, x};
  }

  static json to_json(const Number& n) {
    if (n.type == json::value_t::number_unsigned) return json(json::number_unsigned_t(n.whole));
    if (n.type == json::value_t::number_integer) return json(json::number_integer_t(0 - n.whole));
    return json(n.x);
  }
  void emplace_number(std::vector<json>& items, const Number& n) {
    if (n.type == json::value_t::number_unsigned) items.emplace_back(json::number_unsigned_t(n.whole));
    else if (n.type == json::value_t::number_integer) items.emplace_back(json::number_integer_t(0 - n.whole));
    else items.emplace_back(n.x);
  }
};

}  // namespace

void release_json(json& doc) noexcept {
  if (doc.is_array()) {
    auto& items = doc.get_ref<json::array_t&>();
    for (json& item : items) {
      if (item.is_structured()) release_json(item);
    }
    items.clear();  // primitives and emptied containers: each destructor returns at once
  } else if (doc.is_object()) {
    auto& members = doc.get_ref<json::object_t&>();
    for (auto& member : members) {
      if (member.second.is_structured()) release_json(member.second);
    }
    members.clear();
  }
  doc = nullptr;
}

namespace {

// The field at `offset` of a text whose bytes before it are JSON (the reader got that far), named
// as errors name fields: "debts[0].balance". Only an error asks: the reader keeps no path as it goes.
std::string field_at(std::string_view text, size_t offset) {
  struct Frame {
    bool object;
    size_t index;
    std::string_view key;
  };
  std::vector<Frame> frames;
  std::string_view last;  // the last string read: the key when a ':' follows
  for (size_t i = 0; i < std::min(offset, text.size()); ++i) {
    const char c = text[i];
    if (c == '{' || c == '[') frames.push_back({c == '{', 0, {}});
    if ((c == '}' || c == ']') && !frames.empty()) frames.pop_back();
    if (c == ',' && !frames.empty()) ++frames.back().index;
    if (c == ':' && !frames.empty()) frames.back().key = last;
    if (c == '"') {
      size_t j = i + 1;
      while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      last = text.substr(i + 1, std::min(j, text.size()) - i - 1);
      i = j;
    }
  }
  std::string path;
  for (const Frame& f : frames) {
    if (!f.object) {
      append_text(path, "[%zu]", f.index);
      continue;
    }
    // The key as every other error names it: its escapes undone, by the reader itself.
    std::string key(f.key);
    if (key.find('\\') != std::string::npos) {
      try {
        key = Reader(format_text("\"%.*s\"", int(key.size()), key.data()), 1, nullptr, 1).document().get<std::string>();
      } catch (const std::exception&) {  // never: the reader read this key before the number
      }
    }
    path.append(path.empty() ? "" : ".").append(key);
  }
  return path;
}

}  // namespace

json read_json(std::string_view text, int64_t max_depth, const PackedRequest* packed, int64_t max_values) {
  const size_t base = Reader::staging_size();
  Reader reader(text, max_depth, packed, max_values);
  struct Trim {
    ~Trim() { Reader::trim_staging(); }
  } trim;
  try {
    return reader.document();
  } catch (const TooManyValues&) {
    Reader::drop_staged(base);
    fail(code::too_large, field_at(text, reader.offset()), "request holds more than %lld values and keys (limits.max_json_values)",
         static_cast<long long>(max_values));
  } catch (const json::out_of_range&) {  // a number no double holds (1e400), named by its field
    Reader::drop_staged(base);
    const std::string field = field_at(text, reader.offset());
    fail(code::not_finite, field, "%.*s must be a finite number (it is over 1.8e308)", int(field.empty() ? 7 : field.size()),
         field.empty() ? "request" : field.data());
  } catch (...) {
    Reader::drop_staged(base);  // the items of the arrays an error left open
    throw;
  }
}

}  // namespace nestegg
