// SPDX-License-Identifier: MIT
// insights.nudges: each built-in rule with a hand-worked state at its threshold and a cent (or a
// hair) either side; cooldown boundaries; rules switched off and re-parametrised; caller rules;
// message placeholders; the order of the answer; and bad requests naming their field. The
// arithmetic of each case is in its comments.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "engine.hpp"

using json = nlohmann::json;

namespace {

nestegg::Engine& engine() {
  static nestegg::Engine e([] {
    nestegg::EngineConfig c;
    c.log_level = nestegg::LogLevel::off;
    return c;
  }());
  return e;
}

json call(const json& request) {
  const json out = engine().call_json("insights.nudges", request);
  INFO(out.dump());
  REQUIRE_FALSE(out.contains("error"));
  return out;
}

json error_of(const json& request) {
  const json out = engine().call_json("insights.nudges", request);
  INFO(out.dump());
  REQUIRE(out.contains("error"));
  return out["error"];
}

std::vector<std::string> ids(const json& out) {
  std::vector<std::string> v;
  for (const json& n : out["nudges"]) v.push_back(n["id"]);
  return v;
}

const json* nudge(const json& out, const std::string& id) {
  for (const json& n : out["nudges"])
    if (n["id"] == id) return &n;
  return nullptr;
}

// Dining: the six months before last are 200 210 190 205 195 200. Median 200; absolute deviations
// 0 10 10 5 5 0, MAD 5, 1.4826 x 5 = 7.413 < 5 % of 200 = 10, so the scale is 10 and the robust
// z of last month is (last - 200) / 10: 3 exactly at 230.
json dining(double last) {
  return {{"as_of", "2026-12-02"}, {"last_month", "2026-11"},
          {"categories", {{"dining", {200, 210, 190, 205, 195, 200, last}}}}};
}

}  // namespace

TEST_CASE("spending_spike: robust z over the median of the months before, at and either side of 3", "[nudges]") {
  CHECK(ids(call(dining(230))).empty());  // z = 30 / 10 = 3, not above 3
  CHECK(ids(call(dining(229.99))).empty());
  const json out = call(dining(230.01));  // z = 3.001
  REQUIRE(ids(out) == std::vector<std::string>{"spending_spike:dining"});
  const json& n = out["nudges"][0];
  CHECK(n["rule"] == "spending_spike");
  CHECK(n["source"] == "builtin");
  CHECK(n["priority"] == 2);
  CHECK(n["op"] == ">");
  CHECK(n["cooldown_days"] == 14);
  CHECK(n["numbers"]["median"] == 200);
  CHECK(n["numbers"]["mad"] == 5);
  CHECK(n["numbers"]["scale"] == 10);
  CHECK(n["numbers"]["value"].get<double>() == Approx(3.001).epsilon(1e-12));
  CHECK(n["numbers"]["trigger"] == 3);
  CHECK(n["numbers"]["change"] == 30.01);
  CHECK(n["numbers"]["months_used"] == 6);
  CHECK(n["message"] == "dining spending was 230.01 in 2026-11, against a usual 200.00 (30.01 more)");
}

