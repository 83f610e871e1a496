// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>

#include "goal_planner.hpp"
#include "money.hpp"

using namespace nestegg;
using Catch::Matchers::WithinRel;

TEST_CASE("timeline of the original backend's 20-month example") {
  // 9000 still to save at 450 a month with no return: exactly 20 months, hand arithmetic.
  TimelineInput in{10000, 1000, 450, 0, {2024, 1, 15}, {}, true};
  const auto r = plan_timeline(in);
  REQUIRE(r.reachable);
  CHECK(r.months_exact == 20);
  CHECK(r.months_needed == 20);  // hit exactly: no extra month from float noise
  CHECK(format_date(*r.target_date) == "2025-09-15");
  CHECK(r.total_contributions == 9000);
  CHECK(r.interest_earned == 0);
  REQUIRE(r.milestones.size() == 4);
  // 25 % = 2500: (2500 - 1000) / 450 = 3.33 -> month 4; 50 %: 8.89 -> 9; 75 %: 14.4 -> 15; 100 %: 20.
  CHECK(r.milestones[0].month == 4);
  CHECK(r.milestones[1].month == 9);
  CHECK(r.milestones[2].month == 15);
  CHECK(r.milestones[3].month == 20);
  REQUIRE(r.schedule.size() == 20);
  CHECK(r.schedule.back().balance == 10000);
  CHECK(format_date(r.schedule[0].date) == "2024-02-15");
}

TEST_CASE("schedule balances follow the closed form month by month") {
  TimelineInput in{50000, 2000, 700, 0.07, {2024, 1, 31}, {}, true};
  const auto r = plan_timeline(in);
  REQUIRE(r.reachable);
  for (const auto& row : r.schedule) {
    CHECK_THAT(row.balance, WithinRel(future_value(2000, 700, 0.07 / 12, double(row.month)), 1e-12));
  }
  CHECK(r.schedule.back().balance >= 50000);
  CHECK(r.schedule[r.schedule.size() - 2].balance < 50000);  // the month before had not reached it
  CHECK(format_date(r.schedule[0].date) == "2024-02-29");   // Jan 31 + 1 month, leap year
}

TEST_CASE("timeline reports unreachable goals without failing") {
  TimelineInput in{10000, 0, 0, 0, {2024, 1, 1}, {}, false};
  const auto r = plan_timeline(in);
  CHECK_FALSE(r.reachable);
  CHECK(r.unreachable_code == "no_saving");
  CHECK(r.feasibility.score == 0);
  CHECK(r.feasibility.label == "Unrealistic");

  TimelineInput slow{1e12, 0, 0.01, 0, {2024, 1, 1}, {}, false};
  const auto s = plan_timeline(slow);
  CHECK_FALSE(s.reachable);
  CHECK(s.unreachable_code == "beyond_horizon");
}

TEST_CASE("reverse plan of 3333.33 a month: 40000 in 12 months at no return") {
  ReversePlanInput in{40000, 0, 0, {2024, 1, 1}, {2025, 1, 1}, {6000.0, 4000.0}};
  const auto r = plan_reverse(in);
  REQUIRE(r.reachable);
  CHECK(r.months_available == 12);
  CHECK_THAT(r.required_monthly_savings_exact, WithinRel(40000.0 / 12, 1e-14));
  CHECK(r.required_monthly_savings == 3333.34);  // rounded UP: 3333.33 x 12 = 39999.96 falls short
  CHECK(r.final_balance >= 40000);
  CHECK(r.alternatives.size() >= 3);
  // Half the surplus of 2000 is 1000 a month: 40 months for the same target.
  const auto& later = r.alternatives[0];
  CHECK(later.kind == "later_date");
  CHECK(later.monthly_savings == 1000);
  CHECK(later.months == 40);
  CHECK(format_date(*later.target_date) == "2027-05-01");
  const auto& lower = r.alternatives[1];
  CHECK(lower.kind == "lower_target");
  CHECK(lower.target_amount == 12000);
  const auto& lump = r.alternatives[3];
  CHECK(lump.kind == "lump_sum_now");
  CHECK(lump.lump_sum == 28000);  // 40000 - 12 x 1000
}

