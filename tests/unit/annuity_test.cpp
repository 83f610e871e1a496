// SPDX-License-Identifier: MIT
// Time-value-of-money against closed forms worked by hand and against 50-digit references
// (tests/fixtures/tvm_reference.json, made by tests/fixtures/make_tvm_reference.py with Python's
// decimal module, independent of this code and of double rounding).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "annuity.hpp"

using namespace nestegg;
using Catch::Matchers::WithinRel;

TEST_CASE("zero rate is plain arithmetic") {
  CHECK(future_value(1000, 100, 0, 12) == 2200);
  auto p = months_to_target(10000, 1000, 450, 0);
  CHECK(p.why == Unreachable::none);
  CHECK(p.months == 20);  // (10000 - 1000) / 450
  CHECK(payment_for_target(10000, 1000, 0, 20) == 450);
}

TEST_CASE("worked example: 1000 at 1% a month for 12 months plus 100 a month") {
  // 1000 * 1.01^12 = 1126.825030131969720661201; 100 * (1.01^12 - 1) / 0.01 = 1268.250301319697
  CHECK_THAT(future_value(1000, 100, 0.01, 12), WithinRel(2395.075331451667, 1e-13));
  CHECK_THAT(months_to_target(2395.075331451667, 1000, 100, 0.01).months, WithinRel(12.0, 1e-12));
  CHECK_THAT(payment_for_target(2395.075331451667, 1000, 0.01, 12), WithinRel(100.0, 1e-12));
}

TEST_CASE("tiny rates converge to the zero-rate answer without cancellation") {
  for (double r : {1e-9, 1e-12, 1e-15, -1e-12}) {
    // First-order expansion: FV = P(1 + nr) + C(n + n(n-1)r/2); the error term is O(r^2).
    const double n = 360, P = 1000, C = 100;
    const double first_order = P * (1 + n * r) + C * (n + n * (n - 1) / 2 * r);
    CHECK_THAT(future_value(P, C, r, n), WithinRel(first_order, 1e-12));
    const double target = first_order;
    CHECK_THAT(months_to_target(target, P, C, r).months, WithinRel(n, 1e-9));
  }
}

TEST_CASE("unreachable goals are reported with the reason") {
  CHECK(months_to_target(100, 0, 0, 0).why == Unreachable::no_saving);
  CHECK(months_to_target(100, 0, 0, 0.01).why == Unreachable::no_saving);
  CHECK(months_to_target(100, 50, 0, -0.01).why == Unreachable::balance_shrinks);
  CHECK(months_to_target(100, 50, 0.1, -0.01).why == Unreachable::balance_shrinks);  // 0.1 < 50 * 0.01
  // Ceiling C / |r| = 1 / 0.01 = 100 is below the target of 200.
  CHECK(months_to_target(200, 0, 1, -0.01).why == Unreachable::ceiling_below_target);
  auto ok = months_to_target(50, 0, 1, -0.01);  // below the ceiling: reachable
  REQUIRE(ok.why == Unreachable::none);
  CHECK_THAT(future_value(0, 1, -0.01, ok.months), WithinRel(50.0, 1e-12));
  CHECK(months_to_target(100, 100, 0, 0).months == 0);  // already there
}

TEST_CASE("matches 50-digit decimal references across rates and horizons") {
  std::ifstream in(std::string(NESTEGG_FIXTURES) + "/tvm_reference.json");
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  const auto cases = nlohmann::json::parse(ss.str());
  REQUIRE(cases.size() >= 50);
  for (const auto& c : cases) {
    const double r = c["rate"], n = c["n"], pv = c["pv"], pmt = c["pmt"];
    INFO("rate=" << r << " n=" << n << " pv=" << pv << " pmt=" << pmt);
    CHECK_THAT(future_value(pv, pmt, r, n), WithinRel(c["fv"].get<double>(), 1e-11));
    const auto p = months_to_target(c["fv"].get<double>(), pv, pmt, r);
    REQUIRE(p.why == Unreachable::none);
    CHECK_THAT(p.months, WithinRel(n, 1e-9));
    if (pmt > 0) CHECK_THAT(payment_for_target(c["fv"].get<double>(), pv, r, n), WithinRel(pmt, 1e-9));
  }
}
