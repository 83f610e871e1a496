// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>

#include "annuity.hpp"
#include "goal_adjuster.hpp"

using namespace nestegg;
using Catch::Matchers::WithinRel;

TEST_CASE("contribution statistics by hand") {
  const std::vector<double> a{100, 200, 300, 400};
  const auto s = contribution_stats(a, 2, 250.0);
  CHECK(s.total == 1000);
  CHECK(s.mean == 250);
  CHECK(s.recent_mean == 350);
  CHECK_THAT(s.std_dev, WithinRel(std::sqrt(50000.0 / 3), 1e-14));
  CHECK(s.trend_per_month == 100);
  CHECK(*s.share_meeting_plan == 0.5);
  CHECK(*s.months_below_plan == 2);
}

TEST_CASE("behind, on track and ahead") {
  AdjustInput in;
  in.target = 12000;
  in.current = 6000;
  in.as_of = {2025, 1, 1};
  in.target_date = {2026, 1, 1};  // 12 months left; 500 a month is exactly enough at 0 %
  in.contributions = {500, 500, 500};
  auto r = adjust_goal(in);
  CHECK(r.status == "on_track");
  CHECK(r.months_remaining == 12);
  CHECK(*r.projected_months == 12);
  CHECK(*r.required_monthly_to_keep_date == 500);
  CHECK(r.gap_at_target_date == 0);

  in.contributions = {400, 400, 400};
  r = adjust_goal(in);
  CHECK(r.status == "behind");
  CHECK(*r.projected_months == 15);  // 6000 / 400
  CHECK(format_date(*r.new_target_date_at_pace) == "2026-04-01");
  CHECK(r.gap_at_target_date == 1200);  // 12000 - (6000 + 12 x 400)

  in.contributions = {1000, 1000};
  r = adjust_goal(in);
  CHECK(r.status == "ahead");
  CHECK(*r.projected_months == 6);
  CHECK(r.months_early == 6);
}

TEST_CASE("a passed deadline and a stopped saver are behind, not errors") {
  AdjustInput in;
  in.target = 1000;
  in.current = 100;
  in.as_of = {2025, 6, 1};
  in.target_date = {2025, 1, 1};
  in.contributions = {0, 0};
  const auto r = adjust_goal(in);
  CHECK(r.status == "behind");
  CHECK(r.months_remaining == 0);
  CHECK_FALSE(r.required_monthly_to_keep_date);
  CHECK_FALSE(r.reachable_at_pace);
}

// A review's find: a pace below 0 was clamped to 0, and a goal drained at 100 a month was
// projected "reachable at the current pace" in 2089 by its interest alone.
TEST_CASE("withdrawals are a pace below 0: carried on to an empty goal, or outgrown by interest") {
  AdjustInput in;
  in.target = 12000;
  in.current = 500;
  in.annual_rate = 0.05;
  in.as_of = {2026, 1, 31};
  in.target_date = {2027, 1, 31};
  in.pace_window = 2;
  in.contributions = {300, -500};
  auto r = adjust_goal(in);
  CHECK(r.pace == -100);
  CHECK(r.status == "behind");
  CHECK_FALSE(r.reachable_at_pace);
  CHECK_FALSE(r.projected_completion_date);
  // 500 x 1.0511619 - 100 x 12.278855 = -702.3: empty before the date, so 0, and the whole target short.
  CHECK(r.projected_balance_at_target_date == 0);
  CHECK(r.gap_at_target_date == 12000);
  // 100 000 at 6 % earns 500 a month, more than the 100 taken: (1.005)^n = (600 - 100) / (500 - 100),
  // n = ln 1.25 / ln 1.005 = 44.74, so 45 months.
  in.current = 100000;
  in.target = 120000;
  in.annual_rate = 0.06;
  in.target_date = {2031, 1, 31};
  r = adjust_goal(in);
  REQUIRE(r.reachable_at_pace);
  CHECK_THAT(*r.projected_months_exact, WithinRel(std::log(1.25) / std::log(1.005), 1e-12));
  CHECK(*r.projected_months == 45);
  CHECK(r.status == "ahead");  // 60 months left
}

TEST_CASE("a pace of 1e-19 a month is behind, not ahead at month 0") {
  // 90 still to save at 1e-19 a month: 9e20 months (the int64 conversion used to wrap to month 0).
  AdjustInput in;
  in.target = 100;
  in.current = 10;
  in.as_of = {2024, 1, 1};
  in.target_date = {2030, 1, 1};
  in.contributions = {1e-19};
  const auto r = adjust_goal(in);
  CHECK(r.status == "behind");
  CHECK_FALSE(r.reachable_at_pace);
  CHECK_FALSE(r.projected_months.has_value());
  CHECK(r.gap_at_target_date > 89.99);
}

TEST_CASE("a pace that would finish after 9999-12-31 is not reachable, as goals.timeline says") {
  // 6000 to go at 1 a month and 4 % from 9999-11-30: 263 months, past the calendar. It was
  // "reachable" with no completion date while goals.timeline called the plan beyond_horizon.
  AdjustInput in;
  in.target = 10000;
  in.current = 4000;
  in.annual_rate = 0.04;
  in.as_of = {9999, 11, 30};
  in.target_date = {9999, 12, 31};
  in.contributions = {1};
  const auto r = adjust_goal(in);
  CHECK_FALSE(r.reachable_at_pace);
  CHECK_FALSE(r.projected_completion_date.has_value());
  CHECK_FALSE(r.projected_months.has_value());
  CHECK(r.status == "behind");
}