// 1 000 000 by 9999-12-31 from 9997-01-31 on an income of 100 000 and no stated expenses: three
// quarters of the 28 571.43 needed, 21 428.57, takes 47 months, past the calendar's last day. The
// alternative says so in months; its text once printed a date read from an empty optional.
TEST_CASE("an alternative whose date would fall past 9999-12-31 says when in months") {
  ReversePlanInput in{1000000, 0, 0, {9997, 1, 31}, {9999, 12, 31}, {100000.0, std::nullopt}};
  const auto r = plan_reverse(in);
  REQUIRE(!r.alternatives.empty());
  const auto& later = r.alternatives[0];
  CHECK(later.kind == "later_date");
  CHECK(later.months == 47);
  CHECK_FALSE(later.target_date.has_value());
  CHECK(later.description == "Saving three quarters of the required saving reaches the same target in 47 months, after 9999-12-31");
}

// A review's case: 1e12 in a century at 100 % a year needs 1e-30 a month, saved as 0.01; three
// quarters of 0.01 is 0.01 again, and the same cent a month until the date comes to 6.2e40.
TEST_CASE("alternatives at the smallest saving say what they save and stay within what the engine takes") {
  ReversePlanInput in{1e12, 0, 1.0, {2024, 1, 31}, {2124, 1, 31}, {std::nullopt, std::nullopt}};
  const auto r = plan_reverse(in);
  CHECK(r.required_monthly_savings == 0.01);
  REQUIRE(!r.alternatives.empty());
  for (const auto& a : r.alternatives) {
    INFO(a.kind << ": " << a.description);
    CHECK(a.target_amount <= 1e12);
    CHECK(a.lump_sum <= 1e12);
    CHECK(a.description.find("three quarters of the required saving reaches") == std::string::npos);
  }
  const auto& earlier = r.alternatives[0];
  CHECK(earlier.kind == "earlier_date");
  CHECK(earlier.monthly_savings == 0.01);
  CHECK(earlier.description == "Saving the required saving (three quarters of it is the same to the cent) reaches the same target on 2055-01-31");
  // 0.01 a month at 100 % a year: 372 months reach 1e12, 371 do not (annuity: 0.01 ((1+r)^n - 1) / r).
  const double m = 1.0 / 12;
  CHECK(0.01 * std::expm1(372 * std::log1p(m)) / m >= 1e12);
  CHECK(0.01 * std::expm1(371 * std::log1p(m)) / m < 1e12);
  CHECK(earlier.months == 372);
  for (const auto& a : r.alternatives) CHECK(a.kind != "higher_target");  // 6.2e40: not offered
}

TEST_CASE("saving rounded to the cent always reaches the target") {
  for (double rate : {0.0, 0.01, 0.05, -0.02, 1e-12}) {
    for (int64_t n : {1, 7, 12, 36, 240}) {
      const double target = 12345.67, current = 321.09;
      const double pay = saving_to_the_cent(target, current, rate / 12, n);
      CHECK(future_value(current, pay, rate / 12, double(n)) >= target * (1 - 1e-12));
      CHECK(future_value(current, pay - 0.01, rate / 12, double(n)) < target);  // and it is the least
    }
  }
}

TEST_CASE("large savings are whole cents that reach the target, counted in exact cents") {
  // At 0 % the saving is (target - current) / n, rounded up to the cent: checked in integer cents.
  // A guard against float noise of 1e-12 of the amount rounded 1e10 down by a cent (a review's
  // find: 129 of 3 000 large plans fell short); it is capped at 1e-5 cent now.
  for (double target : {1e10, 1e11, 123456789012.34, 999999999999.99, 16.8e9 + 0.07}) {
    for (int64_t n : {1, 12, 7}) {
      INFO(target << " over " << n);
      const double pay = saving_to_the_cent(target, 0, 0, n);
      const int64_t pay_cents = std::llround(pay * 100), target_cents = std::llround(target * 100);
      CHECK(pay == to_cents(pay));
      CHECK(pay_cents * n >= target_cents);
      CHECK((pay_cents - 1) * n < target_cents);  // and the least that does
    }
  }
}

