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

Date read_month(const Fields& f, const char* name, const Date& fallback) {
  if (!f.has(name)) return Date{fallback.year, fallback.month, 1};
  const std::string text = f.text(name, 1, 16);
  const std::optional<Date> m = parse_month(text);
  if (!m) fail_at(code::invalid_date, f.at(name), " must be a month \"YYYY-MM\", got \"%.*s\"", int(text.size()), text.data());
  return *m;
}

std::vector<RecHistory> read_history(const Fields& f, const Date& as_of, const Limits& limits) {
  std::vector<RecHistory> out;
  const json* arr = f.optional_array("history", 0, limits.history_items());
  if (!arr) return out;
  out.reserve(arr->size());
  for (size_t i = 0; i < arr->size(); ++i) {
    const Fields h((*arr)[i], FieldPath::item("history", i));
    RecHistory e;
    e.id = h.text("id", 1, 200);
    const std::string status = h.choice_or("status", "shown", {"shown", "accepted", "dismissed"});
    e.status = status == "accepted" ? RecStatus::accepted : status == "dismissed" ? RecStatus::dismissed : RecStatus::shown;
    e.date = h.date("date");
    if (as_of < e.date) fail_at(code::date_order, h.at("date"), " is after as_of");
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
    const Fields s((*arr)[i], FieldPath::item("subscriptions", i));
    RecSubscription sub;
    sub.id = s.text("id", 1, 200);
    if (!seen.insert(sub.id).second) {  // ids key the recommendations and their history
      fail_at(code::invalid_value, s.at("id"), " repeats \"%.*s\"", int(sub.id.size()), sub.id.data());
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
    if (budget) fail_at(code::invalid_value, "debt_budget", " goes with debts");
    return std::nullopt;
  }
  DebtPlanInput in;
  in.debts = std::move(debts);
  in.start = as_of;
  const int64_t minimums = DebtSimulator(in).minimums_due();  // as debt.plan: a paid-off debt is due nothing
  in.budget = budget ? to_whole_cents(*budget) : minimums;
  if (in.budget < minimums) {
    fail_at(code::invalid_value, "debt_budget", " (%.2f) is below the minimum payments (%.2f)", double(in.budget) / 100,
            double(minimums) / 100);  // money as answers give it: to the cent, however large
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

// The figures a rationale quotes: a percentile to one decimal, a count of months as is, money to
// the cent. Keys come in the rationale's order: the writer sorts them.
void write_numbers(JsonWriter& w, const std::vector<std::pair<const char*, double>>& numbers) {
  w.begin_object();
  for (const auto& [k, v] : numbers) {
    const std::string_view key(k);
    if (key == "percentile") w.key(key).number(round_to(v, 10));
    else if (key.rfind("months", 0) == 0) w.key(key).number(v);
    else w.key(key).cents(v);
  }
  w.end_object();
}

void write_impact(JsonWriter& w, double monthly, double annual) {
  w.begin_object();
  w.key("annual").cents(annual);
  w.key("monthly").cents(monthly);
  w.end_object();
}

void write(JsonWriter& w, const Recommendation& r) {
  w.begin_object();
  w.key("baseline").cents(r.baseline);
  w.key("confidence").number(r.confidence);
  w.key("id").string(r.id);
  write_impact(w.key("impact"), r.monthly, r.annual);
  w.key("kind").string(rec_kind_name(r.kind));
  w.key("metric").string_or_null(r.metric);
  write_numbers(w.key("numbers"), r.numbers);
  w.key("rationale").string(r.rationale);
  w.key("score").number(r.score);
  w.key("source").string(r.source);
  w.key("title").string(r.title);
  w.end_object();
}

void write(JsonWriter& w, const Tracked& t) {
  w.begin_object();
  w.key("accepted_date").date(t.accepted_on);
  w.key("baseline").cents(t.baseline);
  w.key("current").cents(t.current);
  if (t.monthly_effect) write_impact(w.key("effect"), *t.monthly_effect, 12 * *t.monthly_effect);
  else w.key("effect").null();
  w.key("id").string(t.id);
  w.key("metric").string_or_null(t.metric);
  if (t.note) w.key("note").string(t.note);
  w.end_object();
}

}  // namespace

void recommendations_generate(const json& request, CallContext& ctx, JsonWriter& w) {
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
  w.key("as_of").date(in.as_of);
  w.key("held_back").begin_array();
  for (const HeldBack& h : r.held_back) {
    w.begin_object();
    w.key("dismissed_date").date(h.dismissed_on);
    w.key("id").string(h.id);
    w.key("until_date").date(h.until);
    w.end_object();
  }
  w.end_array();
  w.key("hold_days").integer(kDismissHoldDays);
  w.key("omitted").integer(r.omitted);
  w.key("ranking").string("score = annual impact x confidence, highest first (ties by id)");
  w.key("recommendations").begin_array();
  for (const Recommendation& x : r.recommendations) write(w, x);
  w.end_array();
  w.key("spending_month").string(format_month(in.spending_month));
  w.key("tracked").begin_array();
  for (const Tracked& t : r.tracked) write(w, t);
  w.end_array();
}

}  // namespace nestegg
