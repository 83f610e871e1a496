// SPDX-License-Identifier: MIT
// recommendations.generate: each source's recommendation worked by hand (a two-debt payoff
// simulated month by month on paper, the budget rule's cut, the peer gap from the BLS table, the
// emergency fund's months), the ranking by score, and the history: a dismissal held back for 90
// days to the day, an acceptance tracked and its effect measured once a later month arrives.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "engine.hpp"
#include "recommendations.hpp"

using namespace nestegg;
using json = nlohmann::json;

namespace {

json call(const json& request) {
  EngineConfig config;
  config.log_level = LogLevel::off;
  Engine engine(config);
  return engine.call_json("recommendations.generate", request);
}

const json* find(const json& list, const std::string& id) {
  for (const json& r : list) {
    if (r["id"] == id) return &r;
  }
  return nullptr;
}

// Income 5000; needs 2500 (housing 2000, groceries 500), wants 1800 (dining 1000, entertainment 800).
json household() {
  return json::parse(R"({"as_of": "2026-03-15", "spending_month": "2026-02", "monthly_income": 5000,
    "spending": {"housing": 2000, "groceries": 500, "dining": 1000, "entertainment": 800}})");
}

}  // namespace

TEST_CASE("debt avalanche against the listed order, simulated by hand", "[recommendations]") {
  // card 1000 at 12 % (1 % a month), car 1000 at 0 %, minimums 10 each, 1010 a month, car listed first.
  // Listed order: month 1 card +10.00 interest, pays its 10; car gets 10 + the extra 990: paid off.
  //   Month 2 card +10.00, pays 1010 (its 10 + the car's freed 10 + 990): interest 20.00, 2 months.
  // Avalanche: month 1 card +10.00 -> 1010, pays 10 + 990 -> 10.00 left; car pays 10 -> 990.
  //   Month 2 card +0.10 -> 10.10, paid; car 990 - 10 - 979.90 = 0: interest 10.10, 2 months.
  // Saved 9.90 over 2 months: 4.95 a month, 59.40 a year, score 59.40 (confidence 1).
  json req = household();
  req["spending"] = {{"housing", 1000}};  // nothing over the rule: the debt alone
  req["debts"] = json::parse(R"([{"name": "car", "balance": 1000, "apr": 0, "minimum_payment": 10},
                                 {"name": "card", "balance": 1000, "apr": 0.12, "minimum_payment": 10}])");
  req["debt_budget"] = 1010;
  const json out = call(req);
  INFO(out.dump(1));
  REQUIRE_FALSE(out.contains("error"));
  const json* r = find(out["recommendations"], "rec:debt_avalanche");
  REQUIRE(r);
  CHECK((*r)["kind"] == "debt");
  CHECK((*r)["numbers"]["interest_now"] == 20);
  CHECK((*r)["numbers"]["interest_avalanche"] == 10.1);
  CHECK((*r)["numbers"]["interest_saved"] == 9.9);
  CHECK((*r)["impact"]["monthly"] == 4.95);
  CHECK((*r)["impact"]["annual"] == 59.4);
  CHECK((*r)["score"] == 59.4);
  // Listed already in avalanche order: nothing to gain, no recommendation.
  req["debts"] = json::array({req["debts"][1], req["debts"][0]});
  CHECK(find(call(req)["recommendations"], "rec:debt_avalanche") == nullptr);
}