TEST_CASE("feasibility follows its documented rules") {
  FeasibilityInput easy{true, 300, 24, 0.04, 5000.0, 3000.0};
  CHECK(assess_feasibility(easy).score == 100);  // 15 % of the surplus, 2 years, modest return
  FeasibilityInput tight{true, 1500, 24, 0.04, 5000.0, 3000.0};
  // 75 % of the surplus: (0.75 - 0.5) * 80 = 20 points off.
  CHECK(assess_feasibility(tight).score == 80);
  FeasibilityInput over{true, 2500, 120, 0.12, 5000.0, 3000.0};
  // more than the surplus (60) + 60 months past 5 years (6) + 4 points of return above 8 % (10)
  const auto f = assess_feasibility(over);
  CHECK(f.score == 24);
  CHECK(f.label == "Unrealistic");
  CHECK(f.reasons.size() == 3);
}

TEST_CASE("an affordable plan gets alternatives about its slack, not a zero deposit") {
  // Surplus 3000, half is 1500; the plan asks 12000 / 12 = 1000.
  ReversePlanInput in{12000, 0, 0, {2024, 1, 1}, {2025, 1, 1}, {5000.0, 2000.0}};
  const auto r = plan_reverse(in);
  REQUIRE(r.alternatives.size() == 3);
  CHECK(r.alternatives[0].kind == "earlier_date");
  CHECK(r.alternatives[0].months == 8);  // 12000 / 1500
  CHECK(r.alternatives[1].kind == "higher_target");
  CHECK(r.alternatives[1].target_amount == 18000);
  CHECK(r.alternatives[2].kind == "lower_return");
  CHECK(r.alternatives[2].annual_return_rate == -0.02);
  CHECK(r.alternatives[2].monthly_savings > 1000);  // losing 2 % a year costs more each month
}

// A hostile review's finds: the promise "saving this reaches the target" held where the plan was
// funded already, or the gap was closed with a deposit, only by luck of the arithmetic.
TEST_CASE("a funded goal that a negative return takes under the target needs a saving") {
  // 1200 at -5 % a year for 60 months: 1200 (1 - 0.05/12)^60 = 934.07, 65.93 short of 1000;
  // 65.93 / 53.19 (the annuity factor) = 1.24 a month.
  ReversePlanInput in{1000, 1200, -0.05, {2024, 1, 31}, {2029, 1, 31}, {}};
  const auto r = plan_reverse(in);
  REQUIRE(r.reachable);
  CHECK(r.required_monthly_savings == 1.24);
  CHECK(r.final_balance >= 1000);
  CHECK(future_value(1200, 1.23, -0.05 / 12, 60) < 1000);  // and it is the least
  // No "later date" at month 0 for it (a later review's find): funded today, there is no date to offer.
  for (const auto& a : r.alternatives) CHECK((a.kind != "later_date" && a.kind != "earlier_date"));
  // Funded and still funded on the date (no return): nothing to save, as before.
  ReversePlanInput held{1000, 1200, 0, {2024, 1, 31}, {2029, 1, 31}, {}};
  CHECK(plan_reverse(held).required_monthly_savings == 0);
  CHECK(plan_reverse(held).final_balance == 1200);
}

TEST_CASE("the one-time deposit alternative reaches the target, and is the least that does") {
  // 500 a month affordable (half of a 1000 surplus). At 100 % a year one cent today grows to
  // 0.01 (1 + 1/12)^120 = 148.4 in ten years, so a deposit rounded to the nearest cent missed the
  // target by up to 74.
  int offered = 0;
  for (double rate : {1.0, 0.07, 0.12, 0.0, -0.03, -0.5, -0.99}) {
    for (int64_t years : {1, 10, 30, 99}) {
      ReversePlanInput in{1000000, 1234.56, rate, {2024, 2, 29}, {int(2024 + years), 2, 28}, {6000.0, 5000.0}};
      const auto r = plan_reverse(in);
      for (const auto& a : r.alternatives) {
        if (a.kind != "lump_sum_now") continue;
        ++offered;
        const double m = rate / 12, n = double(r.months_available);
        CHECK(future_value(1234.56 + a.lump_sum, a.monthly_savings, m, n) >= 1000000 * (1 - 1e-12));
        if (a.lump_sum > 0) CHECK(future_value(1234.56 + a.lump_sum - 0.01, a.monthly_savings, m, n) < 1000000);
        CHECK(a.lump_sum == to_cents(a.lump_sum));  // whole cents
        CHECK(a.lump_sum <= kMaxAmount);              // else not offered: no sensible deposit
      }
    }
  }
  CHECK(offered >= 15);  // the checks above ran: most of the 28 plans are stretched and offer one
}