TEST_CASE("spending_spike: the MAD sets the scale when it is wide; 12 months back at most; 3 at least", "[nudges]") {
  // Before last: 100 300 200 250 150 -> median 200, deviations 100 100 0 50 50 -> MAD 50;
  // scale 1.4826 x 50 = 74.13; last 500 gives z = 300 / 74.13 = 4.04694...
  json r = {{"as_of", "2026-12-02"}, {"last_month", "2026-11"}, {"categories", {{"travel", {100, 300, 200, 250, 150, 500}}}}};
  const json out = call(r);
  REQUIRE(ids(out) == std::vector<std::string>{"spending_spike:travel"});
  CHECK(out["nudges"][0]["numbers"]["scale"] == 74.13);
  CHECK(out["nudges"][0]["numbers"]["value"].get<double>() == Approx(300 / 74.13).epsilon(1e-12));
  r["categories"]["travel"].back() = 422;  // z = 222 / 74.13 = 2.9947
  CHECK(ids(call(r)).empty());

  // Seven months of 1000 then six of 100 before last: the 12-month window holds six of each, median
  // (100 + 1000) / 2 = 550 (all 13 would give 1000). A caller rule shows the numbers.
  json window = {{"as_of", "2026-12-02"}, {"last_month", "2026-11"},
                 {"categories", {{"rent", {1000, 1000, 1000, 1000, 1000, 1000, 1000, 100, 100, 100, 100, 100, 100, 600}}}},
                 {"rules", {{{"id", "rent_seen"}, {"metric", "category_spend"}, {"op", ">"}, {"value", 0}}}}};
  const json w = call(window);
  REQUIRE(nudge(w, "rent_seen:rent"));
  CHECK((*nudge(w, "rent_seen:rent"))["numbers"]["median"] == 550);
  CHECK((*nudge(w, "rent_seen:rent"))["numbers"]["months_used"] == 12);
  // 14 values: the 13th before last is the same month a year ago (1000), 600 - 1000 = -400.
  CHECK((*nudge(w, "rent_seen:rent"))["numbers"]["same_month_last_year"] == 1000);
  CHECK((*nudge(w, "rent_seen:rent"))["numbers"]["change_vs_last_year"] == -400);

  // Two months before last say nothing about "usual"; three do (median 100, MAD 0, scale 5 % of
  // 100 = 5, z = 50 / 5 = 10). A missing month is skipped, not counted.
  CHECK(ids(call({{"as_of", "2026-12-02"}, {"last_month", "2026-11"}, {"categories", {{"gym", {100, 100, 150}}}}})).empty());
  CHECK(ids(call({{"as_of", "2026-12-02"}, {"last_month", "2026-11"}, {"categories", {{"gym", {100, nullptr, 100, 150}}}}})).empty());
  const json three = call({{"as_of", "2026-12-02"}, {"last_month", "2026-11"}, {"categories", {{"gym", {100, nullptr, 100, 100, 150}}}}});
  REQUIRE(ids(three) == std::vector<std::string>{"spending_spike:gym"});
  CHECK(three["nudges"][0]["numbers"]["value"] == 10);

  // The window is the 12 calendar months before last, not the last 12 amounts given: twelve months
  // of 500, then nine missing, then 100 100 100 and last 130. The 12 months before last hold the
  // nine missing and the three 100s: median 100, MAD 0, scale max(0, 5 % of 100, 1) = 5, z = 30 / 5
  // = 6 from 3 months (reaching back past the gap gave a median of 500 and a negative z).
  json gap = {{"as_of", "2026-02-10"}, {"last_month", "2026-01"}, {"categories", {{"dining", json::array()}}},
              {"rules", {{{"id", "spending_spike"}, {"value", -1000000}}}}};
  for (int i = 0; i < 12; ++i) gap["categories"]["dining"].push_back(500);
  for (int i = 0; i < 9; ++i) gap["categories"]["dining"].push_back(nullptr);
  for (double v : {100, 100, 100, 130}) gap["categories"]["dining"].push_back(v);
  const json g = call(gap);
  REQUIRE(nudge(g, "spending_spike:dining"));
  CHECK((*nudge(g, "spending_spike:dining"))["numbers"]["median"] == 100);
  CHECK((*nudge(g, "spending_spike:dining"))["numbers"]["months_used"] == 3);
  CHECK((*nudge(g, "spending_spike:dining"))["numbers"]["value"] == 6);
}

namespace {

// 12 000 in 12 months at 0 %: 1 000.00 a month keeps the date. The pace is the mean of the last 6
// recorded months; the shortfall is 1 000 - pace.
json goal(double pace) {
  return {{"as_of", "2026-01-01"},
          {"goals", {{{"name", "car"}, {"target_amount", 12000}, {"current_amount", 0}, {"target_date", "2027-01-01"},
                      {"contributions", {pace, pace, pace, pace, pace, pace}}}}}};
}

}  // namespace

