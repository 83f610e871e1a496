// SPDX-License-Identifier: MIT
// Bad input never crashes or poisons the engine: valid requests for every computing method,
// mutated at random (numbers to 0, -1, +-1e308, 1e-300, 2^53 + 1; strings to impossible dates
// and unknown choices; arrays emptied, cut or grown by hundreds; fields dropped or given the
// wrong type), and random forecasting series (gaps, zeros, negatives, 1..1200 values, scales
// 1e-3..1e7). Every answer must be a result or a structured error naming code, message and field,
// never `internal`; forecasts must be finite. Under AddressSanitizer + UBSan (tests/run.sh) this
// is also a memory-safety sweep: it found auto reading past an empty vector on 3-value series.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "answer_invariants.hpp"
#include "engine.hpp"

using json = nlohmann::json;

namespace {

struct Random {
  std::mt19937_64 engine{20261125};
  double uniform() { return double(engine() >> 11) * 0x1.0p-53; }  // the same on every platform
  size_t below(size_t n) { return size_t(uniform() * double(n)); }
};

json odd_value(Random& r) {
  switch (r.below(12)) {
    case 0: return 0;
    case 1: return -1;
    case 2: return 1e308;
    case 3: return -1e308;
    case 4: return 1e-300;
    case 5: return 9007199254740993LL;
    case 6: return "x";
    case 7: return nullptr;
    case 8: return true;
    case 9: return json::array();
    case 10: return json::object();
    default: return 0.5;
  }
}

// One mutation somewhere in the request, at a depth picked at random.
void mutate(json& request, Random& r) {
  json* node = &request;
  for (int depth = 0; depth < 6; ++depth) {
    if (node->is_object() && !node->empty() && r.uniform() < 0.7) {
      auto it = node->begin();
      std::advance(it, long(r.below(node->size())));
      node = &it.value();
    } else if (node->is_array() && !node->empty() && r.uniform() < 0.7) {
      node = &(*node)[r.below(node->size())];
    } else {
      break;
    }
  }
  const double pick = r.uniform();
  if (node->is_array() && pick < 0.3) {
    if (r.uniform() < 0.5) {
      node->erase(node->begin() + long(r.below(node->size() + 1)), node->end());
    } else if (!node->empty()) {
      const json first = (*node)[0];
      for (size_t i = r.below(500); i > 0; --i) node->push_back(first);
    }
  } else if (node->is_object() && !node->empty() && pick < 0.3) {
    auto it = node->begin();
    std::advance(it, long(r.below(node->size())));
    node->erase(it);
  } else if (node->is_number() && pick < 0.6) {
    const double v = node->get<double>();
    const double options[] = {0, -1, 1e9, 1e-9, 1e300, -v, v * 1000, v / 1000, std::floor(v) + 0.5};
    *node = options[r.below(9)];
  } else if (node->is_string() && pick < 0.6) {
    const char* options[] = {"", "2024-02-30", "0000-01-01", "9999-12-31", "2024-13-01", "weekly", "annual",
                             "biweekly", "MAdM", "zzz", "arima", "snaive"};
    *node = options[r.below(12)];
  } else {
    *node = odd_value(r);
  }
}

// A result that holds every invariant (tests/support/answer_invariants.hpp), or a structured error.
void check_answer(const std::string& method, const json& request, const json& out) {
  INFO(method << " " << request.dump().substr(0, 400));
  const std::vector<std::string> violations = nestegg::testing::answer_violations(method, request, out);
  std::string listed;
  for (const std::string& v : violations) listed += v + "\n";
  INFO(listed);
  CHECK(violations.empty());
}

json savings_history(int months) {
  json h = json::array();
  for (int i = 0; i < months; ++i) {
    const int year = 2024 + i / 12, month = i % 12 + 1;
    h.push_back({{"month", std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month)},
                 {"income", 5200 + 15 * i},
                 {"expenses", 3800 + 40 * std::sin(i) + 10 * i}});
  }
  return h;
}

}  // namespace

