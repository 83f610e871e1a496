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
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "civil_date.hpp"
#include "engine.hpp"
#include "format_number.hpp"

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

// A result, or an error with a code other than internal, a message and the field it concerns.
// Keys whose numbers are money, rounded to the cent in every answer (README "Conventions").
bool money_key(const std::string& k) {
  static const std::set<std::string> keys = {
      "balance", "amount", "interest", "payment", "total_contributions", "final_balance", "interest_earned",
      "required_monthly_savings", "monthly_savings", "lump_sum", "prediction", "baseline", "end_balance",
      "total_interest", "total_paid", "interest_paid", "interest_saved", "monthly_budget", "extra_payment",
      "minimum_payments", "minimum_payment", "unused", "starting_balance", "threshold", "expected_final_balance"};
  return keys.count(k) > 0;
}

bool on_the_cent(double x) { return std::fabs(x) > 1e13 || std::fabs(x * 100 - std::round(x * 100)) < 1e-6 * (1 + std::fabs(x)); }

// What every successful answer must satisfy, whatever the method: numbers finite, dates and months
// real, probabilities in [0, 1], money on the cent, every lower bound at or below its upper bound.
void check_invariants(const json& v, const std::string& key, const std::string& path) {
  if (v.is_object()) {
    if (v.contains("lower") && v.contains("upper") && v["lower"].is_object() && v["upper"].is_object()) {
      for (const auto& [level, lo] : v["lower"].items()) {
        INFO(path << ".lower." << level);
        REQUIRE(v["upper"].contains(level));
        const json& hi = v["upper"][level];
        if (lo.is_number()) CHECK(lo.get<double>() <= hi.get<double>() + 1e-9);
        if (lo.is_array()) {
          REQUIRE(lo.size() == hi.size());
          for (size_t i = 0; i < lo.size(); ++i) CHECK(lo[i].get<double>() <= hi[i].get<double>() + 1e-9);
        }
      }
    }
    for (const auto& [k, child] : v.items()) check_invariants(child, k, path + "." + k);
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) check_invariants(v[i], key, path + "[" + std::to_string(i) + "]");
  } else if (v.is_number()) {
    const double x = v.get<double>();
    INFO(path << " = " << x);
    REQUIRE(std::isfinite(x));
    if (key.rfind("probability", 0) == 0) CHECK((x >= 0 && x <= 1));
    if (money_key(key)) CHECK(on_the_cent(x));
  } else if (v.is_string()) {
    const std::string& text = v.get_ref<const std::string&>();
    const bool date_key = key == "date" || key == "as_of" || (key.size() > 5 && key.compare(key.size() - 5, 5, "_date") == 0);
    INFO(path << " = " << text);
    if (date_key) CHECK(nestegg::parse_date(text).has_value());
    if (key == "month" || key == "last_month") CHECK(nestegg::parse_month(text).has_value());
  }
}

// insights.trends: one analysis per category asked plus the total, each with a series-length
// rolling mean; money on the cent; the slope inside its interval, and a direction that the
// interval at the deciding level supports; movers by falling |change|, at most `top` of them.
void check_trend(const json& t, size_t months) {
  CHECK(t["months"] == months);
  CHECK(t["rolling_mean"].size() == months);
  CHECK(nestegg::parse_month(t["first_month"].get<std::string>()).has_value());
  for (const json& v : t["rolling_mean"]) if (v.is_number()) CHECK(on_the_cent(v.get<double>()));
  for (const char* k : {"month_over_month", "year_over_year", "seasonally_adjusted"})
    if (!t[k].is_null()) CHECK(on_the_cent(t[k]["change"].get<double>()));
  const json& s = t["slope"];
  if (s.is_null()) return;
  const double b = s["per_month"].get<double>();
  CHECK(on_the_cent(b));
  CHECK((s["p_value"].get<double>() >= 0 && s["p_value"].get<double>() <= 1));
  for (const auto& [level, lo] : s["lower"].items()) {
    if (lo.is_number()) CHECK(lo.get<double>() <= b);
    if (s["upper"][level].is_number()) CHECK(b <= s["upper"][level].get<double>());
  }
  const std::string at = nestegg::format_number(s["decided_at"].get<double>());
  if (s["direction"] == "rising") CHECK(s["lower"][at].get<double>() >= 0);
  if (s["direction"] == "falling") CHECK(s["upper"][at].get<double>() <= 0);
}

void check_trends(const json& request, const json& out) {
  const json& cats = request["categories"];
  REQUIRE(out["categories"].size() == cats.size());
  size_t span = SIZE_MAX;
  for (const auto& [name, values] : cats.items()) {
    check_trend(out["categories"][name], values.size());
    span = std::min(span, values.size());
  }
  check_trend(out["total"], span);
  const json& movers = out["top_movers"];
  CHECK(movers.size() <= size_t(request.value("top", 5)));
  for (size_t i = 1; i < movers.size(); ++i)
    CHECK(std::fabs(movers[i - 1]["change"].get<double>()) >= std::fabs(movers[i]["change"].get<double>()));
}