TEST_CASE("a deposit that is whole cents is not charged a cent more for float noise") {
  // At 0 % the deposit is exact cents: 355811.83 - 128027.62 - 722 x 236.63 = 56937.35 (the
  // saving three quarters of the required 315.50). The double came out 56937.35000000003 and the
  // ceiling made it 56937.36 (a review found 29 such plans in 4 000).
  ReversePlanInput in{355811.83, 128027.62, 0, {2025, 1, 15}, {2085, 3, 15}, {}};
  const auto r = plan_reverse(in);
  bool found = false;
  for (const auto& a : r.alternatives) {
    if (a.kind != "lump_sum_now") continue;
    found = true;
    CHECK(a.monthly_savings == 236.63);
    CHECK(r.months_available == 722);
    CHECK(a.lump_sum == 56937.35);
  }
  CHECK(found);
}

TEST_CASE("a timeline past the calendar's end says so, not 100 years") {
  TimelineInput in{100, 0, 1, 0, {9999, 6, 30}, {}, false};  // 100 months from June 9999
  const auto r = plan_timeline(in);
  CHECK_FALSE(r.reachable);
  CHECK(r.unreachable_code == "beyond_horizon");
  CHECK(r.unreachable_reason == "the target would be reached after 9999-12-31, the last date the engine handles");
}

TEST_CASE("a goal more months away than an int64 holds is beyond the horizon, not reached at month 0") {
  // 100 at 1e-17 a month: 1e19 months, past 2^63 (the conversion used to wrap to month 0, "reached").
  const auto tiny = plan_timeline(TimelineInput{100, 0, 1e-17, 0, {2024, 1, 1}, {}, false});
  CHECK_FALSE(tiny.reachable);
  CHECK(tiny.unreachable_code == "beyond_horizon");
  CHECK(tiny.months_exact == 1e19);
  CHECK(tiny.milestones.empty());
  // Growth alone at 1e-19 a year: log(1e6) / log1p(1e-19 / 12), about 1.7e21 months.
  const auto slow = plan_timeline(TimelineInput{1e6, 1, 0, 1e-19, {2024, 1, 1}, {}, false});
  CHECK_FALSE(slow.reachable);
  CHECK(slow.milestones.empty());
  CHECK(months_to_reach(std::nan(""), 1, 0, 1, 0) == int64_t(kFarMonths));
}

TEST_CASE("whole months reach the target to the cent even where 1e-9 of a month is hundreds of dollars") {
  // 1e12 at 999,999,999.50 a month: 1000.0000005 months. 1000 months leave it 500 short, so 1001.
  const auto r = plan_timeline(TimelineInput{1e12, 0, 999999999.5, 0, {2024, 1, 31}, {}, false});
  REQUIRE(r.reachable);
  CHECK(r.months_needed == 1001);
  CHECK(r.final_balance >= 1e12);
  REQUIRE(r.milestones.size() == 4);
  CHECK(r.milestones[3].month == 1001);
  for (const Milestone& m : r.milestones) CHECK(999999999.5 * double(m.month) >= m.amount);
  // Float noise just above a whole month still rounds down when the balance there is the target:
  // 10000 at 7 % from 1000 hits month n exactly for the contribution that makes it so.
  const double c = payment_for_target(10000, 1000, 0.07 / 12, 37);
  CHECK(months_to_reach(37 * (1 + 1e-12), 10000, 1000, c, 0.07 / 12) == 37);
  CHECK(months_to_reach(37.5, 10000, 1000, c, 0.07 / 12) == 38);
}