TEST_CASE("mutated requests for every method get a result or a structured error, and the engine goes on") {
  nestegg::EngineConfig config;
  config.log_level = nestegg::LogLevel::off;
  nestegg::Engine engine(config);
  const json months = savings_history(26);  // 24 to train on, then the 2 that follow to predict
  const json history(months.begin(), months.end() - 2);
  const std::vector<std::pair<std::string, json>> seeds = {
      {"goals.timeline", json::parse(R"({"target_amount": 10000, "current_amount": 1000, "monthly_contribution": 450,
        "annual_return_rate": 0.05, "start_date": "2024-01-15", "monthly_income": 5000, "monthly_expenses": 3500,
        "include_schedule": true})")},
      {"goals.reverse_plan", json::parse(R"({"target_amount": 40000, "current_amount": 0, "target_date": "2025-01-01",
        "start_date": "2024-01-01", "annual_return_rate": 0.02, "monthly_income": 6000, "monthly_expenses": 4000})")},
      {"goals.adjust", json::parse(R"({"target_amount": 20000, "current_amount": 9000, "target_date": "2026-06-01",
        "as_of": "2025-01-01", "annual_return_rate": 0.03, "planned_monthly_contribution": 500,
        "contributions": [500, 450, 500, 520, 300, 500, 500, 480, 500, 500, 200, 500]})")},
      {"goals.simulate", json::parse(R"({"target_amount": 50000, "current_amount": 1000, "monthly_contribution": 500,
        "annual_return_rate": 0.06, "annual_volatility": 0.15, "months": 60, "paths": 200, "seed": 7,
        "start_date": "2024-01-01"})")},
      {"forecast.expenses", json::parse(R"({"categories": {"food": [612, 598, 640, 605, 630, 655, 702, 588, 615,
        640, 650, 730, 620, 604, 655, 612, 633, 668, 725, 597, 606, 644, 660, 745], "rent": [1500, 1500, 1500, 1550,
        1550, 1550, 1600, 1600, null, 1600, 1650, 1650, 1650]}, "horizon": 3, "level": [80, 95]})")},
      {"forecast.cashflow", json::parse(R"({"start_date": "2026-01-15", "starting_balance": 2200, "months": 3,
        "threshold": 250, "incomes": [{"name": "salary", "amount": 2860, "cadence": "biweekly",
        "start_date": "2026-01-30"}], "bills": [{"name": "rent", "amount": 1850, "day": 1},
        {"name": "streaming", "amount": 15.99, "cadence": "monthly", "day": 18}],
        "spending": {"food": [760, 710, 761, 753, 798, 786, 805, 779, 772, 804, 792, 854, 773]}})")},
      {"debt.plan", json::parse(R"({"start_date": "2026-01-31", "monthly_budget": 900, "strategy": "custom",
        "order": ["card", "car", "store"], "include_schedule": true,
        "debts": [{"name": "card", "balance": 4200, "apr": 0.229, "minimum_payment": 120, "promo_apr": 0,
                   "promo_end_date": "2026-06-30"},
                  {"name": "car", "balance": 9800, "apr": 0.065, "minimum_payment": 260},
                  {"name": "store", "balance": 650, "apr": 0.27, "minimum_payment": 35}]})")},
      {"investment.readiness", json::parse(R"({"start_date": "2026-01-15", "emergency_fund": 1000,
        "monthly_essential_expenses": 2000, "monthly_saving": 500, "horizon_years": 20, "savings_rate": 0.02,
        "debts": [{"name": "card", "balance": 3000, "apr": 0.22, "minimum_payment": 90}],
        "employer_match": {"match_rate": 0.5, "match_limit": 0.06, "contribution_rate": 0.03, "annual_salary": 60000},
        "risk": {"income_stability": "stable", "dependents": false, "loss_reaction": "hold"}})")},
      {"budget.optimize", json::parse(R"({"monthly_income": 5000, "rule": "custom",
        "shares": {"needs": 0.55, "wants": 0.25, "savings": 0.2}, "mode": "exact",
        "spending": {"housing": 1999, "groceries": 599, "utilities": 199, "dining": 999, "pets": 120,
        "retirement": 469}, "buckets": {"pets": "needs"}, "floors": {"housing": 1800, "groceries": 300},
        "ceilings": {"dining": 1200, "retirement": 900}})")},
      {"health.score", json::parse(R"({"monthly_income": 5000, "monthly_spending": 4250, "bills_on_time": 0.935,
        "liquid_savings": 8500, "goal_confidence": 0.65, "monthly_debt_payments": 750, "debt_balance": 30000,
        "credit_score": 705, "insurance_coverage": 0.75, "planning_horizon_months": 12,
        "weights": {"liquid_savings": 2, "credit_standing": 0.5}})")},
      {"insights.habits", json::parse(R"({"as_of": "2025-07-01", "top_merchants": 3, "anomaly_threshold": 3.5, "transactions": [
        {"date": "2025-01-03", "amount": -9.99, "description": "NETFLIX.COM", "category": "tv", "account": "card"},
        {"date": "2025-02-03", "amount": -9.99, "description": "NETFLIX.COM", "category": "tv"},
        {"date": "2025-03-04", "amount": -9.99, "description": "NETFLIX.COM", "category": "tv"},
        {"date": "2025-04-03", "amount": -12.99, "description": "NETFLIX.COM", "category": "tv"},
        {"date": "2025-05-03", "amount": -12.99, "description": "NETFLIX.COM", "category": "tv"},
        {"date": "2025-06-02", "amount": -12.99, "description": "NETFLIX.COM", "category": "tv"},
        {"date": "2025-01-07", "amount": -45.0, "description": "KROGER #0412", "category": "groceries"},
        {"date": "2025-01-14", "amount": -52.3, "description": "KROGER #0587", "category": "groceries"},
        {"date": "2025-01-21", "amount": -48.1, "description": "Kroger 0412", "category": "groceries"},
        {"date": "2025-01-28", "amount": -61.0, "description": "KROGER #0412", "category": "groceries"},
        {"date": "2025-02-04", "amount": -39.9, "description": "KROGER #0412", "category": "groceries"},
        {"date": "2025-02-11", "amount": -55.5, "description": "KROGER #0412", "category": "groceries"},
        {"date": "2025-02-18", "amount": -47.2, "description": "KROGER #0412", "category": "groceries"},
        {"date": "2025-02-25", "amount": -520.0, "description": "KROGER #0412", "category": "groceries"},
        {"date": "2025-02-25", "amount": -75.0, "description": "Hardware Hut", "category": "home"},
        {"date": "2025-02-25", "amount": -75.0, "description": "Hardware Hut", "category": "home"},
        {"date": "2025-01-31", "amount": 2500, "description": "Payroll", "category": "income"},
        {"date": "2025-03-08", "amount": -34.5, "description": "SQ *BLUE BOTTLE", "category": "dining"}]})")},
      {"benchmarks.compare", json::parse(R"({"age": 30, "income": 85000, "income_after_taxes": 70000,
        "expenditures": 52000, "spending": {"food": 9000, "housing": 20000, "entertainment": 6000}})")},
      {"recommendations.generate", json::parse(R"({"as_of": "2026-03-15", "spending_month": "2026-02",
        "monthly_income": 5000, "spending": {"housing": 1700, "groceries": 700, "dining": 600, "entertainment": 700,
        "utilities": 200}, "age": 30, "emergency_fund": 1000,
        "debts": [{"name": "car", "balance": 8000, "apr": 0.06, "minimum_payment": 250},
                  {"name": "card", "balance": 3000, "apr": 0.24, "minimum_payment": 90}], "debt_budget": 500,
        "subscriptions": [{"id": "subscription:gym", "merchant": "gym", "amount": 45, "previous_amount": 40,
                           "monthly_cost": 45}],
        "history": [{"id": "rec:peer:entertainment", "status": "dismissed", "date": "2026-02-01"},
                    {"id": "rec:cancel:subscription:old", "status": "accepted", "date": "2026-01-10", "baseline": 12.99}]})")},
      {"insights.trends", json::parse(R"({"last_month": "2026-11", "window": 3, "level": [80, 95], "top": 3,
        "categories": {"dining": [400, 420, 410, 430, 425, 440, 450, 445, 460, 470, 465, 480, 520, 430, 410, 455,
        470, 480, 460, 490, 500, 505, 495, 600], "rent": [1500, 1500, 1550, null, 1550], "fuel": [0, 0, 60, 45]}})")},
      {"insights.nudges", json::parse(R"({"as_of": "2026-12-02", "last_month": "2026-11",
        "categories": {"dining": [200, 210, 190, 205, 195, 200, 312.4], "rent": [1500, 1500, null, 1550, 1550]},
        "goals": [{"name": "car", "target_amount": 12000, "current_amount": 2000, "target_date": "2027-06-01",
                   "contributions": [500, 450, 520, 480]}],
        "subscriptions": [{"id": "subscription:netflix", "merchant": "Netflix", "period": "monthly", "amount": 17.99,
                           "previous_amount": 15.99, "monthly_cost": 17.99, "next_expected_date": "2026-12-18"}],
        "cashflow": {"starting_balance": 900, "months": 2, "paths": 200, "threshold": 100,
                     "bills": [{"name": "rent", "amount": 1550, "day": 5}], "incomes": [{"amount": 2800, "day": 25}],
                     "spending": {"food": [700, 720, 690, 710, 730, 705]}},
        "month": {"income": 3000, "spent": 400, "day": 2},
        "rules": [{"id": "money_left_over", "value": 40, "priority": 3},
                  {"id": "dining_cap", "metric": "category_spend", "category": "dining", "op": ">=", "value": 300,
                   "priority": 2, "message": "Dining is at {value}, {change_fraction} over usual"},
                  {"id": "subs_total", "metric": "subscriptions_monthly", "op": ">", "value": 10, "cooldown_days": 30}],
        "history": [{"id": "subs_total:subscriptions", "shown": "2026-11-20"},
                    {"id": "goal_behind:car", "shown": "2026-11-01"}]})")},
      {"savings.train", {{"user_id", "u"}, {"history", history}, {"features", {"trend", "season", "lag_1"}}}},
      {"savings.predict", {{"user_id", "u"}, {"months", {months[24], months[25]}}}},
  };
  Random r;
  const auto sweep = [&](const std::string& method, const json& seed) {
    const json valid = engine.call_json(method, seed);
    INFO(method << " " << valid.dump().substr(0, 300));
    REQUIRE_FALSE(valid.contains("error"));  // the seed itself is a valid request
    for (int i = 0; i < 150; ++i) {
      json request = seed;
      for (size_t k = 1 + r.below(3); k > 0; --k) mutate(request, r);
      check_answer(method, request, engine.call_json(method, request));
    }
    CHECK_FALSE(engine.call_json(method, seed).contains("error"));  // and the engine still works
  };
  for (const auto& [method, seed] : seeds) sweep(method, seed);
  // The registry's own methods, on the model trained above (issue 15: evaluate, import and the A/B
  // methods included); import last, from the registry's own snapshot.
  sweep("savings.evaluate", {{"user_id", "u"}, {"months", {months[24], months[25]}}});
  sweep("savings.models", {{"user_id", "u"}});
  sweep("savings.activate", {{"user_id", "u"}, {"version", 1}});
  sweep("savings.experiment", json::parse(R"({"name": "e1", "variants": [{"name": "a", "weight": 1, "options": {}},
    {"name": "b", "weight": 1, "options": {"features": ["trend"]}}]})"));
  sweep("savings.assign", {{"experiment", "e1"}, {"user_id", "u"}});
  sweep("savings.compare", {{"experiment", "e1"}});
  sweep("savings.import", {{"snapshot", engine.call_json("savings.export", json::object())}});
}

