// SPDX-License-Identifier: MIT
#include "budget_handlers.hpp"

#include <cmath>

#include "budget.hpp"
#include "error.hpp"
#include "field_rules.hpp"
#include "request.hpp"

namespace nestegg {

using nlohmann::json;

namespace {

constexpr size_t kMaxBudgetCategories = 200;

int64_t to_cent_units(double x) { return std::llround(x * 100); }
double money(int64_t cents) { return double(cents) / 100; }

// An optional object of category -> value whose names must all be categories of `spending`.
const json* per_category(const Fields& f, const char* name, const json& spending) {
  const json* v = f.optional_value(name);
  if (!v) return nullptr;
  if (!v->is_object()) {
    fail_at(code::wrong_type, name, " must be an object of category -> value, got %s", describe(*v));
  }
  for (auto it = v->begin(); it != v->end(); ++it) {
    if (!spending.contains(it.key())) fail_at(code::invalid_value, FieldPath(name, it.key()), " names no category of spending");
  }
  return v;
}

// The entry of `name` in an optional per-category object; null counts as not given.
const json* entry(const json* object, const std::string& name) {
  if (!object) return nullptr;
  const auto it = object->find(name);
  return it == object->end() || it->is_null() ? nullptr : &*it;
}

std::array<double, 3> read_shares(const Fields& f, const std::string& rule, CallContext& ctx) {
  const auto shares = f.optional_object("shares");
  if (rule != "custom") {
    if (shares) fail(code::invalid_value, "rule", "shares go with rule \"custom\"");
    if (rule == "70/20/10") return {0.7, 0.2, 0.1};
    if (rule == "60/20/20") return {0.6, 0.2, 0.2};
    return {0.5, 0.3, 0.2};
  }
  if (!shares) fail(code::missing_field, "shares", "shares {needs, wants, savings} is required with rule \"custom\"");
  const std::array<double, 3> s{shares->number("needs", Range{0, 1}), shares->number("wants", Range{0, 1}),
                                shares->number("savings", Range{0, 1})};
  warn_unread(*shares, ctx);
  if (std::fabs(s[0] + s[1] + s[2] - 1) > 1e-9) {
    fail(code::invalid_value, "shares", "shares must add to 1 (fractions of income, 0.5 = 50 %%), got %g", s[0] + s[1] + s[2]);
  }
  return s;
}

void write_category(JsonWriter& w, const CategoryPlan& c) {
  const int64_t change = c.proposed - c.current;
  std::optional<double> ceiling, percent_change;
  if (c.ceiling != kNoCeilingCents) ceiling = money(c.ceiling);
  if (c.current > 0) percent_change = 100.0 * double(change) / double(c.current);
  w.begin_object();
  w.key("bucket").string(bucket_name(c.bucket));
  w.key("category").string(c.name);
  w.key("ceiling").number(ceiling);
  w.key("change").number(money(change));
  w.key("current").number(money(c.current));
  w.key("floor").number(money(c.floor));
  if (c.limit == Limit::none) {
    w.key("limit").null();
  } else {
    w.key("limit").string(c.limit == Limit::floor ? "floor" : "ceiling");
  }
  w.key("percent_change").number(percent_change);
  w.key("proposed").number(money(c.proposed));
  w.key("reason").string_or_null(c.reason);
  w.end_object();
}

void write_bucket(JsonWriter& w, const BucketPlan& bp, double target_share, double income) {
  w.begin_object();
  w.key("binding").strings(bp.binding);
  w.key("change").number(money(bp.proposed - bp.current));
  w.key("current").number(money(bp.current));
  w.key("current_share").number(double(bp.current) / income);
  w.key("proposed").number(money(bp.proposed));
  w.key("proposed_share").number(double(bp.proposed) / income);
  w.key("status").string(status_name(bp.status));
  w.key("target").number(money(bp.target));
  w.key("target_share").number(target_share);
  w.end_object();
}

}  // namespace

BudgetRequest read_budget_request(const Fields& f, CallContext& ctx, const char* default_mode) {
  BudgetInput in;
  in.income = to_cent_units(f.number("monthly_income", Range{0.01, kMaxAmount}));
  const json& spending = f.value("spending");
  if (!spending.is_object()) {
    fail_at(code::wrong_type, "spending", " must be an object of category -> monthly amount, got %s", describe(spending));
  }
  if (spending.empty()) fail_at(code::insufficient_data, "spending", " must name at least one category");
  if (spending.size() > kMaxBudgetCategories) fail_at(code::too_large, "spending", " must have at most %zu categories", kMaxBudgetCategories);
  const std::string rule = f.choice_or("rule", f.has("shares") ? "custom" : "50/30/20",
                                       {"50/30/20", "70/20/10", "60/20/20", "custom"});
  in.shares = read_shares(f, rule, ctx);
  in.at_most = f.choice_or("mode", default_mode, {"exact", "at_most"}) == "at_most";
  const json* buckets = per_category(f, "buckets", spending);
  const json* floors = per_category(f, "floors", spending);
  const json* ceilings = per_category(f, "ceilings", spending);

  for (auto it = spending.begin(); it != spending.end(); ++it) {
    const std::string& name = it.key();
    BudgetCategory c;
    c.name = name;
    c.current = to_cent_units(checked_number(it.value(), FieldPath("spending", name), kAmount));
    if (const json* v = entry(floors, name)) c.floor = to_cent_units(checked_number(*v, FieldPath("floors", name), kAmount));
    if (const json* v = entry(ceilings, name)) {
      c.ceiling = to_cent_units(checked_number(*v, FieldPath("ceilings", name), kAmount));
      if (c.ceiling < c.floor) fail_at(code::invalid_value, FieldPath("ceilings", name), " is below its floor");
    }
    std::optional<BudgetBucket> bucket = default_bucket(name);
    if (const json* v = entry(buckets, name)) {
      const json& b = *v;
      const FieldPath at("buckets", name);
      if (!b.is_string()) fail_at(code::wrong_type, at, " must be needs, wants or savings, got %s", describe(b));
      const std::string& s = b.get_ref<const std::string&>();
      if (s == "needs") bucket = BudgetBucket::needs;
      else if (s == "wants") bucket = BudgetBucket::wants;
      else if (s == "savings") bucket = BudgetBucket::savings;
      else fail_at(code::invalid_value, at, " must be one of: needs, wants, savings");
    }
    if (!bucket) {
      fail(code::missing_field, FieldPath("buckets", name),
           "spending.%.*s is in no default bucket: give buckets.%.*s (needs, wants or savings)", int(name.size()),
           name.data(), int(name.size()), name.data());
    }
    c.bucket = *bucket;
    in.categories.push_back(std::move(c));
  }
  return {std::move(in), rule};
}

void budget_optimize(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  const BudgetRequest req = read_budget_request(f, ctx, "exact");
  warn_unread(f, ctx);
  const BudgetInput& in = req.input;
  const std::string& rule = req.rule;
  const BudgetPlan plan = optimize_budget(in);
  w.key("buckets").begin_object();
  for (const BudgetBucket b : {BudgetBucket::needs, BudgetBucket::savings, BudgetBucket::wants}) {  // key order
    const size_t i = size_t(b);
    write_bucket(w.key(bucket_name(b)), plan.buckets[i], in.shares[i], double(in.income));
  }
  w.end_object();
  w.key("categories").begin_array();
  for (const CategoryPlan& c : plan.categories) write_category(w, c);
  w.end_array();
  w.key("changes").begin_array();
  for (size_t i : plan.changes) write_category(w, plan.categories[i]);
  w.end_array();
  w.key("feasible").boolean(plan.feasible);
  w.key("mode").string(in.at_most ? "at_most" : "exact");
  w.key("monthly_income").number(money(in.income));
  w.key("objective").string(
      "least squared relative change within each bucket: sum ((x - s) / (s + 1))^2, "
      "floors and ceilings as bounds, solved exactly");
  w.key("rule").string(rule);
  w.key("unassigned").begin_object();
  w.key("current").number(money(plan.unassigned_current));
  w.key("proposed").number(money(plan.unassigned_proposed));
  w.end_object();
}

}  // namespace nestegg
