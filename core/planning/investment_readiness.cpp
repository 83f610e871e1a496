// SPDX-License-Identifier: MIT
#include "investment_readiness.hpp"

#include <algorithm>
#include <cmath>

#include "annuity.hpp"
#include "goal_planner.hpp"

namespace nestegg {

namespace {

// The fund after a savings step: months to grow it from `current` to `target` saving `saving` a
// month (from the goal planner), and its balance then -- over the target by the last month's
// overshoot, which stays in the fund for the steps after.
struct FundStep {
  std::optional<int64_t> months;  // nullopt: not reachable at this saving
  double balance = 0;
};

FundStep saving_months(double target, double current, double saving, const ReadinessInput& in) {
  if (current >= target) return {0, current};
  TimelineInput t;
  t.target = target;
  t.current = current;
  t.contribution = saving;
  t.annual_rate = in.savings_rate;
  // The months do not depend on the calendar (deposits at rate / 12 a month), so they are counted
  // from a date far from 9999-12-31: the handler checks every step's end date against the
  // calendar itself and refuses a plan that would pass it, rather than calling it unreachable.
  t.start = Date{2000, 1, 1};
  const TimelineResult r = plan_timeline(t);
  if (!r.reachable) return {std::nullopt, current};
  return {r.months_needed, r.final_balance};
}

ReadinessStep named_step(const char* id) {
  ReadinessStep s;
  s.id = id;
  return s;
}

}  // namespace

ReadinessResult assess_readiness(const ReadinessInput& in) {
  ReadinessResult out;
  {
    DebtPlanInput all;
    all.debts = in.debts;
    all.start = in.start;
    out.negative_amortization = DebtSimulator(all).negative_amortization();
  }
  out.emergency_months = in.stable_income && !in.dependents ? 3 : 6;
  out.emergency_fund_target = in.essential_expenses * out.emergency_months;
  int level = in.loss_reaction == LossReaction::sell ? 0 : in.loss_reaction == LossReaction::hold ? 1 : 2;
  if (in.horizon_years < 5) level = std::min(level, 1);
  if (in.horizon_years < kMinHorizonYears) level = 0;
  out.risk_profile = level == 0 ? "conservative" : level == 1 ? "moderate" : "growth";

  double saving = in.monthly_saving;     // what the next step gets each month
  std::optional<int64_t> clock = 0;      // months after start when the next step begins
  auto add = [&](ReadinessStep step) {
    step.done = step.months && *step.months == 0;
    step.start_month = clock.value_or(0);
    if (clock && step.months) clock = *clock + *step.months;
    else clock.reset();
    step.end_month = clock;
    out.steps.push_back(std::move(step));
  };

  const double starter = in.essential_expenses;
  ReadinessStep s1 = named_step("starter_emergency_fund");
  s1.amount = std::max(0.0, starter - in.emergency_fund);
  const FundStep starter_step = saving_months(starter, in.emergency_fund, saving, in);
  s1.months = starter_step.months;
  add(s1);
  double fund = starter_step.balance;  // one account through every step

  ReadinessStep s2 = named_step("employer_match");
  s2.per_month = true;
  s2.months = 0;
  if (in.match && in.match->contribution_rate < in.match->match_limit) {
    const double gap = (in.match->match_limit - in.match->contribution_rate) * in.match->annual_salary / 12;
    s2.amount = gap;
    s2.employer_adds_per_month = gap * in.match->match_rate;
    if (gap > saving) s2.months.reset();  // the saving cannot fund the whole match
    saving = std::max(0.0, saving - gap);
  }
  add(s2);
  if (s2.amount > 0) out.steps.back().done = false;  // a change to make, even if it takes no time

  // The debts are paid their minimums (out of the budget before monthly_saving) from the start;
  // the step's extra goes to them only from the month it begins, so they are simulated together
  // from `start` with the extra pool held back until then: the step's amount is what they owe
  // when it begins (interest may have grown it), its months from then to the last payoff.
  ReadinessStep s3 = named_step("high_interest_debt");
  DebtPlanInput debts;
  debts.start = in.start;
  int64_t freed = 0;  // cents a month: the step's minimums, saved once the debts are gone
  for (size_t i = 0; i < in.debts.size(); ++i) {
    if (in.debts[i].apr >= kHighInterestApr && in.debts[i].balance > 0) {
      debts.debts.push_back(in.debts[i]);
      s3.debts.push_back(i);
      freed += in.debts[i].minimum;
    }
  }
  s3.months = 0;
  if (!debts.debts.empty()) {
    const int64_t delay = clock.value_or(0);
    debts.budget = freed + int64_t(std::llround(saving * 100));
    debts.extra_from_month = delay + 1;
    const DebtSimulator sim(debts);
    const StrategyOutcome p = sim.avalanche(true);
    int64_t owed = 0;  // cents, when the step begins
    if (delay == 0) {
      for (const Debt& d : debts.debts) owed += d.balance;
    } else if (!p.schedule.empty()) {  // shorter than the delay: paid off (or stopped) before it
      for (int64_t b : p.schedule[size_t(std::min<int64_t>(delay, int64_t(p.schedule.size())) - 1)].balance) owed += b;
    }
    s3.amount = double(owed) / 100;
    s3.months = p.paid_off ? std::optional<int64_t>(std::max<int64_t>(0, p.months - delay)) : std::nullopt;
    const std::vector<size_t> request_index = s3.debts;  // the subset's debts, by request index
    s3.debts.clear();
    for (size_t k : p.order) s3.debts.push_back(request_index[k]);  // the order the extra went
    if (p.paid_off) saving += double(freed) / 100;  // their minimums are free from the next step on
    if (s3.months && *s3.months > 0) {
      // The fund earns its rate while the debts take the saving; what the pool has left in their
      // last month (schedule's `unused`) is saved into it at that month's end.
      fund = fund * (1 + growth_minus_one(in.savings_rate / 12, double(*s3.months))) +
             double(p.schedule.back().unused) / 100;
    }
  }
  add(s3);

  ReadinessStep s4 = named_step("emergency_fund");
  s4.amount = std::max(0.0, out.emergency_fund_target - fund);
  s4.months = saving_months(out.emergency_fund_target, fund, saving, in).months;
  add(s4);

  const std::optional<int64_t> ready_in = clock;
  ReadinessStep s5 = named_step("invest");
  s5.amount = saving;
  s5.per_month = true;
  s5.months = 0;
  add(s5);
  out.steps.back().done = false;

  out.months_to_ready = ready_in;
  if (in.horizon_years < kMinHorizonYears) out.reasons.push_back("short_horizon");
  if (!ready_in) out.reasons.push_back("unreachable_at_this_saving");
  else if (*ready_in > 0 || s2.amount > 0) out.reasons.push_back("steps_remaining");
  const bool steps_done = ready_in && *ready_in == 0 && s2.amount == 0;
  if (in.horizon_years < kMinHorizonYears || !ready_in) out.status = "not_yet";
  else if (steps_done) out.status = "ready";
  else out.status = *ready_in <= kAlmostMonths ? "almost" : "not_yet";
  return out;
}

}  // namespace nestegg
