// SPDX-License-Identifier: MIT
#include "investment_handlers.hpp"

#include "debt_handlers.hpp"
#include "error.hpp"
#include "field_rules.hpp"
#include "investment_readiness.hpp"
#include "request.hpp"

namespace nestegg {

using nlohmann::json;

namespace {

// A step with its end (null when it cannot be finished at this saving); the match step adds the
// employer's money, the debt step the debts it pays off.
void write_step(JsonWriter& w, const ReadinessStep& s, const ReadinessInput& in) {
  const std::optional<Date> end = s.end_month ? add_months(in.start, *s.end_month) : std::nullopt;
  w.begin_object();
  w.key("amount").cents(s.amount);
  if (s.id == "high_interest_debt") {
    w.key("debts").begin_array();
    for (size_t i : s.debts) w.string(in.debts[i].name);
    w.end_array();
  }
  w.key("done").boolean(s.done);
  if (s.id == "employer_match") w.key("employer_adds_per_month").cents(s.employer_adds_per_month);
  w.key("end_date").date(end);
  w.key("end_month").integer(end ? s.end_month : std::nullopt);
  w.key("months").integer(s.months);
  w.key("per_month").boolean(s.per_month);
  w.key("step").string(s.id);
  w.end_object();
}

}  // namespace

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

void investment_readiness(const json& request, CallContext& ctx, JsonWriter& w) {
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
      fail(code::out_of_range, "start_date", "the plan would end after 9999-12-31 (step %.*s)", int(s.id.size()), s.id.data());
    }
  }
  const std::optional<Date> ready = r.months_to_ready ? add_months(in.start, *r.months_to_ready) : std::nullopt;
  w.key("emergency_fund_target").cents(r.emergency_fund_target);
  w.key("emergency_months").integer(r.emergency_months);
  w.key("high_interest_apr").number(kHighInterestApr);
  w.key("months_to_ready").integer(ready ? r.months_to_ready : std::nullopt);
  w.key("ready_date").date(ready);
  w.key("reasons").strings(r.reasons);
  w.key("risk_profile").string(r.risk_profile);
  w.key("start_date").date(in.start);
  w.key("status").string(r.status);
  w.key("steps").begin_array();
  for (const ReadinessStep& s : r.steps) write_step(w, s, in);
  w.end_array();
}

}  // namespace nestegg
