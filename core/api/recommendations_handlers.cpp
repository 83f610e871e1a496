// SPDX-License-Identifier: MIT
#include "recommendations_handlers.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "benchmarks_handlers.hpp"
#include "budget_handlers.hpp"
#include "debt_handlers.hpp"
#include "error.hpp"
#include "field_rules.hpp"
#include "goals_handlers.hpp"
#include "investment_handlers.hpp"
#include "recommendations.hpp"
#include "request.hpp"
#include "subscription_items.hpp"

namespace nestegg {

using nlohmann::json;

namespace {

[[noreturn]] void refuse(const char* code, const std::string& message, const std::string& field) {
  throw NesteggError(code, message, field);
}

Date read_month(const Fields& f, const char* name, const Date& fallback) {
  if (!f.has(name)) return Date{fallback.year, fallback.month, 1};
  const std::string text = f.text(name, 1, 16);
  const std::optional<Date> m = parse_month(text);
  if (!m) refuse(code::invalid_date, f.path(name) + " must be a month \"YYYY-MM\", got \"" + text + "\"", f.path(name));
  return *m;
}

std::vector<RecHistory> read_history(const Fields& f, const Date& as_of, const Limits& limits) {
  std::vector<RecHistory> out;
  const json* arr = f.optional_array("history", 0, limits.history_items());
  if (!arr) return out;
  out.reserve(arr->size());
  for (size_t i = 0; i < arr->size(); ++i) {
    const Fields h((*arr)[i], "history[" + std::to_string(i) + "]");
    RecHistory e;
    e.id = h.text("id", 1, 200);
    const std::string status = h.choice_or("status", "shown", {"shown", "accepted", "dismissed"});
    e.status = status == "accepted" ? RecStatus::accepted : status == "dismissed" ? RecStatus::dismissed : RecStatus::shown;
    e.date = h.date("date");
    if (as_of < e.date) refuse(code::date_order, h.path("date") + " is after as_of", h.path("date"));
    e.baseline = h.optional_number("baseline", kSignedAmount);
    out.push_back(std::move(e));
  }
  return out;
}

// insights.habits' subscription objects; fields other than these are theirs and left alone.
std::vector<RecSubscription> read_subscriptions(const Fields& f, const Limits& limits) {
  std::vector<RecSubscription> out;
  const json* arr = subscription_items(f, limits);
  if (!arr) return out;
  out.reserve(arr->size());
  std::set<std::string> seen;
  for (size_t i = 0; i < arr->size(); ++i) {
    const Fields s((*arr)[i], "subscriptions[" + std::to_string(i) + "]");
    RecSubscription sub;
    sub.id = s.text("id", 1, 200);
    if (!seen.insert(sub.id).second) {  // ids key the recommendations and their history
      refuse(code::invalid_value, s.path("id") + " repeats \"" + sub.id + "\"", s.path("id"));
    }
    sub.merchant = s.text_or("merchant", sub.id, 1, 200);
    sub.amount = s.number("amount", kAmount);
    sub.previous_amount = s.optional_number("previous_amount", kAmount);
    sub.monthly_cost = s.number("monthly_cost", kAmount);
    sub.unused = s.boolean_or("unused", false);
    parse_recurring_kind(s.choice_or("kind", "subscription", {"subscription", "bill", "transfer"}), sub.kind);
    out.push_back(std::move(sub));
  }
  return out;
}

std::optional<DebtPlanInput> read_debt_plan(const Fields& f, CallContext& ctx, const Date& as_of) {
  std::vector<Debt> debts = read_debts(f, ctx, 0);
  const std::optional<double> budget = f.optional_number("debt_budget", kAmount);
  if (debts.empty()) {
    if (budget) refuse(code::invalid_value, "debt_budget goes with debts", "debt_budget");
    return std::nullopt;
  }
  DebtPlanInput in;
  in.debts = std::move(debts);
  in.start = as_of;
  int64_t minimums = 0;
  for (const Debt& d : in.debts) minimums += d.minimum;
  in.budget = budget ? to_whole_cents(*budget) : minimums;
  if (in.budget < minimums) {
    refuse(code::invalid_value, "debt_budget (" + format_number(*budget) + ") is below the minimum payments (" +
                                    format_number(double(minimums) / 100) + ")", "debt_budget");
  }
  return in;
}

std::optional<ReadinessInput> read_readiness(const Fields& f, CallContext& ctx) {
  if (!f.has("emergency_fund") && !f.has("employer_match") && !f.has("risk")) return std::nullopt;
  ReadinessInput in;
  in.emergency_fund = f.number("emergency_fund", kAmount);
  in.savings_rate = f.number_or("savings_rate", 0, kRate);
  in.horizon_years = f.number_or("horizon_years", 10, Range{0, 100});
  read_match_and_risk(f, ctx, in);
  return in;
}

json numbers_json(const std::vector<std::pair<const char*, double>>& numbers) {
  json o = json::object();
  for (const auto& [k, v] : numbers) {
    const std::string_view key(k);
    put(o, k, key == "percentile" ? std::round(v * 10) / 10 : key.rfind("months", 0) == 0 ? v : to_cents(v));
  }
  return o;
}

json or_null(const std::optional<double>& x) { return x ? json(to_cents(*x)) : json(nullptr); }

json recommendation_json(const Recommendation& r) {
  return object({{"id", r.id},
                 {"kind", rec_kind_name(r.kind)},
                 {"title", r.title},
                 {"rationale", r.rationale},
                 {"impact", object({{"monthly", to_cents(r.monthly)}, {"annual", to_cents(r.annual)}})},
                 {"confidence", r.confidence},
                 {"score", r.score},
                 {"source", r.source},
                 {"metric", r.metric.empty() ? json(nullptr) : json(r.metric)},
                 {"baseline", or_null(r.baseline)},
                 {"numbers", numbers_json(r.numbers)}});
}

json tracked_json(const Tracked& t) {
  json o = object({{"id", t.id},
                   {"accepted_date", format_date(t.accepted_on)},
                   {"metric", t.metric.empty() ? json(nullptr) : json(t.metric)},
                   {"baseline", or_null(t.baseline)},
                   {"current", or_null(t.current)},
                   {"effect", t.monthly_effect ? object({{"monthly", to_cents(*t.monthly_effect)},
                                                         {"annual", to_cents(12 * *t.monthly_effect)}})
                                               : json(nullptr)}});
  if (t.note) put(o, "note", t.note);
  return o;
}

}  // namespace

json recommendations_generate(const json& request, CallContext& ctx) {
  const Fields f(request);
  RecInput in;
  in.as_of = f.date("as_of");
  in.spending_month = read_month(f, "spending_month", in.as_of);
  in.budget = read_budget_request(f, ctx, "at_most").input;
  in.debts = read_debt_plan(f, ctx, in.as_of);
  in.readiness = read_readiness(f, ctx);
  PeerInput peers;
  read_peer_age(f, peers);
  if (peers.age || peers.age_group) in.peers = peers;
  in.subscriptions = read_subscriptions(f, ctx.limits);
  in.goals = read_named_goals(f, in.as_of, ctx);
  in.history = read_history(f, in.as_of, ctx.limits);
  warn_unread(f, ctx);

  const RecResult r = generate_recommendations(in, size_t(ctx.limits.max_recommendations));
  json recs = json::array(), held = json::array(), tracked = json::array();
  for (const Recommendation& x : r.recommendations) recs.push_back(recommendation_json(x));
  for (const HeldBack& h : r.held_back) {
    held.push_back(object({{"id", h.id}, {"dismissed_date", format_date(h.dismissed_on)}, {"until_date", format_date(h.until)}}));
  }
  for (const Tracked& t : r.tracked) tracked.push_back(tracked_json(t));
  return object({{"as_of", format_date(in.as_of)},
                 {"spending_month", format_month(in.spending_month)},
                 {"recommendations", std::move(recs)},
                 {"omitted", r.omitted},
                 {"held_back", std::move(held)},
                 {"tracked", std::move(tracked)},
                 {"hold_days", kDismissHoldDays},
                 {"ranking", "score = annual impact x confidence, highest first (ties by id)"}});
}

}  // namespace nestegg
