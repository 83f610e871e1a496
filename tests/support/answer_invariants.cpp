// SPDX-License-Identifier: MIT
#include "answer_invariants.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>

#include "civil_date.hpp"
#include "format_number.hpp"

namespace nestegg::testing {
namespace {

using json = nlohmann::json;

bool on_the_cent(double x) { return std::fabs(x) > 1e13 || std::fabs(x * 100 - std::round(x * 100)) < 1e-6 * (1 + std::fabs(x)); }

bool is_date_key(const std::string& key) {
  return key == "date" || key == "as_of" || (key.size() > 5 && key.compare(key.size() - 5, 5, "_date") == 0);
}

double number_or_nan(const json& v) { return v.is_number() ? v.get<double>() : std::nan(""); }

struct Walker {
  std::vector<std::string>& out;
  void fail(const std::string& path, const std::string& rule) { out.push_back(path + ": " + rule); }

  // lower <= upper at every level, and the point they surround between them: a forecast's
  // `forecast`, a cash flow's `expected` (daily) or `end_balance` (monthly), a percentile's `point`.
  void bounds(const json& v, const std::string& path) {
    const json* point = nullptr;
    for (const char* name : {"forecast", "expected", "end_balance", "point"})
      if (!point && v.contains(name)) point = &v[name];
    const auto check = [&](const json& lo, const json& hi, const json* p, const std::string& at) {
      const double l = number_or_nan(lo), h = number_or_nan(hi);
      if (!(l <= h + 1e-9)) return fail(at, "lower above upper");
      if (p && !(l <= number_or_nan(*p) + 1e-9 && number_or_nan(*p) <= h + 1e-9)) fail(at, "point outside its bounds: " + p->dump());
    };
    for (const auto& [level, lo] : v["lower"].items()) {
      const std::string at = path + ".lower." + level;
      if (!v["upper"].contains(level)) { fail(at, "no upper bound at this level"); continue; }
      const json& hi = v["upper"][level];
      if (lo.is_number()) check(lo, hi, point && !point->is_array() ? point : nullptr, at);  // null: none at this level
      if (lo.is_array()) {
        if (!hi.is_array() || lo.size() != hi.size()) { fail(at, "lower and upper differ in length"); continue; }
        const bool points = point && point->is_array() && point->size() == lo.size();
        for (size_t i = 0; i < lo.size(); ++i) check(lo[i], hi[i], points ? &(*point)[i] : nullptr, at + "[" + std::to_string(i) + "]");
      }
    }
  }

