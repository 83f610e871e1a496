// SPDX-License-Identifier: MIT
// The invariants the robustness sweep and the fuzzer hold every answer to can fail: each doctored
// answer below breaks one rule and must be reported for that rule, and the honest one passes.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "answer_invariants.hpp"

using nlohmann::json;
using nestegg::testing::answer_violations;

namespace {
bool reports(const std::vector<std::string>& violations, const std::string& rule) {
  for (const std::string& v : violations) {
    if (v.find(rule) != std::string::npos) return true;
  }
  return false;
}
}  // namespace

TEST_CASE("answer invariants: each broken rule is reported, an honest answer passes") {
  const json honest = json::parse(R"({"target_date": "2027-02-28", "balance": 1200.25, "probability_success": 0.4,
    "lower": {"80": [1, 2]}, "upper": {"80": [1.5, 2]}})");
  CHECK(answer_violations("x", json::object(), honest).empty());

  json doctored = honest;
  doctored["balance"] = 1200.251;
  CHECK(reports(answer_violations("x", json::object(), doctored), "money not on the cent"));
  doctored = honest;
  doctored["target_date"] = "2027-02-30";
  CHECK(reports(answer_violations("x", json::object(), doctored), "not a real date"));
  doctored = honest;
  doctored["probability_success"] = 1.0000001;
  CHECK(reports(answer_violations("x", json::object(), doctored), "probability outside"));
  doctored = honest;
  doctored["upper"]["80"][1] = 1.9;
  CHECK(reports(answer_violations("x", json::object(), doctored), "lower above upper"));
  // The point between its bounds: a forecast's steps, a cash-flow month's end balance.
  doctored = honest;
  doctored["forecast"] = {1.2, 2};
  CHECK(answer_violations("x", json::object(), doctored).empty());
  doctored["forecast"] = {1.6, 2};
  CHECK(reports(answer_violations("x", json::object(), doctored), "point outside its bounds"));
  const json month = json::parse(R"({"end_balance": 7999.99, "lower": {"80": 8000}, "upper": {"80": 8000}})");
  CHECK(reports(answer_violations("x", json::object(), month), "point outside its bounds"));
  CHECK(reports(answer_violations("x", json::object(), json::parse(R"({"error": {"code": "internal", "message": "m", "field": ""}})")),
                "internal"));
  CHECK(reports(answer_violations("x", json::object(), json::parse(R"({"error": {"code": "invalid_value", "message": "m"}})")),
                "no field"));
  const json short_schedule = json::parse(R"({"reachable": true, "schedule": [{"balance": 9999.98}]})");
  CHECK(reports(answer_violations("goals.timeline", json{{"target_amount", 10000}}, short_schedule), "ends below the target"));
}
