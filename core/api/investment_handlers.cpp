// SPDX-License-Identifier: MIT
#include "investment_handlers.hpp"

#include "debt_handlers.hpp"
#include "error.hpp"
#include "field_rules.hpp"
#include "investment_readiness.hpp"
#include "money.hpp"
#include "request.hpp"

namespace nestegg {

using nlohmann::json;

void read_match_and_risk(const Fields& f, CallContext& ctx, ReadinessInput& in) {
  if (auto m = f.optional_object("employer_match")) {
    EmployerMatch match;
    match.match_rate = m->number("match_rate", Range{0, 2});
    match.match_limit = m->number("match_limit", Range{0, 1});
    match.contribution_rate = m->number_or("contribution_rate", 0, Range{0, 1});
    match.annual_salary = m->number("annual_salary", kAmount);
    warn_unread(*m, ctx);
    in.match = match;
  }
  if (auto r = f.optional_object("risk")) {
    in.stable_income = r->choice_or("income_stability", "variable", {"stable", "variable"}) == "stable";
    in.dependents = r->boolean_or("dependents", false);
    const std::string reaction = r->choice_or("loss_reaction", "sell", {"sell", "hold", "buy"});
    in.loss_reaction = reaction == "sell" ? LossReaction::sell : reaction == "hold" ? LossReaction::hold : LossReaction::buy;
    warn_unread(*r, ctx);
  }
}

json investment_readiness(const json& request, CallContext& ctx) {
  const Fields f(request);
  ReadinessInput in;
  in.emergency_fund = f.number("emergency_fund", kAmount);
  in.essential_expenses = f.number("monthly_essential_expenses", kAmount);
  in.monthly_saving = f.number("monthly_saving", kAmount);
  in.savings_rate = f.number_or("savings_rate", 0, kRate);
  in.debts = read_debts(f, ctx, 0);
  in.horizon_years = f.number("horizon_years", Range{0, 100});
  read_match_and_risk(f, ctx, in);
  in.start = f.date_or("start_date", ctx.today);
  warn_unread(f, ctx);

  const ReadinessResult r = assess_readiness(in);
  warn_negative_amortization(in.debts, r.negative_amortization, ctx);
  // A plan whose dates would pass the calendar's end is refused as debt.plan refuses it.
  for (const ReadinessStep& s : r.steps) {
    if (s.end_month && !add_months(in.start, *s.end_month)) {
      throw NesteggError(code::out_of_range, "the plan would end after 9999-12-31 (step " + s.id + ")", "start_date");
    }
  }
  json steps = json::array();
  for (const ReadinessStep& s : r.steps) {
    const std::optional<Date> end = s.end_month ? add_months(in.start, *s.end_month) : std::nullopt;
    json step = object({{"step", s.id}, {"done", s.done}, {"amount", to_cents(s.amount)}, {"per_month", s.per_month},
                        {"months", s.months ? json(*s.months) : json(nullptr)},
                        {"end_month", end ? json(*s.end_month) : json(nullptr)},
                        {"end_date", end ? json(format_date(*end)) : json(nullptr)}});
    if (s.id == "employer_match") put(step, "employer_adds_per_month", to_cents(s.employer_adds_per_month));
    if (s.id == "high_interest_debt") {
      json names = json::array();
      for (size_t i : s.debts) names.push_back(in.debts[i].name);
      put(step, "debts", std::move(names));
    }
    steps.push_back(std::move(step));
  }
  const std::optional<Date> ready = r.months_to_ready ? add_months(in.start, *r.months_to_ready) : std::nullopt;
  return object({{"status", r.status},
                 {"reasons", r.reasons},
                 {"start_date", format_date(in.start)},
                 {"months_to_ready", ready ? json(*r.months_to_ready) : json(nullptr)},
                 {"ready_date", ready ? json(format_date(*ready)) : json(nullptr)},
                 {"emergency_months", r.emergency_months},
                 {"emergency_fund_target", to_cents(r.emergency_fund_target)},
                 {"high_interest_apr", kHighInterestApr},
                 {"risk_profile", r.risk_profile},
                 {"steps", std::move(steps)}});
}

}  // namespace nestegg
