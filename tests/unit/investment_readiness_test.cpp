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
  // 4. Stable income, no dependents: 3 months = 6000; from 2000, 4000 at 440 = 9.09 -> 10 months
  //    (goal planner). Ends month 20: ready on 2027-09-15, more than 12 months away: not yet.
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
  CHECK(steps[3]["amount"] == 4000);
  CHECK(steps[3]["months"] == 10);
  CHECK(steps[3]["end_date"] == "2027-09-15");
  CHECK(steps[4]["step"] == "invest");
  CHECK(steps[4]["amount"] == 440);
  CHECK(out["emergency_months"] == 3);
  CHECK(out["emergency_fund_target"] == 6000);
  CHECK(out["months_to_ready"] == 20);
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
  // 100 goes back to the saving: the 6-month fund (18000, 15000 more) at 400 a month, 38 months.
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
  CHECK(steps[3]["months"] == 38);
  CHECK(steps[3]["end_month"] == 102);
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
