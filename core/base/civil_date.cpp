// SPDX-License-Identifier: MIT
#include "civil_date.hpp"

#include <cstdio>

namespace nestegg {

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

bool is_valid(const Date& d) {
  return d.year >= kMinYear && d.year <= kMaxYear && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month);
}

// Reads exactly `n` ASCII digits; rejects signs and spaces that strtol would accept.
static bool read_digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

std::optional<Date> parse_date(std::string_view t) {
  Date d;
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  if (!read_digits(t, 0, 4, d.year) || !read_digits(t, 5, 2, d.month) || !read_digits(t, 8, 2, d.day))
    return std::nullopt;
  if (!is_valid(d)) return std::nullopt;
  return d;
}

std::optional<Date> parse_month(std::string_view t) {
  Date d;
  if (t.size() != 7 || t[4] != '-') return std::nullopt;
  if (!read_digits(t, 0, 4, d.year) || !read_digits(t, 5, 2, d.month)) return std::nullopt;
  d.day = 1;
  if (!is_valid(d)) return std::nullopt;
  return d;
}

std::string format_date(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string format_month(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
  return buf;
}

// Howard Hinnant's days_from_civil / civil_from_days (public-domain algorithms).
int64_t days_from_civil(const Date& d) {
  int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (d.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  Date d;
  d.day = int(doy - (153 * mp + 2) / 5 + 1);
  d.month = int(mp < 10 ? mp + 3 : mp - 9);
  d.year = int(yoe + era * 400 + (d.month <= 2 ? 1 : 0));
  return d;
}

std::optional<Date> add_months(const Date& d, int64_t months) {
  const int64_t idx = month_index(d) + months;
  if (idx < int64_t(kMinYear) * 12 || idx > int64_t(kMaxYear) * 12 + 11) return std::nullopt;
  Date r;
  r.year = int(idx / 12);
  r.month = int(idx % 12) + 1;
  const int last = days_in_month(r.year, r.month);
  r.day = d.day < last ? d.day : last;
  return r;
}

std::optional<Date> span_end(const Date& d, int64_t months) {
  if (d.day == 1 && month_index(d) + months == int64_t(kMaxYear + 1) * 12) return Date{kMaxYear + 1, 1, 1};
  return add_months(d, months);
}

int64_t whole_months_between(const Date& a, const Date& b) {
  // The anniversary n months after a lies in b's month; if its (clamped) day is past b's day,
  // one month fewer has elapsed. Jan 31 -> Feb 28 is one month; Jan 15 -> Feb 14 is zero.
  const int64_t n = month_index(b) - month_index(a);
  const int last = days_in_month(b.year, b.month);
  const int anniversary_day = a.day < last ? a.day : last;
  return anniversary_day > b.day ? n - 1 : n;
}

}  // namespace nestegg