TEST_CASE("goal_behind: required monthly saving against the pace, at and either side of no shortfall", "[nudges]") {
  CHECK(ids(call(goal(1000))).empty());     // shortfall 0
  CHECK(ids(call(goal(1000.01))).empty());  // ahead by a cent a month
  const json out = call(goal(999.99));       // 13 months at this pace: behind by 0.01 a month
  REQUIRE(ids(out) == std::vector<std::string>{"goal_behind:car"});
  const json& n = out["nudges"][0];
  CHECK(n["numbers"]["value"] == 0.01);
  CHECK(n["numbers"]["required_monthly"] == 1000);
  CHECK(n["numbers"]["pace"] == 999.99);
  CHECK(n["numbers"]["months_remaining"] == 12);
  CHECK(n["date"] == "2027-01-01");
  CHECK(n["message"] == "car is behind: net 999.99 a month lately, 1000.00 a month keeps the date 2027-01-01");
  // A goal drawn from reads as such, not as "saving -100.00 a month" (a review's find).
  const json drawn = call(goal(-100));
  REQUIRE(ids(drawn) == std::vector<std::string>{"goal_behind:car"});
  CHECK(drawn["nudges"][0]["message"] == "car is behind: net -100.00 a month lately, 1000.00 a month keeps the date 2027-01-01");
  CHECK(drawn["nudges"][0]["numbers"]["shortfall"] == 1100);
  // goals.adjust says the same of this goal.
  json adjust = goal(999.99)["goals"][0];
  adjust.erase("name");
  adjust["as_of"] = "2026-01-01";
  const json a = engine().call_json("goals.adjust", adjust);
  CHECK(a["status"] == "behind");
  CHECK(a["required_monthly_to_keep_date"] == 1000);
  CHECK(a["current_pace"] == 999.99);

  // With one month-end left (2026-12-01 to 2027-01-01) the last 1000 missing is 1000 a month,
  // against a pace of 500: short by 500.
  json due = goal(500);
  due["as_of"] = "2026-12-01";
  due["goals"][0]["current_amount"] = 11000;
  const json d = call(due);
  REQUIRE(ids(d) == std::vector<std::string>{"goal_behind:car"});
  CHECK(d["nudges"][0]["numbers"]["required_monthly"] == 1000);
  CHECK(d["nudges"][0]["numbers"]["shortfall"] == 500);
  CHECK(d["nudges"][0]["numbers"]["months_remaining"] == 1);
  // On the target date no month-end is left: goals.adjust has no monthly saving that keeps the
  // date (null), so no nudge claims one.
  due["as_of"] = "2027-01-01";
  CHECK(ids(call(due)).empty());
}

TEST_CASE("goal_behind agrees with goals.adjust when less than a month is left", "[nudges]") {
  // 2026-03-15 to 2026-03-31: no month-end before the date. goals.adjust: required null; the nudge
  // said "10000.00 a month keeps the date" (all 12000 - 2000 missing).
  const json g = json::parse(R"({"target_amount": 12000, "current_amount": 2000, "target_date": "2026-03-31",
    "contributions": [1000, 100, 0, 450], "as_of": "2026-03-15"})");
  const json a = engine().call_json("goals.adjust", g);
  CHECK(a["status"] == "behind");
  CHECK(a["required_monthly_to_keep_date"].is_null());
  json named = g;
  named.erase("as_of");
  named["name"] = "car";
  const json out = call({{"as_of", "2026-03-15"}, {"goals", {named}}});
  INFO(out.dump());
  CHECK(ids(out).empty());
}

namespace {

json subscription(double amount, double previous) {
  return {{"as_of", "2026-12-02"},
          {"subscriptions", {{{"id", "subscription:netflix"}, {"merchant", "Netflix"}, {"period", "monthly"},
                              {"amount", amount}, {"previous_amount", previous}, {"monthly_cost", amount},
                              {"next_expected_date", "2026-12-18"}, {"occurrences", 14}, {"confidence", 0.9}}}}};
}

}  // namespace

