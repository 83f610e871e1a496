// SPDX-License-Identifier: MIT
// investment.readiness: the checklist worked by hand, the status thresholds, and the method's errors.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "engine.hpp"
#include "investment_readiness.hpp"

using namespace nestegg;
using json = nlohmann::json;

namespace {

json household() {
  return json::parse(R"({"start_date": "2026-01-15", "emergency_fund": 1000, "monthly_essential_expenses": 2000,
    "monthly_saving": 500, "horizon_years": 20,
    "debts": [{"name": "card", "balance": 3000, "apr": 0.22, "minimum_payment": 90},
              {"name": "car", "balance": 8000, "apr": 0.05, "minimum_payment": 200}],
    "employer_match": {"match_rate": 0.5, "match_limit": 0.06, "contribution_rate": 0.03, "annual_salary": 60000},
    "risk": {"income_stability": "stable", "dependents": false, "loss_reaction": "hold"}})");
}

json call(const json& request) {
  EngineConfig config;
  config.log_level = LogLevel::off;
  Engine engine(config);
  return engine.call_json("investment.readiness", request);
}

}  // namespace

TEST_CASE("readiness worked by hand: starter fund, match, the card, the full fund") {
  // 1. One month of essentials (2000) less the 1000 saved: 1000 at 500 a month = 2 months (ends month 2).
  // 2. The match: (6 % - 3 %) of 60000 / 12 = 150.00 a month more, the employer adding 75.00;
  //    500 - 150 = 350 a month is left for what follows. No time of its own (ends month 2).
  // 3. The card (22 % >= 8 %; the car at 5 % is not high-interest) is paid its 90 minimum through
  //    months 1-2: 300000 + 5500 - 9000 = 296500; 296500 * 0.22 / 12 = 5435.83 -> 5436 cents,
  //    301936 - 9000 = 292936: the step pays 2929.36, with the 90 minimum plus the 350, 440 a
  //    month from month 3; paid off in its 8th month (NPER = -ln(1 - 2929.36 * 0.22/12 / 440) /
  //    ln(1 + 0.22/12) = 7.17). Ends month 10; the card's 90 is free from then on: 440 a month.
  //    In month 10 the card takes 73.26 of the 440: the 366.74 left goes to the fund, 2366.74.
  // 4. Stable income, no dependents: 3 months = 6000; from 2366.74, 3633.26 at 440 = 8.26 -> 9
  //    months (goal planner). Ends month 19: ready on 2027-08-15, more than 12 months away: not yet.
  const json out = call(household());
  INFO(out.dump());
  REQUIRE_FALSE(out.contains("error"));
  const json& steps = out["steps"];
  REQUIRE(steps.size() == 5);
  CHECK(steps[0]["step"] == "starter_emergency_fund");
  CHECK(steps[0]["amount"] == 1000);
  CHECK(steps[0]["months"] == 2);
  CHECK(steps[1]["step"] == "employer_match");
  CHECK(steps[1]["amount"] == 150);
  CHECK(steps[1]["per_month"] == true);
  CHECK(steps[1]["employer_adds_per_month"] == 75);
  CHECK(steps[1]["end_month"] == 2);
  CHECK(steps[2]["step"] == "high_interest_debt");
  CHECK(steps[2]["amount"] == 2929.36);
  CHECK(steps[2]["months"] == 8);
  CHECK(steps[2]["debts"] == json::parse(R"(["card"])"));
  CHECK(steps[2]["end_month"] == 10);
  CHECK(steps[3]["step"] == "emergency_fund");
  CHECK(steps[3]["amount"] == 3633.26);
  CHECK(steps[3]["months"] == 9);
  CHECK(steps[3]["end_date"] == "2027-08-15");
  CHECK(steps[4]["step"] == "invest");
  CHECK(steps[4]["amount"] == 440);
  CHECK(out["emergency_months"] == 3);
  CHECK(out["emergency_fund_target"] == 6000);
  CHECK(out["months_to_ready"] == 19);
  CHECK(out["status"] == "not_yet");
  CHECK(out["risk_profile"] == "moderate");
}

