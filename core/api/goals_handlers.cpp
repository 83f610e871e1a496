// SPDX-License-Identifier: MIT
#include "goals_handlers.hpp"

#include <cmath>

#include "error.hpp"
#include "format_text.hpp"
#include "goal_adjuster.hpp"
#include "goal_planner.hpp"
#include "money.hpp"
#include "monte_carlo.hpp"
#include "field_rules.hpp"
#include "request.hpp"

namespace nestegg {

using nlohmann::json;

namespace {


Household read_household(const Fields& f) {
  return {f.optional_number("monthly_income", kAmount), f.optional_number("monthly_expenses", kAmount)};
}

void write(JsonWriter& w, const Feasibility& f) {
  w.begin_object();
  w.key("label").string(f.label);
  w.key("reasons").strings(f.reasons);
  w.key("score").integer(f.score);
  w.end_object();
}

void write_assumptions(JsonWriter& w, double annual_rate) {
  w.key("assumptions").begin_object();
  w.key("compounding").string("monthly");
  w.key("contribution_timing").string("end_of_month");
  w.key("monthly_rate").number(annual_rate / 12);
  w.end_object();
}

void write_reason(JsonWriter& w, const std::string& code, const std::string& message) {
  w.key("reason").begin_object();
  w.key("code").string(code);
  w.key("message").string(message);
  w.end_object();
}

// The members both plans share (goal_planner's PlanOutcome), from "feasibility" to "milestones",
// and then "total_contributions": written where their keys fall among the caller's. A plan that
// does not reach its target has no end balance, interest or contributions to give: null, not 0.
void write_money_or_null(JsonWriter& w, const char* key, double amount, bool reachable) {
  if (reachable) w.key(key).cents(amount);
  else w.key(key).null();
}

void write_outcome_head(JsonWriter& w, const PlanOutcome& r, bool reachable) {
  write(w.key("feasibility"), r.feasibility);
  write_money_or_null(w, "final_balance", r.final_balance, reachable);
  write_money_or_null(w, "interest_earned", r.interest_earned, reachable);
  w.key("milestones").begin_array();
  for (const Milestone& m : r.milestones) {
    w.begin_object();
    w.key("amount").cents(m.amount);
    w.key("date").date(m.date);
    w.key("month").integer(m.month);
    w.key("percent").integer(m.percent);
    w.end_object();
  }
  w.end_array();
}

}  // namespace

void goals_timeline(const json& request, CallContext& ctx, JsonWriter& w) {
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
  write_assumptions(w, in.annual_rate);
  write_outcome_head(w, r, r.reachable);
  if (r.reachable) {
    w.key("months_exact").number(r.months_exact);
    w.key("months_needed").integer(r.months_needed);
  } else {
    w.key("months_exact").null();
    w.key("months_needed").null();
  }
  w.key("reachable").boolean(r.reachable);
  if (!r.reachable) write_reason(w, r.unreachable_code, r.unreachable_reason);
  if (in.include_schedule) {
    w.key("schedule").begin_array();
    for (const ScheduleRow& row : r.schedule) {
      w.begin_object();
      w.key("balance").cents(row.balance);
      w.key("contribution").cents(row.contribution);
      w.key("date").date(row.date);
      w.key("interest").cents(row.interest);
      w.key("month").integer(row.month);
      w.end_object();
    }
    w.end_array();
  }
  w.key("start_date").date(in.start);
  w.key("target_date").date(r.target_date);
  write_money_or_null(w, "total_contributions", r.total_contributions, r.reachable);
}

void goals_reverse_plan(const json& request, CallContext& ctx, JsonWriter& w) {
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
    fail(code::out_of_range, "target_date", "target_date must be at most 100 years after start_date");
  }

  const ReversePlanResult r = plan_reverse(in);
  w.key("alternatives").begin_array();
  for (const Alternative& a : r.alternatives) {
    w.begin_object();
    w.key("annual_return_rate").number(a.annual_return_rate);
    w.key("description").string(a.description);
    w.key("kind").string(a.kind);
    w.key("lump_sum").cents(a.lump_sum);
    w.key("monthly_savings").cents(a.monthly_savings);
    w.key("months").integer(a.months);
    w.key("target_amount").cents(a.target_amount);
    w.key("target_date").date(a.target_date);
    w.end_object();
  }
  w.end_array();
  write_assumptions(w, in.annual_rate);
  write_outcome_head(w, r, r.reachable);
  w.key("months_available").integer(r.months_available);
  w.key("reachable").boolean(r.reachable);
  if (!r.reachable) write_reason(w, "too_soon", r.unreachable_reason);
  if (r.reachable) {
    w.key("required_monthly_savings").number(r.required_monthly_savings);
    w.key("required_monthly_savings_exact").number(r.required_monthly_savings_exact);
  } else {
    w.key("required_monthly_savings").null();
    w.key("required_monthly_savings_exact").null();
  }
  w.key("start_date").date(in.start);
  w.key("target_date").date(in.target_date);
  write_money_or_null(w, "total_contributions", r.total_contributions, r.reachable);
}

