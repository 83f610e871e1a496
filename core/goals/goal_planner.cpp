// SPDX-License-Identifier: MIT
#include "goal_planner.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "basic_math.hpp"
#include "format_text.hpp"
#include "money.hpp"

namespace nestegg {

const char* unreachable_code(Unreachable why) {
  switch (why) {
    case Unreachable::no_saving: return "no_saving";
    case Unreachable::balance_shrinks: return "balance_shrinks";
    case Unreachable::ceiling_below_target: return "ceiling_below_target";
    default: return "";
  }
}

std::string unreachable_message(Unreachable why) {
  switch (why) {
    case Unreachable::no_saving: return "nothing is saved and nothing grows: the balance never changes";
    case Unreachable::balance_shrinks: return "the negative return takes more each month than is contributed";
    case Unreachable::ceiling_below_target: return "with a negative return the balance levels off below the target";
    default: return "";
  }
}

int64_t months_to_reach(double months_exact, double target, double current, double contribution, double r) {
  if (!(months_exact < kFarMonths)) return int64_t(kFarMonths);  // also NaN: never a month count of 0
  if (months_exact <= 0) return 0;
  const double whole = std::ceil(months_exact), before = whole - 1;
  // A count a hair above a whole month is float noise when the balance there is the target to the
  // half cent, that is when it is shown as the target. The closed form is itself good only to about
  // (|n log1p r| + 4) units in the last place (expm1 of a rounded exponent: a third of a cent at
  // 9e11 and 99 % a year over 405 months), so the balance must clear the half cent by that much. A
  // looser test let 1e12 at 9,999,999,999.99 a month stop a dollar short, and 877,609,943,597.97 at
  // 99 % stop 0.93 cents short; where it cannot tell, the plan takes the next month, which reaches.
  if (before >= 0 && months_exact - before <= 1e-9 * std::max(1.0, months_exact)) {
    const double balance = future_value(current, contribution, r, before);
    const double exponent = r == 0 ? 0 : before * std::fabs(log1p_basic(r));
    const double rounding = (exponent + 4) * std::numeric_limits<double>::epsilon() * std::max(std::fabs(balance), std::fabs(target));
    if (balance - rounding >= target - 0.005) return int64_t(before);
  }
  return int64_t(whole);
}

std::vector<Milestone> milestones_for(double target, double current, double contribution, double r,
                                      const Date& start) {
  std::vector<Milestone> out;
  for (int pct : {25, 50, 75, 100}) {
    Milestone m;
    m.percent = pct;
    m.amount = target * pct / 100.0;
    const PeriodsResult p = months_to_target(m.amount, current, contribution, r);
    if (p.why != Unreachable::none) break;  // later milestones are unreachable too
    m.month = months_to_reach(p.months, m.amount, current, contribution, r);
    const std::optional<Date> date = add_months(start, m.month);
    if (m.month > kMaxPlanMonths || !date) break;  // beyond the horizon or past 9999-12-31
    m.date = *date;
    out.push_back(m);
  }
  return out;
}

double saving_to_the_cent(double target, double current, double r, int64_t n) {
  const double exact = std::max(0.0, payment_for_target(target, current, r, double(n)));
  double cents = ceil_cents(exact);
  // Guarantee the promise "saving this reaches the target": the float FV must not fall short.
  for (int i = 0; i < 3 && future_value(current, cents, r, double(n)) < target * (1 - 1e-12); ++i) {
    cents += 0.01;
  }
  return cents;
}

// The deposit today that, with `saving` a month, reaches `target` in n months: up to the cent, and
// checked as saving_to_the_cent is (one cent grows to more than a cent, so the ceiling can still
// round a hair short in floating point).
static double deposit_to_the_cent(double target, double current, double saving, double r, int64_t n) {
  const double grow = 1 + growth_minus_one(r, double(n));
  double cents = ceil_cents(std::max(0.0, (target - saving * annuity_factor(r, double(n))) / grow - current));
  // A shortfall left by rounding is made up by what it costs today (it grows by `grow`), a cent over.
  for (int i = 0; i < 3 && std::isfinite(cents); ++i) {
    const double short_by = target * (1 - 1e-12) - future_value(current + cents, saving, r, double(n));
    if (!(short_by > 0)) break;
    cents = ceil_cents(cents + short_by / grow) + 0.01;
  }
  return std::isfinite(cents) ? cents : std::numeric_limits<double>::infinity();
}

static std::vector<ScheduleRow> schedule_for(const TimelineInput& in, double r, int64_t months) {
  std::vector<ScheduleRow> rows;
  rows.reserve(size_t(months));
  double balance = in.current;
  for (int64_t k = 1; k <= months; ++k) {
    const std::optional<Date> date = add_months(in.start, k);
    if (!date) break;  // never: the caller checked that the last month exists
    const double interest = balance * r;
    balance += interest + in.contribution;
    rows.push_back({k, *date, in.contribution, interest, balance});
  }
  return rows;
}

TimelineResult plan_timeline(const TimelineInput& in) {
  TimelineResult out;
  const double r = in.annual_rate / 12;
  const PeriodsResult p = months_to_target(in.target, in.current, in.contribution, r);
  FeasibilityInput fin{true, in.contribution, 0, in.annual_rate, in.household.monthly_income,
                       in.household.monthly_expenses};
  if (p.why != Unreachable::none) {
    out.reachable = false;
    out.unreachable_code = unreachable_code(p.why);
    out.unreachable_reason = unreachable_message(p.why);
  } else {
    out.months_exact = p.months;
    out.months_needed = months_to_reach(p.months, in.target, in.current, in.contribution, r);
    if (out.months_needed > kMaxPlanMonths || !add_months(in.start, out.months_needed)) {
      out.reachable = false;
      out.unreachable_code = "beyond_horizon";
      out.unreachable_reason = out.months_needed > kMaxPlanMonths
                                   ? "the target is more than 100 years away at this saving"
                                   : "the target would be reached after 9999-12-31, the last date the engine handles";
    }
  }
  fin.reachable = out.reachable;
  fin.months = double(out.months_needed);
  out.feasibility = assess_feasibility(fin);
  out.milestones = milestones_for(in.target, in.current, in.contribution, r, in.start);
  if (!out.reachable) return out;

  out.target_date = add_months(in.start, out.months_needed);
  out.total_contributions = in.contribution * double(out.months_needed);
  out.final_balance = future_value(in.current, in.contribution, r, double(out.months_needed));
  out.interest_earned = out.final_balance - in.current - out.total_contributions;
  if (in.include_schedule) out.schedule = schedule_for(in, r, out.months_needed);
  return out;
}

// What a household can comfortably put aside: half its monthly surplus when income and expenses
// are known, otherwise three quarters of what the plan asks (a lighter plan to compare with).
static double affordable_saving(const Household& h, double required) {
  if (h.monthly_income && h.monthly_expenses) {
    return std::max(0.0, to_cents(0.5 * (*h.monthly_income - *h.monthly_expenses)));
  }
  return to_cents(0.75 * required);
}

// Alternatives are computed at the affordable saving. When the plan asks more than that, they show
// ways to relieve it (later date, lower target, more return, a deposit now); when it asks less,
// what the slack buys (earlier date, higher target) and what a 2-point return shortfall would cost.
static std::vector<Alternative> alternatives_for(const ReversePlanInput& in, const ReversePlanResult& plan) {
  std::vector<Alternative> alts;
  const double r = in.annual_rate / 12;
  const int64_t n = plan.months_available;
  const double afford = affordable_saving(in.household, plan.required_monthly_savings);
  const bool stretched = !plan.reachable || plan.required_monthly_savings > afford;
  const bool known_budget = in.household.monthly_income && in.household.monthly_expenses;
  // Three quarters of a saving of 0.01 or 0.02 is that saving again, to the cent: said so.
  const char* const basis = known_budget ? "half of the monthly surplus"
                            : afford == plan.required_monthly_savings && afford > 0
                                ? "the required saving (three quarters of it is the same to the cent)"
                                : "three quarters of the required saving";
  auto base = [&](const char* kind) {
    Alternative a;
    a.kind = kind;
    a.monthly_savings = afford;
    a.target_amount = in.target;
    a.months = n;
    a.target_date = in.target_date;
    a.annual_return_rate = in.annual_rate;
    return a;
  };

  // Same target at the affordable saving: a different date. Not for a goal funded already (a
  // negative return can still ask a saving of it): it "reaches" the target today, no date to offer.
  const PeriodsResult p = months_to_target(in.target, in.current, afford, r);
  const int64_t months = months_to_reach(p.months, in.target, in.current, afford, r);
  if (in.current < in.target && p.why == Unreachable::none && months <= kMaxPlanMonths) {
    Alternative a = base(stretched ? "later_date" : "earlier_date");
    a.months = months;
    a.target_date = add_months(in.start, a.months);
    // Near the calendar's end the date can fall past 9999-12-31: then the months say when.
    if (a.target_date) {
      const std::string date = format_date(*a.target_date);
      a.description = format_text("Saving %s reaches the same target on %.*s", basis, int(date.size()), date.data());
    } else {
      a.description = format_text("Saving %s reaches the same target in %lld months, after 9999-12-31", basis,
                                  static_cast<long long>(a.months));
    }
    alts.push_back(a);
  }
  if (n == 0) return alts;
  // Same date at the affordable saving: a different amount.
  Alternative amount = base(stretched ? "lower_target" : "higher_target");
  // Down to the cent: the balance on the date holds at least the amount offered (1 at 5 % for two
  // months is 1.00835, which reaches 1.00, not the 1.01 it rounds to).
  amount.target_amount = floor_cents(future_value(in.current, afford, r, double(n)));
  amount.description = format_text("Saving %s until the same date reaches this amount", basis);
  // An amount past the largest target the engine takes cannot be asked for: not offered (a
  // century at 100 % a year turns a cent a month into 6e40).
  if (amount.target_amount <= kMaxAmount) alts.push_back(amount);
  // Same target and date under a return two points different.
  const double shifted = in.annual_rate + (stretched ? 0.02 : -0.02);
  if (shifted <= 1 && shifted >= -0.99) {
    Alternative a = base(stretched ? "higher_return" : "lower_return");
    a.annual_return_rate = shifted;
    a.monthly_savings = saving_to_the_cent(in.target, in.current, shifted / 12, n);
    a.description = stretched ? "With 2 percentage points more annual return (more risk), the monthly saving needed"
                              : "If returns come in 2 percentage points lower, the monthly saving needed";
    alts.push_back(a);
  }
  // Same target, date and affordable saving: close the gap with one deposit now.
  if (stretched) {
    Alternative a = base("lump_sum_now");
    a.lump_sum = deposit_to_the_cent(in.target, in.current, afford, r, n);
    a.description = format_text("A one-time deposit today that lets %s reach the target on the date", basis);
    // A deposit over the largest amount the engine takes (a return near -99 % for decades) is no
    // way to close a gap, and past it a cent is no longer exact in a double: not offered.
    if (a.lump_sum <= kMaxAmount) alts.push_back(a);
  }
  return alts;
}

ReversePlanResult plan_reverse(const ReversePlanInput& in) {
  ReversePlanResult out;
  const double r = in.annual_rate / 12;
  out.months_available = whole_months_between(in.start, in.target_date);
  const int64_t n = out.months_available;
  FeasibilityInput fin{true, 0, double(n), in.annual_rate, in.household.monthly_income,
                       in.household.monthly_expenses};
  // Funded already, and still funded on the date without saving: nothing to save. A negative return
  // can take a funded balance under the target by then; that goal needs a saving like any other.
  const double untouched = in.current * (1 + growth_minus_one(r, double(n)));
  if (in.current >= in.target && (n == 0 || untouched >= in.target)) {
    out.final_balance = untouched;
    out.interest_earned = out.final_balance - in.current;
  } else if (n == 0) {
    out.reachable = false;
    out.unreachable_reason = "less than one month until target_date: no monthly saving fits";
  } else {
    out.required_monthly_savings_exact = std::max(0.0, payment_for_target(in.target, in.current, r, double(n)));
    out.required_monthly_savings = saving_to_the_cent(in.target, in.current, r, n);
    out.total_contributions = out.required_monthly_savings * double(n);
    out.final_balance = future_value(in.current, out.required_monthly_savings, r, double(n));
    out.interest_earned = out.final_balance - in.current - out.total_contributions;
  }
  fin.reachable = out.reachable;
  fin.monthly_saving = out.required_monthly_savings;
  out.feasibility = assess_feasibility(fin);
  out.milestones = milestones_for(in.target, in.current, out.required_monthly_savings, r, in.start);
  out.alternatives = alternatives_for(in, out);
  return out;
}

}  // namespace nestegg