TEST_CASE("subscription_price_up: any rise by default; a threshold on the rise as a fraction", "[nudges]") {
  CHECK(ids(call(subscription(15.99, 15.99))).empty());  // no change
  CHECK(ids(call(subscription(14.99, 15.99))).empty());  // cheaper
  const json out = call(subscription(17.99, 15.99));     // 2.00 / 15.99 = 0.125078...
  REQUIRE(ids(out) == std::vector<std::string>{"subscription_price_up:netflix"});
  const json& n = out["nudges"][0];
  CHECK(n["numbers"]["increase"] == 2);
  CHECK(n["numbers"]["annual_increase"] == 24);  // 2.00 x 12 charges
  CHECK(n["numbers"]["value"].get<double>() == Approx(2 / 15.99).epsilon(1e-12));
  CHECK(n["date"] == "2026-12-18");
  CHECK(n["message"] == "Netflix went up from 15.99 to 17.99 (12.5 %)");
  CHECK_FALSE(out.contains("warnings"));  // the rest of a habits object is taken as it is

  json r = subscription(17.99, 15.99);
  r["rules"] = {{{"id", "subscription_price_up"}, {"value", 0.125}}};  // 0.12508 > 0.125
  CHECK(ids(call(r)).size() == 1);
  r["rules"][0]["value"] = 0.13;
  CHECK(ids(call(r)).empty());
  r["subscriptions"][0]["previous_amount"] = nullptr;  // habits: no earlier price
  r.erase("rules");
  CHECK(ids(call(r)).empty());

  // An object exactly as insights.habits gives it is taken without unknown_field warnings; a
  // lapsed subscription is no longer charged: no price nudge, not in the monthly total.
  json habits = subscription(17.99, 15.99);
  habits["subscriptions"][0].update({{"interval_days", 30}, {"price_changes", {{{"date", "2026-10-18"}, {"from", 15.99}, {"to", 17.99}}}},
                                     {"first_date", "2025-10-18"}, {"last_date", "2026-11-18"}, {"missed", 0},
                                     {"annual_cost", 215.88}, {"status", "active"}, {"category", nullptr}, {"account", "card"}});
  habits["rules"] = {{{"id", "subs"}, {"metric", "subscriptions_monthly"}, {"op", ">"}, {"value", 0}}};
  const json taken = call(habits);
  CHECK_FALSE(taken.contains("warnings"));
  CHECK(ids(taken) == (std::vector<std::string>{"subs:subscriptions", "subscription_price_up:netflix"}));  // ":" sorts before "c"
  CHECK((*nudge(taken, "subs:subscriptions"))["numbers"]["monthly_cost"] == 17.99);
  habits["subscriptions"][0]["status"] = "lapsed";
  CHECK(ids(call(habits)).empty());
}

namespace {

// 1 000 on 2026-03-01, rent 1 200 on the 10th, pay 3 000 on the 25th, no variable spending: the
// expected (and every simulated) balance is 1 000 to the 9th, -200 from the 10th to the 24th, 2 800
// after. Lowest: -200 on 2026-03-10.
json cashflow(double threshold) {
  return {{"as_of", "2026-03-01"},
          {"cashflow", {{"starting_balance", 1000}, {"months", 1}, {"threshold", threshold},
                        {"bills", {{{"name", "rent"}, {"amount", 1200}, {"day", 10}}}},
                        {"incomes", {{{"name", "pay"}, {"amount", 3000}, {"day", 25}}}}}}};
}

}  // namespace

TEST_CASE("low_balance: the projected low against the cash-flow request's threshold", "[nudges]") {
  CHECK(ids(call(cashflow(-200))).empty());      // -200 is not below -200
  CHECK(ids(call(cashflow(-200.01))).empty());
  const json out = call(cashflow(-199.99));
  REQUIRE(ids(out) == std::vector<std::string>{"low_balance:cashflow"});
  const json& n = out["nudges"][0];
  CHECK(n["priority"] == 1);
  CHECK(n["op"] == "<");
  CHECK(n["numbers"]["value"] == -200);
  CHECK(n["numbers"]["trigger"] == -199.99);
  CHECK(n["numbers"]["probability_below"] == 1);
  CHECK(n["date"] == "2026-03-10");
  CHECK(n["message"] == "Balance expected below -199.99 from 2026-03-10, lowest -200.00 on 2026-03-10");
  // The default threshold is forecast.cashflow's, 0; forecast.cashflow gives the same first day.
  json plain = cashflow(0);
  plain["cashflow"].erase("threshold");
  CHECK(ids(call(plain)) == std::vector<std::string>{"low_balance:cashflow"});
  json forecast = plain["cashflow"];
  forecast["start_date"] = "2026-03-01";
  CHECK(engine().call_json("forecast.cashflow", forecast)["first_below_date"] == "2026-03-10");
  // A rule value of its own replaces the request's threshold.
  plain["rules"] = {{{"id", "low_balance"}, {"value", -300}}};
  CHECK(ids(call(plain)).empty());

  // ... and the message quotes it, with the first day below it: day one (2026-03-01) ends at the
  // starting 1000, below 1001; rent takes it to -200 on 2026-03-10, the lowest. The request's
  // own threshold (-100, first crossed on 2026-03-10) is not what the rule compared with.
  json own = cashflow(-100);
  own["rules"] = {{{"id", "low_balance"}, {"value", 1001}}};
  const json o = call(own);
  REQUIRE(ids(o) == std::vector<std::string>{"low_balance:cashflow"});
  CHECK(o["nudges"][0]["date"] == "2026-03-01");
  CHECK(o["nudges"][0]["message"] == "Balance expected below 1001.00 from 2026-03-01, lowest -200.00 on 2026-03-10");
}