// Contributions come as plain numbers (one per month, oldest first) or as {"month": "YYYY-MM",
// "amount"} objects in strictly increasing months; a month missing between two given months, or
// after the last given one and before as_of's month, counts as a zero contribution, so a skipped
// month lowers the pace as it should and a saver who stopped in June is not still "saving" in
// December. as_of's own month is in progress: it counts only when given. A month after as_of's
// is refused: a pace "as of" March cannot count May's deposit. `months_before` is what the call's
// earlier goals expanded to: all of them together stay within max_array_items (50 goals of two
// months 8 000 years apart were 4.8 million months from 10 KB of request).
static std::vector<double> read_contributions(const Fields& f, const Date& as_of, const Limits& limits,
                                              int64_t months_before) {
  const json& arr = f.array("contributions", 1, size_t(limits.max_array_items));
  std::vector<double> out;
  std::optional<Date> previous;
  const std::string items = f.path("contributions");
  // Zeros for `gap` months not given, then `more` given ones: all within the call's months
  // (refused at `field` past them).
  const auto append_missing_months = [&](int64_t gap, int64_t more, const FieldPath& field) {
    if (gap <= 0) return;
    if (months_before + int64_t(out.size()) + gap + more > limits.max_array_items) {
      fail(code::too_large, field, "%.*s spans too many months%s", int(items.size()), items.data(),
           months_before ? " with the goals' before it" : "");
    }
    out.insert(out.end(), size_t(gap), 0.0);
  };
  for (size_t i = 0; i < arr.size(); ++i) {
    if (arr[i].is_number() && !previous) {
      out.push_back(checked_item(arr, i, items, kSignedAmount));
      continue;
    }
    // Never empty (it ends in "]"): at + ".month" is FieldPath(at, "month").
    const std::string at = format_text("%.*s[%zu]", int(items.size()), items.data(), i);
    if (arr[i].is_number()) fail_at(code::wrong_type, at, " must be an object like the items before it");
    if (!arr[i].is_object()) {
      fail_at(code::wrong_type, at, " must be a number or {\"month\", \"amount\"}, got %s", describe(arr[i]));
    }
    if (i > 0 && !previous) fail_at(code::wrong_type, at, " must be a number like the items before it");
    const Fields item(arr[i], at);
    const auto m = arr[i].find("month");
    if (m == arr[i].end() || !m->is_string()) {
      fail_at(code::missing_field, FieldPath(at, "month"), " is required as \"YYYY-MM\"");
    }
    const auto month = parse_month(m->get_ref<const std::string&>());
    if (!month) fail_at(code::invalid_date, FieldPath(at, "month"), " must be a real month YYYY-MM");
    if (month_index(*month) > month_index(as_of)) {
      const std::string last = format_month(as_of);
      fail_at(code::date_order, FieldPath(at, "month"), " must not come after as_of's month (%.*s)", int(last.size()),
              last.data());
    }
    if (previous && month_index(*month) <= month_index(*previous)) {
      fail_at(code::date_order, FieldPath(at, "month"), " must come after the month before it (no repeats)");
    }
    if (previous) append_missing_months(month_index(*month) - month_index(*previous) - 1, 1, FieldPath(at, "month"));
    out.push_back(item.number("amount", kSignedAmount));
    previous = month;
  }
  if (previous) append_missing_months(month_index(as_of) - month_index(*previous) - 1, 0, items);
  return out;
}

AdjustInput read_adjust_input(const Fields& f, const Date& default_as_of, CallContext& ctx) {
  AdjustInput in;
  in.target = f.number("target_amount", kAmount);
  in.current = f.number("current_amount", kAmount);
  in.annual_rate = f.number_or("annual_return_rate", 0, kRate);
  in.as_of = f.date_or("as_of", default_as_of);
  in.target_date = f.date("target_date");
  in.contributions = read_contributions(f, in.as_of, ctx.limits, ctx.contribution_months);
  ctx.contribution_months += int64_t(in.contributions.size());
  // Plain numbers too: every goal's months together, as the gaps are counted above.
  if (ctx.contribution_months > ctx.limits.max_array_items) {
    fail(code::too_large, f.path("contributions"), "every goal's contributions together span more than limits.max_array_items months");
  }
  in.planned_contribution = f.optional_number("planned_monthly_contribution", kAmount);
  in.pace_window = f.integer_or("pace_window", 6, 1, 120);
  in.tolerance_months = f.integer_or("tolerance_months", 1, 0, 24);
  warn_unread(f, ctx);
  if (whole_months_between(in.as_of, in.target_date) > kMaxPlanMonths) {
    fail(code::out_of_range, f.at("target_date"), "target_date must be at most 100 years after as_of");
  }
  return in;
}

