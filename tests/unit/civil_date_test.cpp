// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "civil_date.hpp"

using namespace nestegg;

TEST_CASE("parse_date accepts only real calendar days") {
  CHECK(parse_date("2024-02-29"));
  CHECK_FALSE(parse_date("2023-02-29"));  // not a leap year
  CHECK_FALSE(parse_date("1900-02-29"));  // century rule
  CHECK(parse_date("2000-02-29"));        // 400-year rule
  CHECK_FALSE(parse_date("2023-04-31"));
  CHECK_FALSE(parse_date("2023-13-01"));
  CHECK_FALSE(parse_date("2023-00-10"));
  CHECK_FALSE(parse_date("2023-1-01"));
  CHECK_FALSE(parse_date(" 2023-01-01"));
  CHECK_FALSE(parse_date("2023-01-01T00:00"));
  CHECK_FALSE(parse_date("+023-01-01"));
  CHECK_FALSE(parse_date("1899-12-31"));
  CHECK_FALSE(parse_date(""));
}

TEST_CASE("days_from_civil matches known epochs") {
  CHECK(days_from_civil({1970, 1, 1}) == 0);
  CHECK(days_from_civil({2000, 3, 1}) == 11017);  // 30 years of 365 days + 7 leap days + Jan + Feb
  CHECK(days_from_civil({1900, 1, 1}) == -25567);
  for (int64_t d = -30000; d < 3000000; d += 997) {
    CHECK(days_from_civil(civil_from_days(d)) == d);
  }
}

TEST_CASE("add_months clamps to the month end") {
  CHECK(format_date(*add_months({2024, 1, 31}, 1)) == "2024-02-29");
  CHECK(format_date(*add_months({2023, 1, 31}, 1)) == "2023-02-28");
  CHECK(format_date(*add_months({2023, 1, 31}, 2)) == "2023-03-31");
  CHECK(format_date(*add_months({2023, 11, 15}, 14)) == "2025-01-15");
  CHECK(format_date(*add_months({2023, 3, 15}, -3)) == "2022-12-15");
  CHECK_FALSE(add_months({9999, 12, 1}, 1));
}

TEST_CASE("whole_months_between counts anniversaries on or before the end") {
  CHECK(whole_months_between({2024, 1, 15}, {2024, 2, 14}) == 0);
  CHECK(whole_months_between({2024, 1, 15}, {2024, 2, 15}) == 1);
  CHECK(whole_months_between({2024, 1, 31}, {2024, 2, 29}) == 1);
  CHECK(whole_months_between({2024, 1, 31}, {2024, 2, 28}) == 0);
  CHECK(whole_months_between({2024, 1, 1}, {2026, 1, 1}) == 24);
  CHECK(whole_months_between({2024, 3, 15}, {2024, 1, 10}) == -3);
  // Consistency with add_months: the largest n with add_months(a, n) <= b.
  const Date a{2023, 1, 31};
  for (int k = 0; k < 40; ++k) {
    const Date b = *add_months(a, k);
    CHECK(whole_months_between(a, b) == k);
  }
}