namespace {

// 3 000 in, spending so far over 15 of 30 days continued to the month's end: spent x 2.
json month(double spent) {
  return {{"as_of", "2026-06-15"}, {"month", {{"income", 3000}, {"spent", spent}}}};
}

}  // namespace

TEST_CASE("money_left_over: income minus projected spending above 50", "[nudges]") {
  CHECK(ids(call(month(1475))).empty());    // 3000 - 2950 = 50
  CHECK(ids(call(month(1475.5))).empty());  // 49
  const json out = call(month(1474.5));     // 3000 - 2949 = 51
  REQUIRE(ids(out) == std::vector<std::string>{"money_left_over:month"});
  const json& n = out["nudges"][0];
  CHECK(n["numbers"]["projected_spent"] == 2949);
  CHECK(n["numbers"]["left_over"] == 51);
  CHECK(n["numbers"]["days_left"] == 15);
  CHECK(n["numbers"]["spent_share"].get<double>() == Approx(2949.0 / 3000).epsilon(1e-12));
  CHECK(n["message"] == "About 51.00 looks left over this month: move it to savings?");
  // day / days_left given: the same month seen from day 10 of 30 (spent x 3).
  json r = {{"as_of", "2026-06-15"}, {"month", {{"income", 3000}, {"spent", 900}, {"days_left", 20}}}};
  CHECK((*nudge(call(r), "money_left_over:month"))["numbers"]["left_over"] == 300);
  r["month"].erase("days_left");
  r["month"]["day"] = 10;
  CHECK((*nudge(call(r), "money_left_over:month"))["numbers"]["left_over"] == 300);
}

TEST_CASE("cooldown: held back from the day shown until cooldown_days later, the latest showing counts", "[nudges]") {
  json r = dining(250);
  r["history"] = {{{"id", "spending_spike:dining"}, {"shown", "2026-11-18"}}};  // 14 days: again on 12-02
  CHECK(ids(call(r)) == std::vector<std::string>{"spending_spike:dining"});
  r["history"][0]["shown"] = "2026-11-19";  // until 12-03: as_of 12-02 is a day short
  const json held = call(r);
  CHECK(ids(held).empty());
  REQUIRE(held["suppressed"].size() == 1);
  CHECK(held["suppressed"][0] == json({{"id", "spending_spike:dining"}, {"rule", "spending_spike"},
                                       {"last_shown", "2026-11-19"}, {"until", "2026-12-03"}}));
  r["history"].push_back({{"id", "spending_spike:dining"}, {"shown", "2026-10-01"}});  // older: ignored
  CHECK(ids(call(r)).empty());
  r["history"].push_back({{"id", "spending_spike:travel"}, {"shown", "2026-12-01"}});  // another id
  CHECK(call(r)["suppressed"].size() == 1);
  r["rules"] = {{{"id", "spending_spike"}, {"cooldown_days", 0}}};  // no cooldown at all
  CHECK(ids(call(r)) == std::vector<std::string>{"spending_spike:dining"});
  r["rules"][0]["cooldown_days"] = 13;  // 11-19 + 13 = 12-02: shown again today
  CHECK(ids(call(r)) == std::vector<std::string>{"spending_spike:dining"});
}