std::vector<NamedGoal> read_named_goals(const Fields& f, const Date& as_of, CallContext& ctx) {
  std::vector<NamedGoal> out;
  const json* items = f.optional_array("goals", 0, kMaxNamedGoals);
  if (!items) return out;
  for (size_t i = 0; i < items->size(); ++i) {
    const Fields g((*items)[i], FieldPath::item("goals", i));
    NamedGoal s;
    s.name = g.text("name", 1, 60);
    for (const NamedGoal& other : out) {
      if (other.name == s.name) fail_at(code::invalid_value, g.at("name"), " repeats a goal's name");
    }
    s.adjust = read_adjust_input(g, as_of, ctx);
    out.push_back(std::move(s));
  }
  return out;
}

void goals_adjust(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  const AdjustInput in = read_adjust_input(f, ctx.today, ctx);

  const AdjustResult r = adjust_goal(in);
  const ContributionStats& s = r.performance;
  w.key("as_of").date(in.as_of);
  write_assumptions(w, in.annual_rate);
  w.key("current_pace").cents(r.pace);
  w.key("gap_at_target_date").cents(r.gap_at_target_date);
  w.key("months_early").integer(r.reachable_at_pace ? std::optional<int64_t>(r.months_early) : std::nullopt);
  w.key("months_remaining").integer(r.months_remaining);
  w.key("new_target_date_at_current_pace").date(r.new_target_date_at_pace);
  w.key("performance").begin_object();
  w.key("average_contribution").cents(s.mean);
  w.key("max").cents(s.max);
  w.key("min").cents(s.min);
  w.key("months_below_plan").integer(s.months_below_plan);
  w.key("months_recorded").integer(s.months_recorded);
  w.key("recent_average").cents(s.recent_mean);
  w.key("share_meeting_plan").number(s.share_meeting_plan);
  w.key("std_dev").cents(s.std_dev);
  w.key("total_contributed").cents(s.total);
  w.key("trend_per_month").cents(s.trend_per_month);
  w.end_object();
  w.key("progress_percent").number(r.progress_fraction * 100);
  w.key("projected_balance_at_target_date").cents(r.projected_balance_at_target_date);
  w.key("projected_completion_date").date(r.projected_completion_date);
  w.key("projected_months").integer(r.projected_months);
  w.key("projected_months_exact").number(r.projected_months_exact);
  w.key("reachable_at_current_pace").boolean(r.reachable_at_pace);
  w.key("recommendation").string(r.recommendation);
  w.key("required_monthly_to_keep_date").cents(r.required_monthly_to_keep_date);
  w.key("status").string(r.status);
  w.key("target_date").date(in.target_date);
}

void goals_simulate(const json& request, CallContext& ctx, JsonWriter& w) {
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
    fail(code::too_large, "paths", "paths is over this engine's limit of %lld", static_cast<long long>(limits.max_paths));
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
    fail(code::invalid_value, "target_date", "give months or target_date, not both");
  }
  if (!months && !target_date) fail(code::missing_field, "months", "months or target_date is required");
  if (target_date) {
    require_order(start, *target_date, "target_date", "start_date");
    in.months = whole_months_between(start, *target_date);
    if (in.months < 1 || in.months > kMaxPlanMonths) {
      fail(code::out_of_range, "target_date", "target_date must be 1 to 1200 whole months after start_date");
    }
  } else {
    in.months = *months;
    if (!add_months(start, in.months)) {  // every band is dated: none may fall past the calendar
      fail(code::out_of_range, "months", "the simulation would end after 9999-12-31");
    }
  }
  if (double(in.paths) * double(in.months) > double(limits.max_simulation_steps)) {
    fail(code::too_large, "paths", "paths x months is over the limit of %lld",
         static_cast<long long>(limits.max_simulation_steps));
  }

  const SimulationResult r = simulate_goal(in);
  auto percentiles = [&](const std::vector<double>& values, bool money) {
    write_keyed_by_percent(w.key("percentiles"), in.percentiles, values, money);
  };
  if (in.include_bands) {
    w.key("bands").begin_array();
    for (const MonthBand& b : r.bands) {
      w.begin_object();
      w.key("date").date(add_months(start, b.month));
      w.key("month").integer(b.month);
      percentiles(b.values, true);
      w.key("probability_reached").number(b.probability_reached);
      w.end_object();
    }
    w.end_array();
  }
  w.key("end_date").date(add_months(start, in.months));
  w.key("expected_final_balance").cents(r.expected_final_balance);
  w.key("final_balance").begin_object();
  w.key("mean").cents(r.mean_final_balance);
  percentiles(r.final_percentiles, true);
  w.end_object();
  w.key("model").begin_object();
  w.key("monthly_sigma").number(in.annual_volatility / std::sqrt(12.0));
  w.key("returns").string("lognormal monthly, mean = annual_return_rate / 12");
  w.end_object();
  w.key("months").integer(in.months);
  if (r.months_to_target_percentiles.empty()) {
    w.key("months_to_target").null();
  } else {
    w.key("months_to_target").begin_object();
    percentiles(r.months_to_target_percentiles, false);
    w.end_object();
  }
  w.key("paths").integer(in.paths);
  w.key("probability_of_success").number(r.probability_of_success);
  w.key("probability_reached_anytime").number(r.probability_reached_anytime);
  w.key("seed").unsigned_integer(in.seed);
  w.key("start_date").date(start);
}

}  // namespace nestegg