TEST_CASE("budget, peers and the emergency fund, worked by hand and ranked by score", "[recommendations]") {
  json req = household();
  req["age"] = 30;
  req["emergency_fund"] = 0;
  const json out = call(req);
  INFO(out.dump(1));
  REQUIRE_FALSE(out.contains("error"));
  const json& recs = out["recommendations"];
  // Budget 50/30/20, mode at_most: wants 1800 over its 1500 target by 300 (needs at 2500 exactly).
  const json* budget = find(recs, "rec:budget_rebalance");
  REQUIRE(budget);
  CHECK((*budget)["impact"]["monthly"] == 300);
  CHECK((*budget)["impact"]["annual"] == 3600);
  CHECK((*budget)["score"] == 2700);  // x 0.75
  CHECK((*budget)["baseline"] == 4300);
  // Peers (25-34, BLS CE 2023): food = groceries + dining = 1500 a month = 18000 a year vs 9704:
  // ratio 1.85, percentile 100 Phi(ln(18000/9704)/0.8 + 0.4) = 100 Phi(1.1722) = 87.9 >= 75.
  // Impact (18000 - 9704) / 12 = 691.33 a month, 8295.96 a year, score x 0.5 = 4147.98.
  const json* food = find(recs, "rec:peer:food");
  REQUIRE(food);
  CHECK((*food)["impact"]["monthly"] == 691.33);
  CHECK((*food)["impact"]["annual"] == 8295.96);
  CHECK((*food)["score"] == 4147.98);
  CHECK((*food)["numbers"]["percentile"] == 87.9);
  // Entertainment 800 a month = 9600 vs 3008: (9600 - 3008) / 12 = 549.33; 6591.96; 3295.98.
  const json* fun = find(recs, "rec:peer:entertainment");
  REQUIRE(fun);
  CHECK((*fun)["impact"]["monthly"] == 549.33);
  CHECK((*fun)["score"] == 3295.98);
  // Emergency fund 0: the starter fund (a month of essentials, 2500) at a saving of
  // 5000 - 2500 - 1800 = 700 a month takes ceil(2500 / 700) = 4 months: 625 a month, score 3750.
  const json* fund = find(recs, "rec:starter_emergency_fund");
  REQUIRE(fund);
  CHECK((*fund)["kind"] == "savings");
  CHECK((*fund)["impact"]["monthly"] == 625);
  CHECK((*fund)["score"] == 3750);
  // Ranked: food 4147.98, fund 3750, entertainment 3295.98, budget 2700.
  REQUIRE(recs.size() == 4);
  CHECK(recs[0]["id"] == "rec:peer:food");
  CHECK(recs[1]["id"] == "rec:starter_emergency_fund");
  CHECK(recs[2]["id"] == "rec:peer:entertainment");
  CHECK(recs[3]["id"] == "rec:budget_rebalance");
}

TEST_CASE("subscriptions: unused or dearer ones, at their monthly cost", "[recommendations]") {
  json req = household();
  req["spending"] = {{"housing", 1000}};
  req["subscriptions"] = json::parse(R"([
    {"id": "subscription:gym", "merchant": "gym", "period": "monthly", "amount": 45, "previous_amount": null, "monthly_cost": 45, "unused": true},
    {"id": "subscription:video", "merchant": "video", "amount": 17.99, "previous_amount": 15.49, "monthly_cost": 17.99},
    {"id": "subscription:music", "merchant": "music", "amount": 10.99, "previous_amount": 10.99, "monthly_cost": 10.99}])");
  const json out = call(req);
  INFO(out.dump(1));
  const json& recs = out["recommendations"];
  REQUIRE(recs.size() == 2);  // music neither unused nor dearer
  CHECK(recs[0]["id"] == "rec:cancel:subscription:gym");
  CHECK(recs[0]["impact"]["annual"] == 540);
  CHECK(recs[0]["score"] == 486);  // x 0.9
  CHECK(recs[1]["id"] == "rec:cancel:subscription:video");
  CHECK(recs[1]["score"] == 129.53);  // 215.88 x 0.6 = 129.528
}