TEST_CASE("rules: built-ins switched off or re-parametrised by id, caller rules over the metrics", "[nudges]") {
  json r = dining(312.4);
  r["month"] = {{"income", 3000}, {"spent", 1000}, {"day", 2}, {"days", 30}};  // 3000 - 15000 < 0
  r["rules"] = {{{"id", "spending_spike"}, {"enabled", false}},
                {{"id", "dining_cap"}, {"metric", "category_spend"}, {"category", "dining"}, {"op", ">"}, {"value", 300},
                 {"priority", 2}, {"message", "Dining is at {value} this month (cap {trigger})"}},
                {{"id", "overspend"}, {"metric", "spent_share"}, {"op", ">="}, {"value", 1}, {"priority", 1},
                 {"cooldown_days", 2}, {"message", "On course to spend {value} of income"}}};
  const json out = call(r);
  REQUIRE(ids(out) == (std::vector<std::string>{"overspend:month", "dining_cap:dining"}));  // priority 1 first
  CHECK(out["nudges"][0]["message"] == "On course to spend 500 % of income");
  CHECK(out["nudges"][0]["source"] == "caller");
  CHECK(out["nudges"][0]["cooldown_days"] == 2);
  CHECK(out["nudges"][1]["message"] == "Dining is at 312.40 this month (cap 300.00)");
  CHECK(out["skipped_rules"] == json({"goal_behind", "subscription_price_up", "low_balance"}));

  // The same cap exactly at 312.40 does not fire; >= does.
  r["rules"][1]["value"] = 312.4;
  CHECK_FALSE(nudge(call(r), "dining_cap:dining"));
  r["rules"][1]["op"] = ">=";
  CHECK(nudge(call(r), "dining_cap:dining"));

  // Without a category the rule runs over every category; ties in priority go by id.
  json every = {{"as_of", "2026-12-02"}, {"last_month", "2026-11"}, {"categories", {{"b", {10, 20}}, {"a", {5, 30}}}},
                {"rules", {{{"id", "big"}, {"metric", "category_spend"}, {"op", ">"}, {"value", 15}}}}};
  CHECK(ids(call(every)) == (std::vector<std::string>{"big:a", "big:b"}));
  every["rules"][0]["message"] = "{subject} {change_fraction}";  // too short a history: no median
  CHECK(call(every)["nudges"][0]["message"] == "a n/a");
}

TEST_CASE("insights.nudges refuses bad rules and state naming the field", "[nudges]") {
  const json base = dining(250);
  auto with_rule = [&](json rule) {
    json r = base;
    r["rules"] = {std::move(rule)};
    return r;
  };
  json e = error_of(with_rule({{"id", "x"}, {"metric", "mood"}, {"op", ">"}, {"value", 1}}));
  CHECK(e["code"] == "invalid_value");
  CHECK(e["field"] == "rules[0].metric");
  e = error_of(with_rule({{"id", "x"}, {"metric", "total_spend"}, {"value", 1}}));
  CHECK(e["code"] == "missing_field");
  CHECK(e["field"] == "rules[0].op");
  e = error_of(with_rule({{"id", "x"}, {"metric", "total_spend"}, {"op", "=="}, {"value", 1}}));
  CHECK(e["field"] == "rules[0].op");
  e = error_of(with_rule({{"id", "Dining Cap"}, {"metric", "total_spend"}, {"op", ">"}, {"value", 1}}));
  CHECK(e["field"] == "rules[0].id");
  e = error_of(with_rule({{"id", "spending_spike"}, {"metric", "total_spend"}}));
  CHECK(e["field"] == "rules[0].metric");
  e = error_of(with_rule({{"id", "spending_spike"}, {"message", "{subject} is {mood}"}}));
  CHECK(e["code"] == "invalid_value");
  CHECK(e["field"] == "rules[0].message");
  e = error_of(with_rule({{"id", "x"}, {"metric", "category_spend"}, {"category", "dinner"}, {"op", ">"}, {"value", 1}}));
  CHECK(e["field"] == "rules[0].category");
  e = error_of(with_rule({{"id", "spending_spike"}, {"priority", 0}}));
  CHECK(e["code"] == "out_of_range");
  CHECK(e["field"] == "rules[0].priority");
  json twice = base;
  twice["rules"] = {{{"id", "x"}, {"metric", "total_spend"}, {"op", ">"}, {"value", 1}},
                    {{"id", "x"}, {"metric", "total_spend"}, {"op", ">"}, {"value", 2}}};
  CHECK(error_of(twice)["field"] == "rules[1].id");

  json late = base;
  late["last_month"] = "2027-01";
  CHECK(error_of(late)["code"] == "date_order");
  json no_month = base;
  no_month.erase("last_month");
  CHECK(error_of(no_month)["field"] == "last_month");
  json cf = cashflow(0);
  cf["cashflow"].erase("starting_balance");
  e = error_of(cf);
  CHECK(e["code"] == "missing_field");
  CHECK(e["field"] == "cashflow.starting_balance");
  json g = goal(100);
  g["goals"][0].erase("target_date");
  CHECK(error_of(g)["field"] == "goals[0].target_date");
  g = goal(100);
  g["goals"].push_back(g["goals"][0]);
  CHECK(error_of(g)["field"] == "goals[1].name");
  json h = base;
  h["history"] = {{{"id", "spending_spike:dining"}, {"shown", "2026-02-30"}}};
  CHECK(error_of(h)["field"] == "history[0].shown");
  json m = month(100);
  m["month"]["day"] = 3;
  m["month"]["days_left"] = 3;
  CHECK(error_of(m)["field"] == "month.days_left");
  json s = subscription(1, 1);
  s["subscriptions"][0]["period"] = "daily";
  CHECK(error_of(s)["field"] == "subscriptions[0].period");
  // and the engine answers the next call
  CHECK(ids(call(dining(230.01))).size() == 1);
}