TEST_CASE("random series through every forecasting method: finite forecasts or a structured error") {
  nestegg::EngineConfig config;
  config.log_level = nestegg::LogLevel::off;
  nestegg::Engine engine(config);
  const char* methods[] = {"auto", "ets", "arima", "holt_winters", "ses", "holt", "naive", "snaive"};
  Random r;
  for (int i = 0; i < 240; ++i) {
    const int period = i % 3 == 0 ? 1 : i % 3 == 1 ? 4 : 12;
    const double u = r.uniform();
    const size_t n = u < 0.1 ? 1 + r.below(8) : u < 0.13 ? 600 + r.below(600) : 8 + r.below(100);
    const double scale = std::pow(10.0, -3 + 10 * r.uniform()), trend = (r.uniform() - 0.5) * scale * 0.05;
    const size_t kind = r.below(5);  // plain, constant, zeros, negatives, whole numbers
    json series = json::array();
    for (size_t t = 0; t < n; ++t) {
      double v = scale + trend * double(t) + (period > 1 ? 0.3 * scale * std::sin(6.283185307179586 * double(t) / period) : 0);
      if (kind != 1) v += 0.1 * scale * (r.uniform() - 0.5);
      if (kind == 2 && r.uniform() < 0.3) v = 0;
      if (kind == 3) v = -v;
      if (kind == 4) v = std::round(v);
      if (r.uniform() < 0.08) series.push_back(nullptr);
      else series.push_back(v);
    }
    json request = {{"series", series}, {"period", period}, {"horizon", 1 + int(r.below(24))},
                    {"method", methods[r.below(8)]}};
    if (r.uniform() < 0.2) request["optimizer"] = "nelder_mead";
    if (r.uniform() < 0.5) request["include_fitted"] = true;
    check_answer("forecast.expenses", request, engine.call_json("forecast.expenses", request));
  }
}