TEST_CASE("large targets: the month count reaches the target to the cent, checked exactly") {
  // At no return the balance after n months is current + n x contribution, exactly in cents.
  struct Case { double target, current, contribution; int64_t months; };
  for (const Case& c : {Case{1e12, 0, 9999999999.99, 101},            // 100 months: 999,999,999,999, a dollar short
                        Case{1e12, 0, 999999999999.99, 2},            // 1 month: a cent short
                        Case{141755094131.55, 95651.51, 194451301.07, 730},  // 729 months: a cent short
                        Case{1e12, 0, 1e10, 100}}) {                  // exactly 100 months
    const auto r = plan_timeline(TimelineInput{c.target, c.current, c.contribution, 0, {2024, 1, 1}, {}, false});
    REQUIRE(r.reachable);
    CHECK(r.months_needed == c.months);
    // In whole cents (all three amounts are on the cent): reached at months_needed, not one before.
    const auto cents = [](double x) { return std::llround(x * 100); };
    CHECK(cents(c.current) + r.months_needed * cents(c.contribution) >= cents(c.target));
    CHECK(cents(c.current) + (r.months_needed - 1) * cents(c.contribution) < cents(c.target));
  }
}

TEST_CASE("at 99 % a year over 405 months the closed form's rounding is a third of a cent: the month is checked beyond it") {
  // A review's case, checked in exact rationals: with r = 0.99 / 12, 0.01 grows to 877609943597.9607
  // after 405 months, 0.0093 under the target (shown one cent under it); month 406 reaches it.
  const auto r = plan_timeline(TimelineInput{877609943597.97, 0.01, 0, 0.99, {2024, 1, 31}, {}, false});
  REQUIRE(r.reachable);
  CHECK(r.months_needed == 406);
  CHECK(r.final_balance >= 877609943597.97);
}

// A review's find: the amount offered as "saving this until the same date reaches this amount" was
// the balance rounded to the nearest cent, up to half a cent more than the plan ever holds. Held
// here to goals.timeline: the offered saving reaches the offered amount within the months.
TEST_CASE("a higher or lower target offered is reached by its saving on its date") {
  // 1 at 5 % a year for two months is 1 x (1 + 0.05/12)^2 = 1.00835: 1.00 is offered, not 1.01.
  ReversePlanInput funded{1, 1, 0.05, {2024, 1, 31}, {2024, 3, 31}, {}};
  const auto f = plan_reverse(funded);
  const auto offered = std::find_if(f.alternatives.begin(), f.alternatives.end(),
                                    [](const Alternative& a) { return a.kind == "higher_target"; });
  REQUIRE(offered != f.alternatives.end());
  CHECK(offered->target_amount == 1.0);
  uint64_t state = 88172645463325252ull;  // xorshift64: a fixed, portable sequence
  auto uniform = [&] {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return double(state >> 11) / 9007199254740992.0;
  };
  int checked = 0;
  for (int i = 0; i < 3000; ++i) {
    const double target = std::round(std::pow(10, 1 + 6 * uniform()) * 100) / 100;
    const double current = uniform() < 0.3 ? 0 : std::round(target * 1.2 * uniform() * 100) / 100;
    const double rate = std::round((uniform() * 0.3 - 0.05) * 1000) / 1000;
    const int months = 1 + int(uniform() * 240);
    const Date start{2024, 1, 1 + int(uniform() * 28)};
    const std::optional<Date> end = add_months(start, months);
    REQUIRE(end);
    Household h;
    if (uniform() < 0.7) h = {5000.0, 5000.0 - std::round(uniform() * 3000 * 100) / 100};
    const auto r = plan_reverse({target, current, rate, start, *end, h});
    for (const Alternative& a : r.alternatives) {
      if (a.kind != "higher_target" && a.kind != "lower_target") continue;
      CHECK(a.target_amount == floor_cents(a.target_amount));
      if (a.target_amount <= current) continue;  // nothing to reach: timeline answers 0 months
      const auto t = plan_timeline({a.target_amount, current, a.monthly_savings, rate, start, {}, false});
      INFO(target << " " << current << " " << rate << " " << months << " " << a.monthly_savings << " " << a.target_amount);
      REQUIRE(t.reachable);
      CHECK(t.months_needed <= a.months);
      ++checked;
    }
  }
  CHECK(checked > 1000);
}