TEST_CASE("a message's value that rounds to zero from below reads 0, never -0", "[nudges]") {
  // A review's case: a change of -0.001 % and a robust z of -0.004 printed "-0 %" and "-0".
  const json out = call(json::parse(R"({"as_of": "2026-12-02", "last_month": "2026-11",
    "categories": {"rent": [1000, 1000, 1000, 999.99]},
    "rules": [{"id": "c", "metric": "category_change", "op": "<", "value": 1, "message": "change {value}, z {robust_z}"}]})"));
  INFO(out.dump(1));
  bool seen = false;
  for (const json& n : out["nudges"]) {
    if (n["message"].get<std::string>().rfind("change ", 0) != 0) continue;
    seen = true;
    CHECK(n["message"] == "change 0 %, z 0");
  }
  CHECK(seen);
}

TEST_CASE("numbers in messages read in full however large: no exponent forms", "[nudges]") {
  // A price from 1.00 to 1e12: the rise is 999 999 999 999 times the old price, 99 999 999 999 900 %;
  // "%g" would have printed "1e+14 %".
  const json price = call(subscription(1e12, 1));
  REQUIRE(ids(price) == std::vector<std::string>{"subscription_price_up:netflix"});
  CHECK(price["nudges"][0]["message"] == "Netflix went up from 1.00 to 1000000000000.00 (99999999999900 %)");
  // Three months of 1.00, then 1e12: median 1, MAD 0, scale the 1.00 floor, z = 1e12 - 1.
  const json spike = call(json::parse(R"({"as_of": "2026-12-02", "last_month": "2026-11",
    "categories": {"rent": [1, 1, 1, 1e12]},
    "rules": [{"id": "z", "metric": "spike_z", "op": ">", "value": 3, "message": "z {robust_z}, {change_fraction}"}]})"));
  const json* z = nudge(spike, "z:rent");
  REQUIRE(z != nullptr);
  CHECK((*z)["message"] == "z 999999999999, 99999999999900 %");
}

TEST_CASE("subscription prices compare as charged, to the cent", "[nudges]") {
  // A review's case: 0.005 then 0.01 read "went up from 0.01 to 0.01 (100 %)", increase 0.01.
  CHECK(ids(call(subscription(0.01, 0.005))).empty());
  // 0.014 then 0.026: 0.01 then 0.03, a rise of 0.02, 200 %.
  const json out = call(subscription(0.026, 0.014));
  REQUIRE(ids(out) == std::vector<std::string>{"subscription_price_up:netflix"});
  const json& n = out["nudges"][0];
  CHECK(n["message"] == "Netflix went up from 0.01 to 0.03 (200 %)");
  CHECK(n["numbers"]["increase"] == 0.02);
  CHECK(n["numbers"]["previous_amount"] == 0.01);
  CHECK(n["numbers"]["amount"] == 0.03);
}

TEST_CASE("total_spend is unknown when any category's last month is, as insights.trends totals it", "[nudges]") {
  // A review's case: both categories missing in November gave "only 0.00 spent"; with one known,
  // 1500 was the total of a month whose dining is unknown.
  json r = {{"as_of", "2026-12-02"}, {"last_month", "2026-11"},
            {"categories", {{"dining", {200, 210, 190, nullptr}}, {"rent", {1500, 1500, 1500, nullptr}}}},
            {"rules", {{{"id", "frugal"}, {"metric", "total_spend"}, {"op", "<"}, {"value", 2000},
                        {"message", "only {value} spent in {month}"}}}}};
  CHECK_FALSE(nudge(call(r), "frugal:spending"));
  r["categories"]["rent"][3] = 1500;
  CHECK_FALSE(nudge(call(r), "frugal:spending"));
  r["categories"]["dining"][3] = 180;  // both known: 1680 < 2000
  const json out = call(r);
  const json* n = nudge(out, "frugal:spending");
  REQUIRE(n);
  CHECK((*n)["message"] == "only 1680.00 spent in 2026-11");
}