TEST_CASE("history: a dismissal is held back 90 days to the day; an acceptance is tracked and measured", "[recommendations]") {
  json req = household();
  req["age"] = 30;
  req["history"] = json::parse(R"([
    {"id": "rec:peer:food", "status": "shown", "date": "2025-12-20"},
    {"id": "rec:peer:food", "status": "dismissed", "date": "2026-01-01"},
    {"id": "rec:peer:entertainment", "status": "accepted", "date": "2026-01-20", "baseline": 800}])");
  // as_of 2026-03-15: 2026-01-01 + 90 days = 2026-04-01 (31 + 28 + 31), still held.
  json out = call(req);
  INFO(out.dump(1));
  REQUIRE(out["held_back"].size() == 1);
  CHECK(out["held_back"][0]["id"] == "rec:peer:food");
  CHECK(out["held_back"][0]["until_date"] == "2026-04-01");
  CHECK(find(out["recommendations"], "rec:peer:food") == nullptr);
  // Accepted: not recommended again; spending for 2026-02 (after January's acceptance) at 800 still.
  CHECK(find(out["recommendations"], "rec:peer:entertainment") == nullptr);
  REQUIRE(out["tracked"].size() == 1);
  CHECK(out["tracked"][0]["metric"] == "spending:entertainment");
  CHECK(out["tracked"][0]["effect"]["monthly"] == 0);
  // February's entertainment down to 600: 200 a month measured, 2400 a year.
  req["spending"]["entertainment"] = 600;
  out = call(req);
  CHECK(out["tracked"][0]["current"] == 600);
  CHECK(out["tracked"][0]["effect"]["monthly"] == 200);
  CHECK(out["tracked"][0]["effect"]["annual"] == 2400);
  // Spending that describes January, the month of acceptance: nothing measured yet.
  req["spending_month"] = "2026-01";
  out = call(req);
  CHECK(out["tracked"][0]["effect"].is_null());
  CHECK(out["tracked"][0]["note"].get<std::string>().find("waiting") != std::string::npos);
  // On 2026-04-01 the hold is over: food is recommended again.
  req["as_of"] = "2026-04-01";
  out = call(req);
  CHECK(out["held_back"].empty());
  CHECK(find(out["recommendations"], "rec:peer:food") != nullptr);
  // A later "shown" after the dismissal does not lift it early... but the latest entry decides:
  // shown on 2026-02-01 replaces the dismissal.
  req["as_of"] = "2026-03-15";
  req["history"].push_back({{"id", "rec:peer:food"}, {"status", "shown"}, {"date", "2026-02-01"}});
  CHECK(find(call(req)["recommendations"], "rec:peer:food") != nullptr);
}

TEST_CASE("an accepted cancellation is measured by the subscription's absence", "[recommendations]") {
  json req = household();
  req["subscriptions"] = json::parse(R"([{"id": "subscription:music", "amount": 10.99, "monthly_cost": 10.99}])");
  req["history"] = json::parse(R"([{"id": "rec:cancel:subscription:gym", "status": "accepted", "date": "2026-01-05", "baseline": 45}])");
  const json out = call(req);
  INFO(out.dump(1));
  REQUIRE(out["tracked"].size() == 1);
  CHECK(out["tracked"][0]["current"] == 0);
  CHECK(out["tracked"][0]["effect"]["monthly"] == 45);
}

TEST_CASE("recommendations.generate: bad requests name the field", "[recommendations]") {
  const auto error_of = [](json req) {
    const json out = call(req);
    INFO(out.dump());
    REQUIRE(out.contains("error"));
    return out["error"]["field"].get<std::string>() + " " + out["error"]["code"].get<std::string>();
  };
  json req = household();
  req.erase("as_of");
  CHECK(error_of(req) == "as_of missing_field");
  req = household();
  req["spending_month"] = "2026-13";
  CHECK(error_of(req) == "spending_month invalid_date");
  req = household();
  req["history"] = json::parse(R"([{"id": "rec:x", "status": "liked", "date": "2026-01-01"}])");
  CHECK(error_of(req) == "history[0].status invalid_value");
  req["history"] = json::parse(R"([{"id": "rec:x", "status": "dismissed", "date": "2026-04-01"}])");
  CHECK(error_of(req) == "history[0].date date_order");
  req = household();
  req["debts"] = json::parse(R"([{"name": "card", "balance": 1000, "apr": 0.2, "minimum_payment": 50}])");
  req["debt_budget"] = 40;
  CHECK(error_of(req) == "debt_budget invalid_value");
  req = household();
  req["subscriptions"] = json::parse(R"([{"id": "s", "amount": 5}])");
  CHECK(error_of(req) == "subscriptions[0].monthly_cost missing_field");
  req = household();
  req["employer_match"] = json::parse(R"({"match_rate": 0.5, "match_limit": 0.06, "annual_salary": 60000})");
  CHECK(error_of(req) == "emergency_fund missing_field");
  req = household();
  req["spending"]["pets"] = 50;
  CHECK(error_of(req) == "buckets.pets missing_field");
  CHECK_FALSE(call(household()).contains("error"));
}

