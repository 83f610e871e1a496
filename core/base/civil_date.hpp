// SPDX-License-Identifier: MIT
// Calendar dates without time zones: the engine plans in whole days and months, never instants.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nestegg {

struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..days_in_month
  friend bool operator==(const Date& a, const Date& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
  }
  friend bool operator<(const Date& a, const Date& b) {
    if (a.year != b.year) return a.year < b.year;
    if (a.month != b.month) return a.month < b.month;
    return a.day < b.day;
  }
  friend bool operator<=(const Date& a, const Date& b) { return !(b < a); }
};

// Years outside this window are rejected: they are typos, and they keep month arithmetic exact.
inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 9999;

int days_in_month(int year, int month);
bool is_valid(const Date& d);

// Strict "YYYY-MM-DD"; nullopt for anything else, including 2023-02-30.
std::optional<Date> parse_date(std::string_view text);
// Strict "YYYY-MM" (a month of history); the day is set to 1.
std::optional<Date> parse_month(std::string_view text);
std::string format_date(const Date& d);
std::string format_month(const Date& d);

// Days since 1970-01-01 (proleptic Gregorian), and back.
int64_t days_from_civil(const Date& d);
Date civil_from_days(int64_t days);

// The same day-of-month `months` later, clamped to the month's last day (Jan 31 + 1 = Feb 28/29).
// Returns nullopt when the result falls outside [kMinYear, kMaxYear].
std::optional<Date> add_months(const Date& d, int64_t months);

// The end, exclusive, of a span of `months` months from `d`: add_months(d, months), and also the
// day after the calendar's last, 10000-01-01, which is no date to answer but ends a span whose last
// day is 9999-12-31 (a year from 9999-01-01). nullopt when the span's last day would be past it.
std::optional<Date> span_end(const Date& d, int64_t months);

// Whole months from `a` to `b` such that add_months(a, n) <= b (negative when b < a).
int64_t whole_months_between(const Date& a, const Date& b);

// Month index (year*12 + month-1), for comparing "YYYY-MM" keys.
inline int64_t month_index(const Date& d) { return int64_t(d.year) * 12 + (d.month - 1); }

}  // namespace nestegg
