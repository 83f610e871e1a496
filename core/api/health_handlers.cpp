// SPDX-License-Identifier: MIT
#include "health_handlers.hpp"

#include <cmath>

#include "error.hpp"
#include "field_rules.hpp"
#include "health_score.hpp"
#include "request.hpp"

namespace nestegg {

using nlohmann::json;

namespace {

struct InputField {
  const char* name;
  double lo, hi;
  std::optional<double> HealthInput::*field;
};

// Every input is optional; shares and probabilities are fractions.
const InputField kInputs[] = {
    {"monthly_income", 0.01, kMaxAmount, &HealthInput::monthly_income},
    {"monthly_spending", 0, kMaxAmount, &HealthInput::monthly_spending},
    {"bills_on_time", 0, 1, &HealthInput::bills_on_time},
    {"liquid_savings", 0, kMaxAmount, &HealthInput::liquid_savings},
    {"goal_confidence", 0, 1, &HealthInput::goal_confidence},
    {"monthly_debt_payments", 0, kMaxAmount, &HealthInput::monthly_debt_payments},
    {"debt_balance", 0, kMaxAmount, &HealthInput::debt_balance},
    {"credit_score", 300, 850, &HealthInput::credit_score},
    {"insurance_coverage", 0, 1, &HealthInput::insurance_coverage},
    {"planning_horizon_months", 0, 1200, &HealthInput::planning_horizon_months},
};

// Points, group means and score gains to the hundredth of a point (README "health.score"), half
// away from zero like money; shares and ratios to 1e-6; money to the cent. score_exact stays
// unrounded (a *_exact field).
double hundredths(double x) { return round_to(x, 100); }
double millionths(double x) { return round_to(x, 1e6); }

// `component` names the component too (best_improvement), null leaves it out.
void write_improvement(JsonWriter& w, const HealthImprovement& m, const char* component = nullptr) {
  w.begin_object();
  w.key("change").number(m.money ? to_cents(m.amount) : millionths(m.amount));
  if (component) w.key("component").string(component);
  w.key("input").string(m.input);
  w.key("points_after").number(hundredths(m.points_after));
  w.key("score_gain").number(hundredths(m.score_gain));
  w.key("target").number(m.target);
  w.key("text").string(m.text);
  w.end_object();
}

void write_component(JsonWriter& w, const HealthComponent& h) {
  w.begin_object();
  w.key("component").string(h.name);
  w.key("group").string(h.group);
  if (h.improvement) {
    write_improvement(w.key("improvement"), *h.improvement);
  } else {
    w.key("improvement").null();
  }
  w.key("measures").begin_object();  // keyed by measure name: the writer puts them in key order
  for (const auto& [name, value] : h.measures) w.key(name).number(millionths(value));
  w.end_object();
  w.key("points").number(hundredths(h.points));
  w.key("weight").number(h.weight);
  w.end_object();
}

// A component that could not be scored: the inputs it needs, and why when they were given.
void write_missing(JsonWriter& w, const HealthComponent& h) {
  w.begin_object();
  w.key("component").string(h.name);
  w.key("needs").begin_array();
  for (const char* input : h.needs) w.string(input);
  w.end_array();
  if (h.why) w.key("reason").string(h.why);
  w.end_object();
}

}  // namespace

void health_score(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  HealthInput in;
  for (const InputField& i : kInputs) in.*(i.field) = f.optional_number(i.name, Range{i.lo, i.hi});
  if (const auto weights = f.optional_object("weights")) {
    for (size_t c = 0; c < kHealthComponents; ++c) in.weights[c] = weights->number_or(kHealthScale[c].component, 1, Range{0, 100});
    warn_unread(*weights, ctx);
  }
  warn_unread(f, ctx);

  const HealthResult r = score_health(in);
  double present_weight = 0;
  bool any = false;
  for (size_t c = 0; c < kHealthComponents; ++c) {
    if (!r.components[c].present) continue;
    any = true;
    present_weight += in.weights[c];
  }
  if (!any) {
    fail(code::insufficient_data, "",
         "no component can be scored: give at least one input (monthly_income with monthly_spending, "
         "bills_on_time, credit_score, ...)");
  }
  if (present_weight <= 0) fail(code::invalid_value, "weights", "weights of the components given are all 0");

  if (r.best >= 0) {
    const HealthComponent& best = r.components[size_t(r.best)];
    write_improvement(w.key("best_improvement"), *best.improvement, best.name);
  } else {
    w.key("best_improvement").null();
  }
  w.key("components").begin_array();
  for (const HealthComponent& h : r.components) {
    if (h.present) write_component(w, h);
  }
  w.end_array();
  w.key("groups").begin_object();  // keyed by group name: the writer puts them in key order
  for (size_t g = 0; g < 4; ++g) {
    w.key(kHealthGroups[g]).number(r.groups[g] ? std::optional<double>(hundredths(*r.groups[g])) : std::nullopt);
  }
  w.end_object();
  w.key("missing").begin_array();
  for (const HealthComponent& h : r.components) {
    if (!h.present) write_missing(w, h);
  }
  w.end_array();
  w.key("renormalised").boolean(r.renormalised);
  w.key("score").integer(r.score);
  w.key("score_exact").number(r.score_exact);
  w.key("tier").string(r.tier);
  w.key("tiers").string("vulnerable 0-39, coping 40-79, healthy 80-100 (the score rounded)");
}

}  // namespace nestegg
