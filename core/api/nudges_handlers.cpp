// SPDX-License-Identifier: MIT
#include "nudges_handlers.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "error.hpp"
#include "field_rules.hpp"
#include "forecast_handlers.hpp"
#include "format_text.hpp"
#include "goals_handlers.hpp"
#include "monthly_reader.hpp"
#include "nudges.hpp"
#include "request.hpp"
#include "subscription_items.hpp"

namespace nestegg {

using nlohmann::json;

namespace {

constexpr size_t kMaxRules = 100;
constexpr int64_t kMaxCooldownDays = 3650;
constexpr Range kFractionOrPlain{-1e6, 1e6};

// A refusal of field `name` of the object at `at` (never empty: "rules[2]"): the message is
// "<at>.<name> <rule><detail>".
[[noreturn]] __attribute__((noinline)) void refuse_at(const char* code, const std::string& at, const char* name,
                                                      const char* rule, std::string_view detail = {}) {
  fail_at(code, FieldPath(at, name), " %s%.*s", rule, int(detail.size()), detail.data());
}

// The objects insights.habits returns: the fields the rules use are read, the rest accepted as is.
std::vector<SubscriptionState> read_subscriptions(const Fields& f, CallContext& ctx) {
  std::vector<SubscriptionState> out;
  const json* items = subscription_items(f, ctx.limits);
  if (!items) return out;
  std::set<std::string> subjects;
  for (size_t i = 0; i < items->size(); ++i) {
    const std::string at = format_text("subscriptions[%zu]", i);
    const Fields x((*items)[i], at);
    SubscriptionState s;
    s.id = x.text("id", 1, 200);
    // "netflix" and "subscription:netflix" would be one subject, and one nudge id.
    if (!subjects.insert(subscription_subject(s.id)).second) refuse_at(code::invalid_value, at, "id", "repeats a subscription's id");
    s.merchant = x.text_or("merchant", "", 0, 200);
    if (x.has("period")) s.period = x.choice_or("period", "monthly", {"weekly", "biweekly", "monthly", "quarterly", "annual"});
    s.amount = x.number("amount", kAmount);
    s.previous_amount = x.optional_number("previous_amount", kAmount);
    s.monthly_cost = x.optional_number("monthly_cost", kAmount);
    s.next_expected_date = x.optional_date("next_expected_date");
    s.active = x.choice_or("status", "active", {"active", "lapsed"}) == "active";
    parse_recurring_kind(x.choice_or("kind", "subscription", {"subscription", "bill", "transfer"}), s.kind);
    for (const char* other : {"interval_days", "price_changes", "first_date", "last_date", "occurrences", "missed",
                              "annual_cost", "confidence", "category", "account"})  // status is read above
      x.has(other);
    warn_unread(x, ctx);
    out.push_back(std::move(s));
  }
  return out;
}

// This month so far: `day` days gone of `days` (default: as_of's day and month), or `days_left`.
MonthState read_month(const Fields& m, const Date& as_of) {
  MonthState s;
  s.income = m.number("income", kAmount);
  s.spent = m.number("spent", kAmount);
  s.days = int(m.integer_or("days", days_in_month(as_of.year, as_of.month), 28, 31));
  if (m.has("day") && m.has("days_left"))
    fail(code::invalid_value, m.at("days_left"), "give day or days_left, not both");
  if (m.has("days_left")) s.day = s.days - int(m.integer_or("days_left", 0, 0, s.days - 1));
  else s.day = int(m.integer_or("day", std::min(as_of.day, s.days), 1, s.days));
  return s;
}

std::vector<Shown> read_history(const Fields& f, const Limits& limits) {
  std::vector<Shown> out;
  const json* items = f.optional_array("history", 0, limits.history_items());
  if (!items) return out;
  out.reserve(items->size());
  for (size_t i = 0; i < items->size(); ++i) {
    const Fields h((*items)[i], FieldPath::item("history", i));
    out.push_back({h.text("id", 1, 300), h.date("shown")});
  }
  return out;
}

const MetricInfo* find_metric(const std::string& name) {
  for (const MetricInfo& m : metric_table())
    if (name == m.name) return &m;
  return nullptr;
}

Op read_op(const Fields& r, Op fallback) {
  const std::string op = r.choice_or("op", op_text(fallback), {">", ">=", "<", "<="});
  return op == ">" ? Op::gt : op == ">=" ? Op::ge : op == "<" ? Op::lt : Op::le;
}

// The field that restricts a rule to one subject of its family, when the family has several.
const char* subject_field(Family f) {
  return f == Family::goal ? "goal" : f == Family::category ? "category" : f == Family::subscription ? "subscription" : nullptr;
}

bool valid_rule_id(const std::string& id) {
  return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// One entry of "rules": a built-in's id with new parameters (or enabled: false), or a rule of the
// caller's own with metric, op and value. Subjects are checked against the state's names.
std::string read_rule(const Fields& r, const std::string& at, std::vector<Rule>& rules, const NudgeState& state) {
  const std::string id = r.text("id", 1, 40);
  if (!valid_rule_id(id)) refuse_at(code::invalid_value, at, "id", "must be lower-case letters, digits and _");
  auto it = std::find_if(rules.begin(), rules.end(), [&](const Rule& x) { return x.id == id; });
  const bool builtin = it != rules.end() && it->builtin;
  if (it != rules.end() && !builtin) refuse_at(code::invalid_value, at, "id", "repeats a rule's id");
  if (builtin && r.has("metric"))
    refuse_at(code::invalid_value, at, "metric", "cannot be given: a built-in rule keeps its metric (give the rule another id)");
  if (!builtin) {
    Rule fresh;
    fresh.id = id;
    const std::string metric = r.text("metric", 1, 40);
    const MetricInfo* info = find_metric(metric);
    if (!info) {  // the list in the message: a caller should not need README to mend the request
      std::string names;
      for (const MetricInfo& m : metric_table()) append_text(names, "%s%s", names.empty() ? "" : ", ", m.name);
      (names += "; got ") += metric;
      refuse_at(code::invalid_value, at, "metric", "must be one of ", names);
    }
    fresh.metric = info->metric;
    if (!r.has("op")) refuse_at(code::missing_field, at, "op", "is required (>, >=, <, <=)");
    if (!r.has("value")) refuse_at(code::missing_field, at, "value", "is required");
    fresh.message = format_text("{subject}: %.*s at {value}", int(id.size()), id.data());
    rules.push_back(std::move(fresh));
    it = rules.end() - 1;
  }
  Rule& rule = *it;
  const MetricInfo& info = metric_info(rule.metric);
  rule.enabled = r.boolean_or("enabled", true);
  rule.op = read_op(r, rule.op);
  if (r.has("value")) rule.value = r.number("value", info.kind == Kind::money ? kSignedAmount : kFractionOrPlain);
  rule.priority = int(r.integer_or("priority", rule.priority, 1, 5));
  rule.cooldown_days = int(r.integer_or("cooldown_days", rule.cooldown_days, 0, kMaxCooldownDays));
  rule.message = r.text_or("message", rule.message, 1, 500);
  const std::vector<std::string> unknown = unknown_placeholders(rule.message, info.family);
  if (!unknown.empty())
    refuse_at(code::invalid_value, at, "message", "names a placeholder no nudge of this metric has: ", unknown.front());
  if (const char* field = subject_field(info.family); field && r.has(field)) {
    rule.subject = r.text(field, 1, 200);
    std::vector<std::string> names;
    for (const GoalState& g : state.goals) if (info.family == Family::goal) names.push_back(g.name);
    for (const CategoryState& c : state.categories) if (info.family == Family::category) names.push_back(c.name);
    // A subscription is named by the habits id ("subscription:netflix") or the subject ("netflix").
    if (info.family == Family::subscription) rule.subject = subscription_subject(rule.subject);
    for (const SubscriptionState& s : state.subscriptions)
      if (info.family == Family::subscription) names.push_back(subscription_subject(s.id));
    if (std::find(names.begin(), names.end(), rule.subject) == names.end() && !names.empty())
      refuse_at(code::invalid_value, at, field, "names no subject of the request: ", rule.subject);
  }
  return id;
}

std::vector<Rule> read_rules(const Fields& f, const NudgeState& state, CallContext& ctx) {
  std::vector<Rule> rules = builtin_rules();
  const json* items = f.optional_array("rules", 0, kMaxRules);
  if (!items) return rules;
  std::vector<std::string> given;
  for (size_t i = 0; i < items->size(); ++i) {
    const std::string at = format_text("rules[%zu]", i);
    const Fields r((*items)[i], at);
    // A built-in given twice would leave one entry silently overriding the other.
    const std::string id = read_rule(r, at, rules, state);
    if (std::find(given.begin(), given.end(), id) != given.end())
      refuse_at(code::invalid_value, at, "id", "repeats a rule's id");
    given.push_back(id);
    warn_unread(r, ctx);
  }
  return rules;
}

void write(JsonWriter& w, const Nudge& n) {
  w.begin_object();
  w.key("cooldown_days").integer(n.cooldown_days);
  w.key("date").date(n.date);
  w.key("id").string(n.id);
  w.key("message").string(n.message);
  w.key("numbers").begin_object();  // keys in the rule's order: the writer sorts them
  for (const Number& x : n.numbers) {
    if (x.kind == Kind::money) w.key(x.key).cents(x.value);
    else w.key(x.key).number(x.value);
  }
  w.end_object();
  w.key("op").string(op_text(n.op));
  w.key("priority").integer(n.priority);
  w.key("rule").string(n.rule);
  w.key("source").string(n.builtin ? "builtin" : "caller");
  w.key("subject").string(n.subject);
  w.end_object();
}

}  // namespace

void insights_nudges(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  NudgeState state;
  state.as_of = f.date_or("as_of", ctx.today);
  state.goals = read_named_goals(f, state.as_of, ctx);
  if (f.has("categories")) {
    MonthlyCategories m = read_monthly_categories(f, ctx);
    if (month_index(m.last_month) > month_index(state.as_of))
      fail_at(code::date_order, "last_month", " must not be after as_of's month");
    state.last_month = m.last_month;
    for (auto& [name, y] : m.series) state.categories.push_back({name, std::move(y)});
  }
  state.subscriptions = read_subscriptions(f, ctx);
  if (const auto cf = f.optional_object("cashflow")) {
    bool include_daily = true;  // a forecast.cashflow request as is; the daily path is not shown here
    state.cashflow = read_cashflow_input(*cf, state.as_of, ctx, include_daily);
  }
  if (const auto m = f.optional_object("month")) {
    state.month = read_month(*m, state.as_of);
    warn_unread(*m, ctx);
  }
  const std::vector<Rule> rules = read_rules(f, state, ctx);
  const std::vector<Shown> history = read_history(f, ctx.limits);
  warn_unread(f, ctx);
  const int64_t evaluations = nudge_evaluations(state, rules);
  if (evaluations > ctx.limits.max_nudge_evaluations)
    fail(code::too_large, "rules",
         "rules x their subjects (%lld evaluations: each enabled rule once per goal, category or subscription of its "
         "family) is over limits.max_nudge_evaluations of %lld",
         static_cast<long long>(evaluations), static_cast<long long>(ctx.limits.max_nudge_evaluations));

  const NudgeResult r = evaluate_nudges(state, rules, history, size_t(ctx.limits.max_nudges_per_rule));
  w.key("as_of").date(state.as_of);
  w.key("nudges").begin_array();
  for (const Nudge& n : r.nudges) write(w, n);
  w.end_array();
  w.key("omitted").begin_array();
  for (const Omitted& o : r.omitted) {
    w.begin_object();
    w.key("count").integer(o.count);
    w.key("rule").string(o.rule);
    w.end_object();
  }
  w.end_array();
  w.key("skipped_rules").strings(r.skipped);
  w.key("suppressed").begin_array();
  for (const Suppressed& s : r.suppressed) {
    w.begin_object();
    w.key("id").string(s.id);
    w.key("last_shown").date(s.last_shown);
    w.key("rule").string(s.rule);
    w.key("until").date(s.until);
    w.end_object();
  }
  w.end_array();
}

}  // namespace nestegg