TEST_CASE("readiness status: ready, almost, not yet") {
  json r = household();
  r["emergency_fund"] = 12000;  // 6 months of essentials, more than any target
  r["debts"] = json::array();
  r["employer_match"]["contribution_rate"] = 0.06;
  json out = call(r);
  CHECK(out["status"] == "ready");
  CHECK(out["months_to_ready"] == 0);
  for (size_t i = 0; i < 4; ++i) CHECK(out["steps"][i]["done"] == true);
  CHECK(out["steps"][4]["amount"] == 500);

  r["risk"]["income_stability"] = "variable";  // 6 months: 12000, still there
  CHECK(call(r)["status"] == "ready");
  r["emergency_fund"] = 9000;  // 3000 short at 500 a month: 6 months
  out = call(r);
  CHECK(out["emergency_months"] == 6);
  CHECK(out["months_to_ready"] == 6);
  CHECK(out["status"] == "almost");

  r["horizon_years"] = 2;  // money needed within 3 years is not for investing
  out = call(r);
  CHECK(out["status"] == "not_yet");
  CHECK(out["reasons"][0] == "short_horizon");
  CHECK(out["risk_profile"] == "conservative");

  r["horizon_years"] = 20;
  r["monthly_saving"] = 0;  // nothing to build the fund with
  out = call(r);
  CHECK(out["status"] == "not_yet");
  CHECK(out["months_to_ready"].is_null());
  CHECK(out["steps"][3]["months"].is_null());
}

TEST_CASE("readiness: the match is a monthly change; a saving too small for it leaves the rest unreachable") {
  json r = household();
  r["monthly_saving"] = 100;  // the match alone needs 150
  const json out = call(r);
  CHECK(out["steps"][1]["months"].is_null());
  CHECK(out["steps"][1]["end_month"].is_null());
  CHECK(out["steps"][3]["end_month"].is_null());
  CHECK(out["status"] == "not_yet");
}

TEST_CASE("readiness errors name the field") {
  json r = household();
  r.erase("monthly_saving");
  CHECK(call(r)["error"]["field"] == "monthly_saving");
  r = household();
  r["risk"]["loss_reaction"] = "panic";
  CHECK(call(r)["error"]["field"] == "risk.loss_reaction");
  r = household();
  r["employer_match"].erase("annual_salary");
  CHECK(call(r)["error"]["field"] == "employer_match.annual_salary");
  r = household();
  r["debts"][1]["apr"] = "5%";
  CHECK(call(r)["error"]["code"] == "wrong_type");
}

TEST_CASE("readiness: the debts run on their minimums through the earlier steps; paid off, their minimums are saved") {
  // The starter fund takes 10 months (3000 at 300). Meanwhile the card is paid its 100 minimum
  // only, against 250.00 of interest in month 1: after 10 months it owes 11680.49, not 10000.
  // From that balance debt.plan at 400 a month (minimum + saving) takes 54 months; then the card's
  // 100 goes back to the saving. Its 54th month needs 12.16 of the 400 (the same simulation in
  // whole cents, run by hand in Python): 387.84 goes to the fund, which then needs 14612.16 more
  // of the 6-month 18000: at 400 a month 36.53 -> 37 months.
  const json r = json::parse(R"({"start_date": "2026-01-31", "emergency_fund": 0, "monthly_essential_expenses": 3000,
    "monthly_saving": 300, "horizon_years": 10,
    "debts": [{"name": "card", "balance": 10000, "apr": 0.3, "minimum_payment": 100}]})");
  const json out = call(r);
  INFO(out.dump());
  REQUIRE_FALSE(out.contains("error"));
  const json& steps = out["steps"];
  CHECK(steps[0]["months"] == 10);
  CHECK(steps[2]["amount"] == 11680.49);
  CHECK(steps[2]["months"] == 54);
  CHECK(steps[2]["end_month"] == 64);
  CHECK(steps[3]["amount"] == 14612.16);
  CHECK(steps[3]["months"] == 37);
  CHECK(steps[3]["end_month"] == 101);
  CHECK(steps[4]["amount"] == 400);
  REQUIRE(out.contains("warnings"));
  CHECK(out["warnings"][0]["code"] == "negative_amortization");
  CHECK(out["warnings"][0]["field"] == "debts[0].minimum_payment");

  // The same debt through debt.plan from where the step starts: 54 months.
  EngineConfig config;
  config.log_level = LogLevel::off;
  Engine engine(config);
  const json plan = engine.call_json("debt.plan", json::parse(R"({"start_date": "2026-11-30", "monthly_budget": 400,
    "debts": [{"name": "card", "balance": 11680.49, "apr": 0.3, "minimum_payment": 100}]})"));
  CHECK(plan["months"] == 54);
}

TEST_CASE("readiness near 9999-12-31: a plan that would pass the calendar is out_of_range, not unreachable") {
  const json r = json::parse(R"({"start_date": "9999-06-15", "emergency_fund": 1000, "monthly_essential_expenses": 2000,
    "monthly_saving": 500, "horizon_years": 20, "debts": [{"balance": 3000, "apr": 0.2, "minimum_payment": 50}]})");
  const json out = call(r);
  INFO(out.dump());
  REQUIRE(out.contains("error"));
  CHECK(out["error"]["code"] == "out_of_range");
  CHECK(out["error"]["field"] == "start_date");
  // Ready before the end of the calendar: answered, with every date.
  json near = r;
  near["start_date"] = "9999-11-30";
  near["emergency_fund"] = 12000;
  near["debts"] = json::array();
  const json ok = call(near);
  INFO(ok.dump());
  REQUIRE_FALSE(ok.contains("error"));
  CHECK(ok["status"] == "ready");
  for (const json& s : ok["steps"]) CHECK(s["end_date"].is_string());
}