  void walk(const json& v, const std::string& key, const std::string& path) {
    if (v.is_object()) {
      if (v.contains("lower") && v.contains("upper") && v["lower"].is_object() && v["upper"].is_object()) bounds(v, path);
      for (const auto& [k, child] : v.items()) walk(child, k, path + "." + k);
    } else if (v.is_array()) {
      for (size_t i = 0; i < v.size(); ++i) walk(v[i], key, path + "[" + std::to_string(i) + "]");
    } else if (v.is_number()) {
      const double x = v.get<double>();
      if (!std::isfinite(x)) return fail(path, "not finite");
      if (key.rfind("probability", 0) == 0 && !(x >= 0 && x <= 1)) fail(path, "probability outside [0, 1]: " + v.dump());
      if (is_money_key(key) && !on_the_cent(x)) fail(path, "money not on the cent: " + v.dump());
    } else if (v.is_string()) {
      const std::string& text = v.get_ref<const std::string&>();
      if (is_date_key(key) && !parse_date(text)) fail(path, "not a real date: " + text);
      if ((key == "month" || key == "last_month") && !parse_month(text)) fail(path, "not a real month: " + text);
    }
  }
};

void check_error(const json& e, std::vector<std::string>& out) {
  if (!e.is_object()) return out.push_back("error: not an object");
  if (!e.contains("code") || !e["code"].is_string()) out.push_back("error: no code");
  if (!e.contains("message") || !e["message"].is_string()) out.push_back("error: no message");
  if (!e.contains("field") || !e["field"].is_string()) out.push_back("error: no field");
  if (e.value("code", "") == "internal") out.push_back("error: internal (" + e.value("message", "") + ")");
}

bool in_unit(const json& v) { return v.is_number() && v.get<double>() >= 0 && v.get<double>() <= 1 + 1e-12; }

// insights.habits: a series' dates in order and its next date after its last, prices and costs
// positive on the cent, confidence and shares in [0, 1], counts that add up.
void check_habits(const json& out, std::vector<std::string>& v) {
  const auto need = [&](bool ok, const std::string& what) { if (!ok) v.push_back("insights.habits: " + what); };
  for (const char* list : {"subscriptions", "lapsed"}) {
    for (const json& s : out.at(list)) {
      const std::string id = s.value("id", "?");
      const auto first = parse_date(s.at("first_date").get<std::string>());
      const auto last = parse_date(s.at("last_date").get<std::string>());
      need(first && last && *first <= *last, id + ": first_date after last_date");
      if (std::string(list) == "subscriptions") {
        const auto next = parse_date(s.at("next_expected_date").get<std::string>());
        need(next && last && *last < *next, id + ": next_expected_date not after last_date");
      } else {
        need(s.at("next_expected_date").is_null(), id + ": a lapsed series has a next date");
      }
      for (const char* k : {"amount", "monthly_cost", "annual_cost"}) {
        need(on_the_cent(number_or_nan(s.at(k))) && number_or_nan(s.at(k)) >= 0, id + ": " + k + " negative or off the cent");
      }
      for (const json& c : s.at("price_changes")) need(c.at("from") != c.at("to"), id + ": a price change that changes nothing");
      need(in_unit(s.at("confidence")), id + ": confidence outside [0, 1]");
      need(s.at("occurrences").get<int64_t>() >= 2, id + ": fewer than two occurrences");
      need(s.at("missed").get<int64_t>() >= 0, id + ": negative missed count");
    }
  }
  const json& p = out.at("patterns");
  const auto days = [&](const json& x) { return x.at("days").get<int64_t>(); };
  const json& tom = p.at("time_of_month");
  need(days(p.at("weekday")) + days(p.at("weekend")) == days(tom.at("early")) + days(tom.at("mid")) + days(tom.at("late")),
       "weekday + weekend days differ from the time-of-month days");
  for (const json& b : p.at("by_weekday")) need(in_unit(b.at("share")), "a weekday share outside [0, 1]");
  need(in_unit(out.at("merchants").at("hhi")), "hhi outside [0, 1]");
  need(in_unit(out.at("merchants").at("top_share")), "top_share outside [0, 1]");
  for (const json& a : out.at("anomalies")) {
    need(a.at("date").is_null() != a.at("month").is_null(), "an anomaly needs a date or a month, not both");
    need(!a.at("reason").get<std::string>().empty(), "an anomaly without a reason");
  }
}

// benchmarks.compare: every percentile estimate inside [0, 100] with lower <= point <= upper; the
// ratio is user / peer; all consumer units come last.
void check_benchmarks(const json& out, std::vector<std::string>& v) {
  const auto need = [&](bool ok, const std::string& what) { if (!ok) v.push_back("benchmarks.compare: " + what); };
  const json& peers = out.at("peers");
  need(!peers.empty() && peers.back().at("group") == "all", "all consumer units not last");
  for (const json& g : peers) {
    for (const json& c : g.at("comparisons")) {
      const std::string metric = c.value("metric", "?");
      if (c.at("percentile").is_object()) {
        const double lo = number_or_nan(c["percentile"].at("lower")), p = number_or_nan(c["percentile"].at("point")),
                     hi = number_or_nan(c["percentile"].at("upper"));
        need(0 <= lo && lo <= p && p <= hi && hi <= 100, metric + ": percentile bounds out of order or outside [0, 100]");
      }
      if (c.at("ratio").is_number()) {
        const double expected = number_or_nan(c.at("user")) / number_or_nan(c.at("peer"));
        need(std::fabs(number_or_nan(c["ratio"]) - expected) <= 1e-5 * std::fabs(expected) + 1e-6, metric + ": ratio is not user / peer");
      }
    }
  }
}

// recommendations.generate: ranked by score, ids unique, annual = 12 x monthly on the cent, a
// held-back or tracked id never recommended, a hold of at most 90 days.
void check_recommendations(const json& out, std::vector<std::string>& v) {
  const auto need = [&](bool ok, const std::string& what) { if (!ok) v.push_back("recommendations.generate: " + what); };
  std::set<std::string> ids;
  double last = INFINITY;
  for (const json& r : out.at("recommendations")) {
    const std::string id = r.at("id").get<std::string>();
    need(ids.insert(id).second, id + " recommended twice");
    const double score = number_or_nan(r.at("score"));
    need(score <= last, id + ": not ranked by score");
    last = score;
    const double monthly = number_or_nan(r.at("impact").at("monthly")), annual = number_or_nan(r.at("impact").at("annual"));
    need(monthly > 0, id + ": no monthly impact");
    need(std::fabs(annual - std::round(12 * monthly * 100) / 100) < 1e-6, id + ": annual impact is not 12 x monthly");
    const double confidence = number_or_nan(r.at("confidence"));
    need(confidence > 0 && confidence <= 1, id + ": confidence outside (0, 1]");
  }
  for (const json& h : out.at("held_back")) {
    const std::string id = h.at("id").get<std::string>();
    need(ids.count(id) == 0, id + ": held back and recommended");
    const auto from = parse_date(h.at("dismissed_date").get<std::string>());
    const auto until = parse_date(h.at("until_date").get<std::string>());
    need(from && until && days_from_civil(*until) - days_from_civil(*from) <= 90, id + ": held back for more than 90 days");
  }
  for (const json& t : out.at("tracked")) need(ids.count(t.at("id").get<std::string>()) == 0, "tracked and recommended");
}

// insights.trends, one analysis (a category's or the total's) of a series of `months` values:
// a rolling mean per month, money on the cent, a real first month, the slope inside every interval
// it has, a direction the interval at the deciding level supports, an inflation factor >= 1.
void check_trend(const json& t, size_t months, const std::string& at, std::vector<std::string>& v) {
  if (t.at("months") != months) v.push_back(at + ": months is not the series' length");
  if (t.at("rolling_mean").size() != months) v.push_back(at + ": rolling_mean is not one value a month");
  if (!parse_month(t.at("first_month").get<std::string>())) v.push_back(at + ": first_month not a real month");
  for (const json& x : t.at("rolling_mean"))
    if (x.is_number() && !on_the_cent(x.get<double>())) v.push_back(at + ": rolling_mean not on the cent");
  for (const char* k : {"month_over_month", "year_over_year", "seasonally_adjusted"})
    if (!t.at(k).is_null() && !on_the_cent(number_or_nan(t.at(k).at("change")))) v.push_back(at + "." + k + ": change not on the cent");
  const json& s = t.at("slope");
  if (s.is_null()) return;
  const double b = number_or_nan(s.at("per_month"));
  if (!on_the_cent(b)) v.push_back(at + ".slope: per_month not on the cent");
  const double p = number_or_nan(s.at("p_value"));
  if (!(p >= 0 && p <= 1)) v.push_back(at + ".slope: p_value outside [0, 1]");
  if (!(number_or_nan(s.at("variance_factor")) >= 1)) v.push_back(at + ".slope: variance_factor below 1");
  for (const auto& [level, lo] : s.at("lower").items()) {
    const json& hi = s.at("upper").at(level);
    if (lo.is_null() != hi.is_null()) v.push_back(at + ".slope: one bound null at " + level);
    if (lo.is_number() && !(lo.get<double>() <= b && b <= number_or_nan(hi))) v.push_back(at + ".slope: per_month outside its interval at " + level);
  }
  const std::string decided = format_number(number_or_nan(s.at("decided_at")));
  const std::string direction = s.at("direction").get<std::string>();
  if (direction == "rising" && !(number_or_nan(s.at("lower").at(decided)) >= 0)) v.push_back(at + ": rising without a lower bound >= 0");
  if (direction == "falling" && !(number_or_nan(s.at("upper").at(decided)) <= 0)) v.push_back(at + ": falling without an upper bound <= 0");
}

void check_trends(const json& request, const json& out, std::vector<std::string>& v) {
  if (!request.is_object() || !request.contains("categories") || !request["categories"].is_object()) return;
  const json& cats = request["categories"];
  if (out.at("categories").size() != cats.size()) v.push_back("insights.trends: not one analysis per category");
  size_t span = SIZE_MAX;
  for (const auto& [name, values] : cats.items()) {
    check_trend(out.at("categories").at(name), values.size(), "insights.trends.categories." + name, v);
    span = std::min(span, values.size());
  }
  check_trend(out.at("total"), span, "insights.trends.total", v);
  const json& movers = out.at("top_movers");
  const json* top = request.contains("top") ? &request["top"] : nullptr;
  if (top && top->is_number() && double(movers.size()) > top->get<double>()) v.push_back("insights.trends: more movers than top");
  for (size_t i = 1; i < movers.size(); ++i)
    if (std::fabs(number_or_nan(movers[i - 1].at("change"))) < std::fabs(number_or_nan(movers[i].at("change"))))
      v.push_back("insights.trends: top_movers not by falling |change|");
}

// insights.nudges: ordered by priority then id, each id "<rule>:<subject>", each nudge's metric on
// the side of its trigger that its op says (to the cent for money), nothing shown that its history
// holds back, every suppressed one held until a day after as_of.
void check_nudges(const json& request, const json& out, std::vector<std::string>& v) {
  const auto need = [&](bool ok, const std::string& what) { if (!ok) v.push_back("insights.nudges: " + what); };
  const auto as_of = parse_date(out.at("as_of").get<std::string>());
  if (!as_of) return;
  const int64_t today = days_from_civil(*as_of);
  std::set<std::string> seen;
  const json& nudges = out.at("nudges");
  for (size_t i = 0; i < nudges.size(); ++i) {
    const json& n = nudges[i];
    const std::string id = n.at("id");
    need(id == n.at("rule").get<std::string>() + ":" + n.at("subject").get<std::string>(), id + ": id is not rule:subject");
    need(seen.insert(id).second, id + " given twice");
    need(n.at("priority").get<int>() >= 1 && n["priority"].get<int>() <= 5, id + ": priority outside 1-5");
    need(n.at("cooldown_days").get<int>() >= 0, id + ": negative cooldown");
    need(!n.at("message").get<std::string>().empty(), id + ": no message");
    if (i > 0) {
      const json& p = nudges[i - 1];
      need(p["priority"] < n["priority"] || (p["priority"] == n["priority"] && p["id"] < n["id"]), id + ": out of order");
    }
    const double x = number_or_nan(n.at("numbers").at("value")), t = number_or_nan(n["numbers"].at("trigger"));
    const std::string op = n.at("op");
    const bool holds = op == ">" ? x > t : op == ">=" ? x >= t : op == "<" ? x < t : x <= t;
    need(holds || std::fabs(x - t) <= 0.005, id + ": its value is not past its trigger");
    if (request.is_object() && request.contains("history") && request["history"].is_array()) {
      for (const json& h : request["history"]) {
        if (!h.is_object() || h.value("id", "") != id || !h.contains("shown") || !h["shown"].is_string()) continue;
        const auto shown = parse_date(h["shown"].get<std::string>());
        if (shown) need(today >= days_from_civil(*shown) + n["cooldown_days"].get<int64_t>(), id + ": shown inside its cooldown");
      }
    }
  }
  for (const json& s : out.at("suppressed")) {
    need(seen.count(s.at("id").get<std::string>()) == 0, "suppressed and shown");
    const auto until = parse_date(s.at("until").get<std::string>());
    const auto last = parse_date(s.at("last_shown").get<std::string>());
    need(until && last && (days_from_civil(*until) > today || s["until"] == "9999-12-31") && *last <= *until,
         "a suppression that does not hold past as_of");
  }
}

// Facts a single method's answer must hold beyond the shared rules.
void check_method(std::string_view method, const json& request, const json& out, std::vector<std::string>& v) {
  if (method == "goals.timeline" && out.value("reachable", false) && out.contains("schedule") && !out["schedule"].empty()) {
    const double target = request.is_object() && request.contains("target_amount") ? number_or_nan(request["target_amount"]) : 0;
    if (!(number_or_nan(out["schedule"].back()["balance"]) + 0.01 >= target)) v.push_back("goals.timeline: reachable but the schedule ends below the target");
  }
  if (method == "debt.plan" && out.contains("schedule") && !out["schedule"].empty()) {
    const json& debts = out["debts"];
    const json& last = out["schedule"].back();
    for (size_t i = 0; i < debts.size(); ++i) {
      if (!debts[i]["payoff_date"].is_null() && number_or_nan(last["balance"][i]) != 0) {
        v.push_back("debt.plan: debts[" + std::to_string(i) + "] paid off but not at zero in the last month");
      }
    }
  }
  if (method == "health.score" && !(number_or_nan(out["score"]) >= 0 && number_or_nan(out["score"]) <= 100)) {
    v.push_back("health.score: score outside [0, 100]");
  }
  if (method == "insights.habits") check_habits(out, v);
  if (method == "insights.trends") check_trends(request, out, v);
  if (method == "insights.nudges") check_nudges(request, out, v);
  if (method == "benchmarks.compare") check_benchmarks(out, v);
  if (method == "recommendations.generate") check_recommendations(out, v);
  if (method == "forecast.expenses" && out.contains("series")) {
    for (const json& x : out["series"]["forecast"]) {
      if (!x.is_number()) v.push_back("forecast.expenses: a point forecast is not a number");
    }
    const bool fitted = request.is_object() && request.value("include_fitted", false) == true;
    if (fitted && request["series"].is_array() && out["series"]["fitted"].size() != request["series"].size()) {
      v.push_back("forecast.expenses: fitted values differ in count from the series");
    }
  }
}

}  // namespace

bool is_money_key(const std::string& k) {
  static const std::set<std::string> keys = {
      "balance", "amount", "interest", "payment", "total_contributions", "final_balance", "interest_earned",
      "required_monthly_savings", "monthly_savings", "lump_sum", "prediction", "baseline", "end_balance",
      "total_interest", "total_paid", "interest_paid", "interest_saved", "monthly_budget", "extra_payment",
      "minimum_payments", "minimum_payment", "unused", "starting_balance", "threshold", "expected_final_balance"};
  return keys.count(k) > 0;
}

std::vector<std::string> answer_violations(std::string_view method, const json& request, const json& response) {
  std::vector<std::string> out;
  if (!response.is_object()) return {"the response is not a JSON object"};
  if (response.contains("error")) {
    check_error(response["error"], out);
    return out;
  }
  Walker{out}.walk(response, "", std::string(method));
  // A malformed answer can make the method checks read members that are not there: those reads
  // throw in nlohmann, which is itself a finding, reported as one.
  try {
    check_method(method, request, response, out);
  } catch (const std::exception& e) {
    out.push_back(std::string(method) + ": answer lacks a member its method always gives (" + e.what() + ")");
  }
  return out;
}

}  // namespace nestegg::testing