TEST_CASE("plans that run into 9999-12-31 stop there: real dates or a structured error, never garbage") {
  // Each of these once dereferenced an add_months() that had no answer: milestone dates printed as
  // "-1955898092-106", a cash-flow month loop stepped past December 9999, a savings horizon did too.
  nestegg::EngineConfig config;
  config.log_level = nestegg::LogLevel::off;
  nestegg::Engine engine(config);
  const json timeline = {{"target_amount", 10000}, {"current_amount", 1000}, {"monthly_contribution", 450},
                         {"start_date", "9999-12-31"}};
  const json t = engine.call_json("goals.timeline", timeline);
  check_answer("goals.timeline", timeline, t);
  CHECK(t["reachable"] == false);  // month 20 would be in the year 10001
  const json cashflow = {{"start_date", "9999-06-01"}, {"starting_balance", 1000}, {"months", 6},
                         {"incomes", {{{"amount", 3000}, {"cadence", "monthly"}, {"day", 25}}}},
                         {"bills", {{{"amount", 1200}, {"cadence", "monthly"}, {"day", 1}}}}};
  const json c = engine.call_json("forecast.cashflow", cashflow);
  check_answer("forecast.cashflow", cashflow, c);
  REQUIRE_FALSE(c.contains("error"));
  CHECK(c["end_date"] == "9999-11-30");
  json history = json::array();
  for (int m = 1; m <= 11; ++m) {
    history.push_back({{"month", "9999-" + std::string(m < 10 ? "0" : "") + std::to_string(m)}, {"income", 5000}, {"expenses", 3000 + 10 * m}});
  }
  const json trained = engine.call_json("savings.train", {{"history", history}, {"features", {"trend"}}});
  REQUIRE_FALSE(trained.contains("error"));
  const json p = engine.call_json("savings.predict", {{"model", trained["model"]}, {"horizon", 3}});
  CHECK(p["error"]["code"] == "out_of_range");
  CHECK(p["error"]["field"] == "horizon");
  check_answer("savings.predict", {{"horizon", 1}}, engine.call_json("savings.predict", {{"model", trained["model"]}, {"horizon", 1}}));
}

