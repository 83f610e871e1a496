// SPDX-License-Identifier: MIT
#include "goals_handlers.hpp"

#include <cmath>

#include "error.hpp"
#include "goal_adjuster.hpp"
#include "goal_planner.hpp"
#include "money.hpp"
#include "monte_carlo.hpp"
#include "field_rules.hpp"
#include "request.hpp"

namespace nestegg {

using nlohmann::json;

namespace {


json date_or_null(const std::optional<Date>& d) { return d ? json(format_date(*d)) : json(nullptr); }
json cents_or_null(const std::optional<double>& x) { return x ? json(to_cents(*x)) : json(nullptr); }

Household read_household(const Fields& f) {
  return {f.optional_number("monthly_income", kAmount), f.optional_number("monthly_expenses", kAmount)};
}

json to_json(const Feasibility& f) {
  return object({{"score", f.score}, {"label", f.label}, {"reasons", f.reasons}});
}

json to_json(const std::vector<Milestone>& ms) {
  json out = json::array();
  for (const auto& m : ms) {
    out.push_back(object({{"percent", m.percent}, {"amount", to_cents(m.amount)}, {"month", m.month},
                   {"date", format_date(m.date)}}));
  }
  return out;
}

json assumptions(double annual_rate) {
  return object({{"compounding", "monthly"}, {"contribution_timing", "end_of_month"}, {"monthly_rate", annual_rate / 12}});
}

// The members both plans share (goal_planner's PlanOutcome).
void put_outcome(json& out, const PlanOutcome& r) {
  put(out, "total_contributions", to_cents(r.total_contributions));
  put(out, "interest_earned", to_cents(r.interest_earned));
  put(out, "final_balance", to_cents(r.final_balance));
  put(out, "feasibility", to_json(r.feasibility));
  put(out, "milestones", to_json(r.milestones));
}

}  // namespace

json goals_timeline(const json& request, CallContext& ctx) {
  const Fields f(request);
  TimelineInput in;
  in.target = f.number("target_amount", kAmount);
  in.current = f.number_or("current_amount", 0, kAmount);
  in.contribution = f.number("monthly_contribution", kAmount);
  in.annual_rate = f.number_or("annual_return_rate", 0, kRate);
  in.start = f.date_or("start_date", ctx.today);
  in.household = read_household(f);
  in.include_schedule = f.boolean_or("include_schedule", false);
  warn_unread(f, ctx);

  const TimelineResult r = plan_timeline(in);
  json out = object({{"reachable", r.reachable},
              {"months_exact", r.reachable ? json(r.months_exact) : json(nullptr)},
              {"months_needed", r.reachable ? json(r.months_needed) : json(nullptr)},
              {"start_date", format_date(in.start)},
              {"target_date", date_or_null(r.target_date)},
              {"assumptions", assumptions(in.annual_rate)}});
  put_outcome(out, r);
  if (!r.reachable) out["reason"] = object({{"code", r.unreachable_code}, {"message", r.unreachable_reason}});
  if (in.include_schedule) {
    json rows = json::array();
    for (const auto& row : r.schedule) {
      rows.push_back(object({{"month", row.month}, {"date", format_date(row.date)},
                      {"contribution", to_cents(row.contribution)}, {"interest", to_cents(row.interest)},
                      {"balance", to_cents(row.balance)}}));
    }
    out["schedule"] = rows;
  }
  return out;
}

json goals_reverse_plan(const json& request, CallContext& ctx) {
  const Fields f(request);
  ReversePlanInput in;
  in.target = f.number("target_amount", kAmount);
  in.current = f.number_or("current_amount", 0, kAmount);
  in.annual_rate = f.number_or("annual_return_rate", 0, kRate);
  in.start = f.date_or("start_date", ctx.today);
  in.target_date = f.date("target_date");
  in.household = read_household(f);
  warn_unread(f, ctx);
  require_order(in.start, in.target_date, "target_date", "start_date");
  if (whole_months_between(in.start, in.target_date) > kMaxPlanMonths) {
    throw NesteggError(code::out_of_range, "target_date must be at most 100 years after start_date", "target_date");
  }

  const ReversePlanResult r = plan_reverse(in);
  json alts = json::array();
  for (const auto& a : r.alternatives) {
    alts.push_back(object({{"kind", a.kind}, {"description", a.description},
                    {"monthly_savings", to_cents(a.monthly_savings)}, {"target_amount", to_cents(a.target_amount)},
                    {"months", a.months}, {"target_date", date_or_null(a.target_date)},
                    {"annual_return_rate", a.annual_return_rate}, {"lump_sum", to_cents(a.lump_sum)}}));
  }
  json out = object({{"reachable", r.reachable},
              {"months_available", r.months_available},
              {"start_date", format_date(in.start)},
              {"target_date", format_date(in.target_date)},
              {"required_monthly_savings", r.reachable ? json(r.required_monthly_savings) : json(nullptr)},
              {"required_monthly_savings_exact", r.reachable ? json(r.required_monthly_savings_exact) : json(nullptr)},
              {"alternatives", alts},
              {"assumptions", assumptions(in.annual_rate)}});
  put_outcome(out, r);
  if (!r.reachable) out["reason"] = object({{"code", "too_soon"}, {"message", r.unreachable_reason}});
  return out;
}

// Contributions come as plain numbers (one per month, oldest first) or as {"month": "YYYY-MM",
// "amount"} objects in strictly increasing months; a month missing between two given months counts
// as a zero contribution, so a skipped month lowers the pace as it should.
static std::vector<double> read_contributions(const Fields& f, const Limits& limits) {
  const json& arr = f.array("contributions", 1, size_t(limits.max_array_items));
  std::vector<double> out;
  std::optional<Date> previous;
  for (size_t i = 0; i < arr.size(); ++i) {
    if (arr[i].is_number() && !previous) {
      out.push_back(checked_item(arr, i, f.path("contributions"), kSignedAmount));
      continue;
    }
    const std::string at = f.path("contributions") + "[" + std::to_string(i) + "]";
    if (arr[i].is_number()) throw NesteggError(code::wrong_type, at + " must be an object like the items before it", at);
    if (!arr[i].is_object()) {
      throw NesteggError(code::wrong_type, at + " must be a number or {\"month\", \"amount\"}, got " + describe(arr[i]), at);
    }
    if (i > 0 && !previous) throw NesteggError(code::wrong_type, at + " must be a number like the items before it", at);
    const Fields item(arr[i], at);
    const auto m = arr[i].find("month");
    if (m == arr[i].end() || !m->is_string()) {
      throw NesteggError(code::missing_field, at + ".month is required as \"YYYY-MM\"", at + ".month");
    }
    const auto month = parse_month(m->get_ref<const std::string&>());
    if (!month) throw NesteggError(code::invalid_date, at + ".month must be a real month YYYY-MM", at + ".month");
    if (previous && month_index(*month) <= month_index(*previous)) {
      throw NesteggError(code::date_order, at + ".month must come after the month before it (no repeats)", at + ".month");
    }
    if (previous) {
      const int64_t gap = month_index(*month) - month_index(*previous) - 1;
      if (int64_t(out.size()) + gap >= limits.max_array_items) {
        throw NesteggError(code::too_large, f.path("contributions") + " spans too many months", at + ".month");
      }
      out.insert(out.end(), size_t(gap), 0.0);
    }
    out.push_back(item.number("amount", kSignedAmount));
    previous = month;
  }
  return out;
}

AdjustInput read_adjust_input(const Fields& f, const Date& default_as_of, CallContext& ctx) {
  AdjustInput in;
  in.target = f.number("target_amount", kAmount);
  in.current = f.number("current_amount", kAmount);
  in.annual_rate = f.number_or("annual_return_rate", 0, kRate);
  in.as_of = f.date_or("as_of", default_as_of);
  in.target_date = f.date("target_date");
  in.contributions = read_contributions(f, ctx.limits);
  in.planned_contribution = f.optional_number("planned_monthly_contribution", kAmount);
  in.pace_window = f.integer_or("pace_window", 6, 1, 120);
  in.tolerance_months = f.integer_or("tolerance_months", 1, 0, 24);
  warn_unread(f, ctx);
  if (whole_months_between(in.as_of, in.target_date) > kMaxPlanMonths) {
    throw NesteggError(code::out_of_range, "target_date must be at most 100 years after as_of", f.path("target_date"));
  }
  return in;
}

std::vector<NamedGoal> read_named_goals(const Fields& f, const Date& as_of, CallContext& ctx) {
  std::vector<NamedGoal> out;
  const json* items = f.optional_array("goals", 0, kMaxNamedGoals);
  if (!items) return out;
  for (size_t i = 0; i < items->size(); ++i) {
    const Fields g((*items)[i], "goals[" + std::to_string(i) + "]");
    NamedGoal s;
    s.name = g.text("name", 1, 60);
    for (const NamedGoal& other : out) {
      if (other.name == s.name) throw NesteggError(code::invalid_value, g.path("name") + " repeats a goal's name", g.path("name"));
    }
    s.adjust = read_adjust_input(g, as_of, ctx);
    out.push_back(std::move(s));
  }
  return out;
}

json goals_adjust(const json& request, CallContext& ctx) {
  const Fields f(request);
  const AdjustInput in = read_adjust_input(f, ctx.today, ctx);

  const AdjustResult r = adjust_goal(in);
  const ContributionStats& s = r.performance;
  json perf = object({{"months_recorded", s.months_recorded}, {"total_contributed", to_cents(s.total)},
               {"average_contribution", to_cents(s.mean)}, {"recent_average", to_cents(s.recent_mean)},
               {"std_dev", to_cents(s.std_dev)}, {"min", to_cents(s.min)}, {"max", to_cents(s.max)},
               {"trend_per_month", to_cents(s.trend_per_month)},
               {"share_meeting_plan", s.share_meeting_plan ? json(*s.share_meeting_plan) : json(nullptr)},
               {"months_below_plan", s.months_below_plan ? json(*s.months_below_plan) : json(nullptr)}});
  return object({{"status", r.status},
          {"as_of", format_date(in.as_of)},
          {"target_date", format_date(in.target_date)},
          {"months_remaining", r.months_remaining},
          {"progress_percent", r.progress_fraction * 100},
          {"current_pace", to_cents(r.pace)},
          {"reachable_at_current_pace", r.reachable_at_pace},
          {"projected_months", r.projected_months ? json(*r.projected_months) : json(nullptr)},
          {"projected_months_exact", r.projected_months_exact ? json(*r.projected_months_exact) : json(nullptr)},
          {"projected_completion_date", date_or_null(r.projected_completion_date)},
          {"months_early", r.reachable_at_pace ? json(r.months_early) : json(nullptr)},
          {"projected_balance_at_target_date", to_cents(r.projected_balance_at_target_date)},
          {"gap_at_target_date", to_cents(r.gap_at_target_date)},
          {"required_monthly_to_keep_date", cents_or_null(r.required_monthly_to_keep_date)},
          {"new_target_date_at_current_pace", date_or_null(r.new_target_date_at_pace)},
          {"performance", perf},
          {"recommendation", r.recommendation},
          {"assumptions", assumptions(in.annual_rate)}});
}

json goals_simulate(const json& request, CallContext& ctx) {
  const Fields f(request);
  const Limits& limits = ctx.limits;
  SimulationInput in;
  in.target = f.number("target_amount", kAmount);
  in.current = f.number_or("current_amount", 0, kAmount);
  in.contribution = f.number("monthly_contribution", kAmount);
  in.annual_return = f.number_or("annual_return_rate", 0, kRate);
  in.annual_volatility = f.number("annual_volatility", Range{0, 2});
  const Date start = f.date_or("start_date", ctx.today);
  const auto months = f.optional_integer("months", 1, kMaxPlanMonths);
  const auto target_date = f.optional_date("target_date");
  in.paths = f.integer_or("paths", 10000, 1, (int64_t(1) << 53) - 1);
  if (in.paths > limits.max_paths) {  // a limit of this engine (config.limits), not a rule of the field
    throw NesteggError(code::too_large, "paths is over this engine's limit of " + std::to_string(limits.max_paths),
                       "paths");
  }
  in.seed = uint64_t(f.integer_or("seed", 1, 0, (int64_t(1) << 53) - 1));
  in.include_bands = f.boolean_or("include_bands", true);
  if (const json* qs = f.optional_array("percentiles", 1, 9)) {
    in.percentiles.clear();
    for (size_t i = 0; i < qs->size(); ++i) {
      in.percentiles.push_back(checked_item(*qs, i, f.path("percentiles"), Range{0, 100}));
    }
  }
  warn_unread(f, ctx);
  if (months && target_date) {
    throw NesteggError(code::invalid_value, "give months or target_date, not both", "target_date");
  }
  if (!months && !target_date) throw NesteggError(code::missing_field, "months or target_date is required", "months");
  if (target_date) {
    require_order(start, *target_date, "target_date", "start_date");
    in.months = whole_months_between(start, *target_date);
    if (in.months < 1 || in.months > kMaxPlanMonths) {
      throw NesteggError(code::out_of_range, "target_date must be 1 to 1200 whole months after start_date", "target_date");
    }
  } else {
    in.months = *months;
  }
  if (double(in.paths) * double(in.months) > double(limits.max_simulation_steps)) {
    throw NesteggError(code::too_large, "paths x months is over the limit of " + std::to_string(limits.max_simulation_steps),
                       "paths");
  }

  const SimulationResult r = simulate_goal(in);
  auto percentiles = [&](const std::vector<double>& values, bool money) {
    return object({{"percentiles", keyed_by_percent(in.percentiles, values, money)}});
  };
  json final_balance = percentiles(r.final_percentiles, true);
  final_balance["mean"] = to_cents(r.mean_final_balance);
  json out = object({{"probability_of_success", r.probability_of_success},
              {"probability_reached_anytime", r.probability_reached_anytime},
              {"months", in.months},
              {"start_date", format_date(start)},
              {"end_date", date_or_null(add_months(start, in.months))},
              {"paths", in.paths},
              {"seed", in.seed},
              {"final_balance", final_balance},
              {"expected_final_balance", to_cents(r.expected_final_balance)},
              {"months_to_target", r.months_to_target_percentiles.empty() ? json(nullptr) : percentiles(r.months_to_target_percentiles, false)},
              {"model",
               object({{"returns", "lognormal monthly, mean = annual_return_rate / 12"},
                {"monthly_sigma", in.annual_volatility / std::sqrt(12.0)}})}});
  if (in.include_bands) {
    json bands = json::array();
    for (const auto& b : r.bands) {
      json row = percentiles(b.values, true);
      row["month"] = b.month;
      row["date"] = date_or_null(add_months(start, b.month));
      row["probability_reached"] = b.probability_reached;
      bands.push_back(row);
    }
    out["bands"] = bands;
  }
  return out;
}

}  // namespace nestegg