// insights.nudges: ordered by priority then id, each id "<rule>:<subject>", each nudge's metric on
// the side of its trigger that its op says (to the cent for money), nothing shown that its history
// holds back, every suppressed one held until a day after as_of.
void check_nudges(const json& request, const json& out) {
  const auto as_of = nestegg::parse_date(out["as_of"].get<std::string>());
  REQUIRE(as_of);
  const int64_t today = nestegg::days_from_civil(*as_of);
  std::set<std::string> seen;
  for (size_t i = 0; i < out["nudges"].size(); ++i) {
    const json& n = out["nudges"][i];
    const std::string id = n["id"];
    CHECK(id == n["rule"].get<std::string>() + ":" + n["subject"].get<std::string>());
    CHECK(seen.insert(id).second);
    CHECK((n["priority"].get<int>() >= 1 && n["priority"].get<int>() <= 5));
    CHECK(n["cooldown_days"].get<int>() >= 0);
    CHECK_FALSE(n["message"].get<std::string>().empty());
    if (i > 0) {
      const json& p = out["nudges"][i - 1];
      CHECK((p["priority"] < n["priority"] || (p["priority"] == n["priority"] && p["id"] < n["id"])));
    }
    const double v = n["numbers"]["value"], t = n["numbers"]["trigger"];
    const std::string op = n["op"];
    const bool holds = op == ">" ? v > t : op == ">=" ? v >= t : op == "<" ? v < t : v <= t;
    CHECK((holds || std::fabs(v - t) <= 0.005));  // money rounds to the cent on the way out
    if (request.contains("history") && request["history"].is_array()) {
      for (const json& h : request["history"]) {
        if (h.value("id", "") != id) continue;
        const auto shown = nestegg::parse_date(h.value("shown", ""));
        if (shown) CHECK(today >= nestegg::days_from_civil(*shown) + n["cooldown_days"].get<int64_t>());
      }
    }
  }
  for (const json& s : out["suppressed"]) {
    CHECK(seen.count(s["id"].get<std::string>()) == 0);
    const auto until = nestegg::parse_date(s["until"].get<std::string>());
    const auto last = nestegg::parse_date(s["last_shown"].get<std::string>());
    REQUIRE((until && last));
    CHECK((nestegg::days_from_civil(*until) > today || s["until"] == "9999-12-31"));
    CHECK(*last <= *until);
  }
}

void check_answer(const std::string& method, const json& request, const json& out) {
  INFO(method << " " << request.dump().substr(0, 400));
  REQUIRE(out.is_object());
  if (out.contains("error")) {
    const json& e = out["error"];
    CHECK(e.contains("code"));
    CHECK(e.contains("message"));
    CHECK((e.contains("field") && e["field"].is_string()));
    CHECK(e.value("code", "") != "internal");
    return;
  }
  check_invariants(out, "", method);
  if (method == "goals.timeline" && out.value("reachable", false) && out.contains("schedule") && !out["schedule"].empty()) {
    // reachable means the balance gets there in months_needed
    CHECK(out["schedule"].back()["balance"].get<double>() + 0.01 >= request.value("target_amount", 0.0));
  }
  if (method == "debt.plan") {  // a debt paid off is at zero in the last month of the schedule
    const json& debts = out["debts"];
    if (out.contains("schedule") && !out["schedule"].empty()) {
      const json& last = out["schedule"].back();
      for (size_t i = 0; i < debts.size(); ++i) {
        if (!debts[i]["payoff_date"].is_null()) CHECK(last["balance"][i].get<double>() == 0);
      }
    }
  }
  if (method == "health.score") CHECK((out["score"].get<double>() >= 0 && out["score"].get<double>() <= 100));
  if (method == "insights.trends") check_trends(request, out);
  if (method == "insights.nudges") check_nudges(request, out);
  if (method == "forecast.expenses" && out.contains("series")) {
    for (const json& v : out["series"]["forecast"]) CHECK((v.is_number() && std::isfinite(v.get<double>())));
    if (request.value("include_fitted", false)) CHECK(out["series"]["fitted"].size() == request["series"].size());
  }
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
  for (const auto& [method, seed] : seeds) {
    const json valid = engine.call_json(method, seed);
    INFO(method << " " << valid.dump().substr(0, 300));
    REQUIRE_FALSE(valid.contains("error"));  // the seed itself is a valid request
    for (int i = 0; i < 150; ++i) {
      json request = seed;
      for (size_t k = 1 + r.below(3); k > 0; --k) mutate(request, r);
      check_answer(method, request, engine.call_json(method, request));
    }
    CHECK_FALSE(engine.call_json(method, seed).contains("error"));  // and the engine still works
  }
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
