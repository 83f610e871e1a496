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

// One out-of-line throw for the handler's refusals (each throw site inline costs .wasm bytes).
[[noreturn]] void refuse(const char* code, const std::string& message, const std::string& field) {
  throw NesteggError(code, message, field);
}

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
double hundredths(double x) { return std::round(x * 100) / 100; }
double millionths(double x) { return std::round(x * 1e6) / 1e6; }

json improvement_json(const HealthImprovement& m) {
  return object({{"input", m.input},
                 {"target", m.target},
                 {"change", m.money ? to_cents(m.amount) : millionths(m.amount)},
                 {"points_after", hundredths(m.points_after)},
                 {"score_gain", hundredths(m.score_gain)},
                 {"text", m.text}});
}

}  // namespace

json health_score(const json& request, CallContext& ctx) {
  const Fields f(request);
  HealthInput in;
  for (const InputField& i : kInputs) in.*(i.field) = f.optional_number(i.name, Range{i.lo, i.hi});
  if (const auto w = f.optional_object("weights")) {
    for (size_t c = 0; c < kHealthComponents; ++c) in.weights[c] = w->number_or(kHealthScale[c].component, 1, Range{0, 100});
    warn_unread(*w, ctx);
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
    refuse(code::insufficient_data,
                       "no component can be scored: give at least one input (monthly_income with monthly_spending, "
                       "bills_on_time, credit_score, ...)",
                       "");
  }
  if (present_weight <= 0) refuse(code::invalid_value, "weights of the components given are all 0", "weights");

  json components = json::array(), missing = json::array();
  for (const HealthComponent& h : r.components) {
    if (!h.present) {
      json m = object({{"component", h.name}, {"needs", h.needs}});
      if (h.why) put(m, "reason", h.why);
      missing.push_back(std::move(m));
      continue;
    }
    json measures = json::object();
    for (const auto& [name, value] : h.measures) put(measures, name, millionths(value));
    components.push_back(object({{"component", h.name},
                                 {"group", h.group},
                                 {"measures", std::move(measures)},
                                 {"points", hundredths(h.points)},
                                 {"weight", h.weight},
                                 {"improvement", h.improvement ? improvement_json(*h.improvement) : json(nullptr)}}));
  }
  json groups = json::object();
  for (size_t g = 0; g < 4; ++g) put(groups, kHealthGroups[g], r.groups[g] ? json(hundredths(*r.groups[g])) : json(nullptr));
  json best = nullptr;
  if (r.best >= 0) {
    best = improvement_json(*r.components[size_t(r.best)].improvement);
    put(best, "component", r.components[size_t(r.best)].name);
  }
  return object({{"score", r.score},
                 {"score_exact", r.score_exact},
                 {"tier", r.tier},
                 {"groups", std::move(groups)},
                 {"components", std::move(components)},
                 {"missing", std::move(missing)},
                 {"renormalised", r.renormalised},
                 {"best_improvement", std::move(best)},
                 {"tiers", "vulnerable 0-39, coping 40-79, healthy 80-100 (the score rounded)"}});
}

}  // namespace nestegg