TEST_CASE("readiness: a saving of 1e-16 a month builds no fund (no month-0 'ready' from an overflowed count)") {
  // 1000 of essentials at 1e-16 a month: 1e19 months for the starter fund (past 2^63).
  const json out = call(json::parse(R"({"start_date": "2026-01-15", "emergency_fund": 0,
    "monthly_essential_expenses": 1000, "monthly_saving": 1e-16, "horizon_years": 20})"));
  INFO(out.dump());
  CHECK(out["status"] == "not_yet");
  CHECK(out["months_to_ready"].is_null());
  CHECK(out["steps"][0]["done"] == false);
  CHECK(out["steps"][0]["months"].is_null());
}

TEST_CASE("readiness: the fund is one account, the starter step's overshoot stays in it") {
  // 600 a month from 0: 600, 1200 (the 1000 starter fund in month 2, 200 over it), then the 3-month
  // fund of 3000 needs 1800 more: 3 more months at 600, ready in month 5 -- as goals.timeline says
  // for 3000 at 600 a month from 0 (3000 / 600 = 5).
  const json r = json::parse(R"({"start_date": "2026-01-15", "emergency_fund": 0, "monthly_essential_expenses": 1000,
    "monthly_saving": 600, "horizon_years": 10, "risk": {"income_stability": "stable"}})");
  const json out = call(r);
  INFO(out.dump());
  CHECK(out["steps"][0]["months"] == 2);
  CHECK(out["steps"][3]["amount"] == 1800);
  CHECK(out["steps"][3]["months"] == 3);
  CHECK(out["months_to_ready"] == 5);
  EngineConfig config;
  config.log_level = LogLevel::off;
  Engine engine(config);
  CHECK(engine.call_json("goals.timeline", json::parse(R"({"target_amount": 3000, "current_amount": 0,
    "monthly_contribution": 600, "start_date": "2026-01-15"})"))["months_needed"] == out["months_to_ready"]);

  // With interest the two steps are still one account: 500 a month at 5 % (r = 0.05 / 12) gives
  // 500 * ((1 + r)^n - 1) / r = 2520.89 after 5 months, 3031.34 after 6: ready in month 6, as
  // goals.timeline for 3000 at 500 a month and 5 %.
  json rated = r;
  rated["monthly_saving"] = 500;
  rated["savings_rate"] = 0.05;
  const json with_rate = call(rated);
  INFO(with_rate.dump());
  CHECK(with_rate["months_to_ready"] == 6);
  CHECK(engine.call_json("goals.timeline", json::parse(R"({"target_amount": 3000, "current_amount": 0,
    "monthly_contribution": 500, "annual_return_rate": 0.05, "start_date": "2026-01-15"})"))["months_needed"] == 6);
}

TEST_CASE("readiness: the debt step's unused pool in its last month goes to the fund, which earns meanwhile") {
  // The README household (worked by hand above): the card's 8th month, month 10, needs 73.26
  // (what is left of it with its interest) of the 440 pool: 366.74 is left and goes to
  // the fund, 2000 after the starter step: 2366.74. The 6000 fund needs 3633.26 more: 3633.26 / 440
  // = 8.26 -> 9 months, ending month 19 (2027-08-15), not 20.
  const json out = call(household());
  INFO(out.dump());
  CHECK(out["steps"][3]["amount"] == 3633.26);
  CHECK(out["steps"][3]["months"] == 9);
  CHECK(out["months_to_ready"] == 19);
  CHECK(out["ready_date"] == "2027-08-15");

  // At 12 % a year (1 % a month) the fund grows through every step: 1000 -> 1510 -> 2025.10 after
  // the starter step (25.10 over it); through the card's 8 months 2025.10 * 1.01^8 = 2192.89, plus
  // the 366.74 left in month 10: 2559.63. Then 2559.63 * 1.01^n + 440 * (1.01^n - 1) / 0.01 >= 6000
  // when 1.01^n >= 50000 / 46559.63 = 1.07389: n = ln 1.07389 / ln 1.01 = 7.16 -> 8 months, ready
  // in month 18; the step's amount 6000 - 2559.63 = 3440.37.
  json rated = household();
  rated["savings_rate"] = 0.12;
  const json grown = call(rated);
  INFO(grown.dump());
  CHECK(grown["steps"][0]["months"] == 2);
  CHECK(grown["steps"][2]["end_month"] == 10);
  CHECK(grown["steps"][3]["amount"] == 3440.37);
  CHECK(grown["steps"][3]["months"] == 8);
  CHECK(grown["months_to_ready"] == 18);
}