TEST_CASE("forecast.expenses as the error table and README say: the array limit covers series, a given constant is used") {
  // Issue 19: limits.max_array_items did not apply to series (only the fixed 1 200), and
  // coefficients.constant was dropped with an unknown_field warning unless include_constant was set.
  nestegg::EngineConfig config;
  config.log_level = nestegg::LogLevel::off;
  config.limits.max_array_items = 50;
  nestegg::Engine engine(config);
  json series = json::array();
  for (int t = 0; t < 60; ++t) series.push_back(100 + 10 * std::sin(t) + 0.5 * t);
  const json over = engine.call_json("forecast.expenses", {{"series", series}, {"period", 1}, {"method", "naive"}});
  CHECK(over["error"]["code"] == "too_large");
  CHECK(over["error"]["field"] == "series");
  const json within = engine.call_json("forecast.expenses", {{"series", json(series.begin(), series.begin() + 50)},
                                                             {"period", 1}, {"method", "naive"}});
  CHECK_FALSE(within.contains("error"));

  nestegg::Engine plain(nestegg::EngineConfig{});
  json request = {{"series", series}, {"period", 1}, {"horizon", 4}, {"method", "arima"}, {"order", {1, 0, 0}},
                  {"coefficients", {{"ar", {0.5}}, {"constant", 130}}}};
  const json implied = plain.call_json("forecast.expenses", request);
  REQUIRE_FALSE(implied.contains("error"));
  CHECK_FALSE(implied.contains("warnings"));  // the constant was read, not warned about
  request["include_constant"] = true;
  const json explicit_constant = plain.call_json("forecast.expenses", request);
  CHECK(implied["series"]["forecast"] == explicit_constant["series"]["forecast"]);
  request.erase("include_constant");
  request["coefficients"].erase("constant");
  const json without = plain.call_json("forecast.expenses", request);
  CHECK(without["series"]["forecast"] != implied["series"]["forecast"]);  // the constant moves the forecast
  request["coefficients"]["constant"] = 130;
  request["include_constant"] = false;
  const json contradicted = plain.call_json("forecast.expenses", request);
  CHECK(contradicted["error"]["code"] == "invalid_value");
  CHECK(contradicted["error"]["field"] == "include_constant");
}