TEST_CASE("ranking: score descending, ties by id, over many recommendations", "[recommendations]") {
  // 37 unused subscriptions whose costs repeat (i * 7 mod 10 + 1): each scores 12 x cost x 0.9;
  // ties must come out in id order.
  json req = household();
  req["spending"] = {{"housing", 1000}};
  json subs = json::array();
  for (int i = 0; i < 37; ++i) {
    subs.push_back({{"id", "s" + std::to_string(100 + i)}, {"amount", 1}, {"monthly_cost", (i * 7) % 10 + 1}, {"unused", true}});
  }
  req["subscriptions"] = subs;
  const json out = call(req);
  const json& recs = out["recommendations"];
  REQUIRE(recs.size() == 37);
  for (size_t k = 1; k < recs.size(); ++k) {
    const double a = recs[k - 1]["score"], b = recs[k]["score"];
    INFO(recs[k - 1]["id"] << " " << recs[k]["id"]);
    CHECK(a >= b);
    if (a == b) CHECK(recs[k - 1]["id"].get<std::string>() < recs[k]["id"].get<std::string>());
  }
  CHECK(recs[0]["score"] == 108);  // cost 10 where 7i = 9 mod 10 (i = 7, 17, 27): 12 x 10 x 0.9
  CHECK(recs[0]["id"] == "rec:cancel:s107");
  CHECK(recs[1]["id"] == "rec:cancel:s117");
}

TEST_CASE("recommendations: a goal behind its plan asks for what keeps its date, as goals.adjust computes it", "[recommendations]") {
  nestegg::EngineConfig config;
  config.log_level = nestegg::LogLevel::off;
  nestegg::Engine engine(config);
  const nlohmann::json goal = nlohmann::json::parse(R"({"name": "Emergency fund", "target_amount": 15000, "current_amount": 6200,
    "annual_return_rate": 0.035, "target_date": "2027-01-15", "planned_monthly_contribution": 700,
    "contributions": [700, 650, 700, 420, 700, 300]})");
  nlohmann::json adjust_request = goal;
  adjust_request.erase("name");
  adjust_request["as_of"] = "2026-01-15";
  const nlohmann::json adjust = engine.call_json("goals.adjust", adjust_request);
  REQUIRE(adjust["status"] == "behind");
  const double more = std::round((adjust["required_monthly_to_keep_date"].get<double>() - adjust["current_pace"].get<double>()) * 100) / 100;
  const nlohmann::json out = engine.call_json("recommendations.generate", {{"as_of", "2026-01-15"}, {"monthly_income", 6000},
                                                                          {"spending", {{"housing", 1500}}}, {"goals", {goal}}});
  REQUIRE_FALSE(out.contains("error"));
  const nlohmann::json* rec = nullptr;
  for (const nlohmann::json& r : out["recommendations"]) if (r["id"] == "rec:goal:Emergency fund") rec = &r;
  REQUIRE(rec != nullptr);
  CHECK((*rec)["kind"] == "goals");
  CHECK((*rec)["source"] == "goals.adjust");
  CHECK((*rec)["impact"]["monthly"].get<double>() == Approx(more).margin(0.011));
  CHECK((*rec)["confidence"] == 0.5);
  // A goal on track asks for nothing.
  nlohmann::json on_track = goal;
  on_track["contributions"] = {900, 900, 900, 900, 900, 900};
  const nlohmann::json calm = engine.call_json("recommendations.generate", {{"as_of", "2026-01-15"}, {"monthly_income", 6000},
                                                                           {"spending", {{"housing", 1500}}}, {"goals", {on_track}}});
  for (const nlohmann::json& r : calm["recommendations"]) CHECK(r["kind"] != "goals");
}

