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

constexpr Range kShare{0, 1};

json finite_or_null(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json improvement_json(const HealthImprovement& m) {
  return object({{"input", m.input},
                 {"target", m.target},
                 {"change", m.money ? to_cents(m.amount) : m.amount},
                 {"points_after", m.points_after},
                 {"score_gain", m.score_gain},
                 {"text", m.text}});
}

}  // namespace

json health_score(const json& request, CallContext& ctx) {
  const Fields f(request);
  HealthInput in;
  in.monthly_income = f.optional_number("monthly_income", Range{0.01, kMaxAmount});
  in.monthly_spending = f.optional_number("monthly_spending", kAmount);
  in.bills_on_time = f.optional_number("bills_on_time", kShare);
  in.liquid_savings = f.optional_number("liquid_savings", kAmount);
  in.goal_confidence = f.optional_number("goal_confidence", kShare);
  in.monthly_debt_payments = f.optional_number("monthly_debt_payments", kAmount);
  in.debt_balance = f.optional_number("debt_balance", kAmount);
  in.credit_score = f.optional_number("credit_score", Range{300, 850});
  in.insurance_coverage = f.optional_number("insurance_coverage", kShare);
  in.planning_horizon_months = f.optional_number("planning_horizon_months", Range{0, 1200});
  const auto& scales = health_scales();
  if (const auto w = f.optional_object("weights")) {
    for (size_t c = 0; c < kHealthComponents; ++c) in.weights[c] = w->number_or(scales[c].component, 1, Range{0, 100});
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
    throw NesteggError(code::insufficient_data,
                       "no component can be scored: give at least one input (monthly_income with monthly_spending, "
                       "bills_on_time, credit_score, ...)",
                       "");
  }
  if (present_weight <= 0) throw NesteggError(code::invalid_value, "weights of the components given are all 0", "weights");

  json components = json::array(), missing = json::array();
  for (const HealthComponent& h : r.components) {
    if (!h.present) {
      missing.push_back(object({{"component", h.name}, {"needs", h.needs}}));
      continue;
    }
    json measures = json::object();
    for (const auto& [name, value] : h.measures) put(measures, name, finite_or_null(value));
    components.push_back(object({{"component", h.name},
                                 {"group", h.group},
                                 {"measures", std::move(measures)},
                                 {"points", h.points},
                                 {"weight", h.weight},
                                 {"improvement", h.improvement ? improvement_json(*h.improvement) : json(nullptr)}}));
  }
  json groups = json::object();
  for (size_t g = 0; g < 4; ++g) put(groups, kHealthGroups[g], r.groups[g] ? json(*r.groups[g]) : json(nullptr));
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