TEST_CASE("forecast.cashflow: the expected balance inside its bands, a flat history said so") {
  // A history of refunds: spending paths are floored at zero, so the 10th-90th percentile band of
  // the balance sat at 8000.00 while the mean was 7999.99, on half the days. A flat history is
  // repeated with no uncertainty and says so (before, only a short one did).
  nestegg::EngineConfig config;
  config.log_level = nestegg::LogLevel::off;
  nestegg::Engine engine(config);
  json food = json::array();
  for (int i = 0; i < 24; ++i) food.push_back(-10.0 * (1 + (i * 7) % 10));
  for (const json& levels : {json{80, 95}, json{0.5, 50}}) {
    const json request = {{"start_date", "2024-02-01"}, {"months", 3}, {"starting_balance", 8000}, {"paths", 2000},
                          {"level", levels}, {"spending", {{"food", food}, {"fuel", {120, 80, 95, 150, 60, 110}}}}};
    const json out = engine.call_json("forecast.cashflow", request);
    REQUIRE_FALSE(out.contains("error"));
    check_answer("forecast.cashflow", request, out);  // lower <= expected <= upper, daily and monthly
  }
  const json flat = {{"start_date", "2024-02-01"}, {"months", 2}, {"starting_balance", 8000},
                     {"spending", {{"food", {400, 400, 400, 400, 400, 400}}}}};
  const json out = engine.call_json("forecast.cashflow", flat);
  REQUIRE(out.contains("warnings"));
  CHECK(out["warnings"][0]["code"] == "short_history");
  CHECK(out["warnings"][0]["message"].get<std::string>().find("food: every month of its history is the same") != std::string::npos);
  CHECK(out["spending"]["food"]["model"] == "mean");
}

TEST_CASE("a plan that does not reach its target gives no end balance, interest or contributions") {
  // 1000 saved, nothing added, no return: never reaches 10000. Before, final_balance was 0 (the
  // balance stays 1000) and total_contributions 0: numbers a reader takes for the plan's.
  nestegg::EngineConfig config;
  config.log_level = nestegg::LogLevel::off;
  nestegg::Engine engine(config);
  const json t = engine.call_json("goals.timeline", {{"target_amount", 10000}, {"current_amount", 1000},
                                                     {"monthly_contribution", 0}, {"start_date", "2024-01-15"}});
  CHECK(t["reachable"] == false);
  for (const char* key : {"final_balance", "interest_earned", "total_contributions", "target_date", "months_needed"})
    CHECK(t[key].is_null());
  const json r = engine.call_json("goals.reverse_plan", {{"target_amount", 10000}, {"current_amount", 500},
                                                         {"start_date", "2024-01-15"}, {"target_date", "2024-02-01"}});
  CHECK(r["reachable"] == false);
  CHECK(r["reason"]["code"] == "too_soon");
  for (const char* key : {"final_balance", "interest_earned", "total_contributions", "required_monthly_savings"})
    CHECK(r[key].is_null());
  const json ok = engine.call_json("goals.timeline", {{"target_amount", 10000}, {"current_amount", 1000},
                                                      {"monthly_contribution", 450}, {"start_date", "2024-01-15"}});
  CHECK(ok["final_balance"] == 10000);
  CHECK(ok["total_contributions"] == 9000);
}

TEST_CASE("errors say what would mend the request: both forms of savings.train, the nudge metrics") {
  nestegg::EngineConfig config;
  config.log_level = nestegg::LogLevel::off;
  nestegg::Engine engine(config);
  const json train = engine.call_json("savings.train", json::object());
  CHECK(train["error"]["code"] == "missing_field");
  CHECK(train["error"]["field"] == "history");
  CHECK(train["error"]["message"].get<std::string>().find("or design") != std::string::npos);
  const json nudges = engine.call_json("insights.nudges", json::parse(R"({"as_of": "2026-03-15",
    "rules": [{"id": "mine", "metric": "nope", "op": ">", "value": 1}]})"));
  CHECK(nudges["error"]["field"] == "rules[0].metric");
  const std::string message = nudges["error"]["message"];
  CHECK(message.find("category_spend") != std::string::npos);  // a metric README lists
  CHECK(message.find("got nope") != std::string::npos);
}