TEST_CASE("debt avalanche when the listed order never pays off: compared over the first year", "[recommendations]") {
  // loan 1000 at 0 % listed before card 1000 at 24 % (2 % a month), 30 a month, no minimums.
  // Avalanche pays the card first (debt.plan: 89 months, 664.43 of interest). The order listed
  // sends all 30 to the loan for 33 months while the card compounds untouched, then meets 30 a
  // month against 2 % of over 1900: it never pays off, and its interest runs to the simulator's
  // limits (before, that runaway figure was quoted as saved). The first 12 months, by hand, each
  // month's 2 % rounded to the cent: listed, the card untouched, 268.23; avalanche, the card paid
  // 30 a month from 1000, 225.89. Saved 42.34 in the year: 3.53 a month.
  json req = household();
  req["spending"] = {{"housing", 1000}};
  req["debts"] = json::parse(R"([{"name": "loan", "balance": 1000, "apr": 0, "minimum_payment": 0},
                                 {"name": "card", "balance": 1000, "apr": 0.24, "minimum_payment": 0}])");
  req["debt_budget"] = 30;
  const json out = call(req);
  INFO(out.dump(1));
  const json* r = find(out["recommendations"], "rec:debt_avalanche");
  REQUIRE(r);
  const json& n = (*r)["numbers"];
  CHECK(n["listed_pays_off"] == 0);
  CHECK(n["months_avalanche"] == 89);
  CHECK(n["months_now"] == 12);
  CHECK(n["interest_now"] == 268.23);
  CHECK(n["interest_avalanche"] == 225.89);
  CHECK(n["interest_saved"] == 42.34);
  CHECK((*r)["impact"]["monthly"] == 3.53);
  // 15 a month: the card's 20 of interest outruns it in every order: nothing to recommend.
  req["debt_budget"] = 15;
  CHECK(find(call(req)["recommendations"], "rec:debt_avalanche") == nullptr);
}

TEST_CASE("the readiness saving leaves out a paid-off debt's minimum", "[recommendations]") {
  // 3000 in, 1000 rent (needs) and 200 dining (wants), a fund already full: 1800 a month is left
  // to invest, whether or not a paid-off loan with a 500 minimum is listed (before: 1300).
  json req = json::parse(R"({"as_of": "2026-03-15", "monthly_income": 3000, "spending": {"rent": 1000, "dining": 200},
    "emergency_fund": 100000})");
  const json without_loan = call(req);
  const json* alone = find(without_loan["recommendations"], "rec:start_investing");
  REQUIRE(alone);
  CHECK((*alone)["impact"]["monthly"] == 1800);
  req["debts"] = json::parse(R"([{"name": "old_loan", "balance": 0, "apr": 0.05, "minimum_payment": 500}])");
  const json with_loan = call(req);
  INFO(with_loan.dump(1));
  const json* listed = find(with_loan["recommendations"], "rec:start_investing");
  REQUIRE(listed);
  CHECK((*listed)["impact"]["monthly"] == 1800);
}

TEST_CASE("a paid-off debt's minimum is not due: debt_budget's floor is debt.plan's", "[recommendations]") {
  json req = household();
  req["debts"] = json::parse(R"([{"name": "card", "balance": 2000, "apr": 0.2, "minimum_payment": 50},
                                 {"name": "old_loan", "balance": 0, "apr": 0.05, "minimum_payment": 300}])");
  req["debt_budget"] = 100;  // above the card's 50; the loan, paid off, is due nothing
  CHECK_FALSE(call(req).contains("error"));
  req["debt_budget"] = 49.99;
  const json refused = call(req);
  REQUIRE(refused.contains("error"));
  CHECK(refused["error"]["field"] == "debt_budget");
  CHECK(refused["error"]["message"] == "debt_budget (49.99) is below the minimum payments (50.00)");
}

TEST_CASE("the readiness saving counts the debts' minimums once when spending has a minimum_debt_payments line", "[recommendations]") {
  // 5000 in; housing 2000 and minimum_debt_payments 300 (both needs), dining 500 (wants); the car's
  // 300 minimum is that line: 5000 - 2300 - 500 = 2200 a month to invest (before: 300 taken twice,
  // 1900). Without the line the minimum is taken from the debts: 5000 - 2000 - 500 - 300 = 2200.
  // A line under the minimums (100 of the 300) leaves the other 200 to take: 5000 - 2100 - 500 - 200 = 2200.
  json req = json::parse(R"({"as_of": "2026-03-15", "monthly_income": 5000, "emergency_fund": 100000,
    "spending": {"housing": 2000, "minimum_debt_payments": 300, "dining": 500},
    "debts": [{"name": "car", "balance": 9000, "apr": 0.05, "minimum_payment": 300}]})");
  for (const json line : {json(300), json(nullptr), json(100)}) {
    if (line.is_null()) req["spending"].erase("minimum_debt_payments");
    else req["spending"]["minimum_debt_payments"] = line;
    const json out = call(req);
    INFO(out.dump(1));
    const json* invest = find(out["recommendations"], "rec:start_investing");
    REQUIRE(invest);
    CHECK((*invest)["impact"]["monthly"] == 2200);
  }
}

TEST_CASE("rationales show money to the cent, two decimals, and names whole", "[recommendations]") {
  // The same sentences other methods write ("750.00 a month less"): a whole 45 is "45.00", the
  // emergency fund's 625 "625.00". A merchant's name may hold a NUL byte; the title keeps all of it.
  json req = household();
  req["spending"] = {{"housing", 1000}};
  req["subscriptions"] = json::array({{{"id", "subscription:gym"}, {"merchant", std::string("gym\0plus", 8)}, {"period", "monthly"},
                                       {"amount", 45}, {"previous_amount", nullptr}, {"monthly_cost", 45}, {"unused", true}},
                                      {{"id", "subscription:video"}, {"merchant", "video"}, {"amount", 17.5},
                                       {"previous_amount", 15.49}, {"monthly_cost", 17.5}}});
  const json out = call(req);
  INFO(out.dump(1));
  const json& recs = out["recommendations"];
  REQUIRE(recs.size() == 2);
  CHECK(recs[0]["title"] == std::string("Cancel gym\0plus", 15));
  CHECK(recs[0]["rationale"] == std::string("gym\0plus", 8) + " is marked unused and costs 45.00 a month.");
  CHECK(recs[1]["rationale"] == "video went up from 15.49 to 17.50; cancelling saves 17.50 a month.");

  json fund = household();
  fund["age"] = 30;
  fund["emergency_fund"] = 0;
  const json answer = call(fund);
  const json* r = find(answer["recommendations"], "rec:starter_emergency_fund");
  REQUIRE(r);
  CHECK((*r)["rationale"] == "The fund needs 2500.00 more (target 2500.00): 625.00 a month for 4 months.");
  // Essentials of 500 saved in one month: "for 1 month".
  fund["spending"] = {{"groceries", 500}, {"dining", 1000}, {"entertainment", 800}};
  const json one = call(fund);
  const json* r1 = find(one["recommendations"], "rec:starter_emergency_fund");
  REQUIRE(r1);
  CHECK((*r1)["rationale"] == "The fund needs 500.00 more (target 500.00): 500.00 a month for 1 month.");
}

TEST_CASE("a tracked effect is the difference of the amounts shown; a peer rationale names the percentile", "[recommendations]") {
  // A review's case: a baseline of 1700.125 shows as 1700.13 and so does the current 1700.13, but
  // the effect came out -0.01 (from the unrounded baseline).
  json req = household();
  req["age"] = 30;
  req["spending"]["entertainment"] = 1700.13;
  req["history"] = json::parse(R"([{"id": "rec:peer:entertainment", "status": "accepted", "date": "2026-01-20", "baseline": 1700.125}])");
  json out = call(req);
  INFO(out.dump(1));
  REQUIRE(out["tracked"].size() == 1);
  CHECK(out["tracked"][0]["baseline"] == 1700.13);
  CHECK(out["tracked"][0]["current"] == 1700.13);
  CHECK(out["tracked"][0]["effect"]["monthly"] == 0);
  // Food at about the 88th percentile: "at about percentile 88", not an ordinal ("91th" would be wrong).
  json peers = household();
  peers["age"] = 30;
  const json answer = call(peers);
  const json* food = find(answer["recommendations"], "rec:peer:food");
  REQUIRE(food);
  CHECK((*food)["rationale"].get<std::string>().find("at about percentile 88 (") != std::string::npos);
}
