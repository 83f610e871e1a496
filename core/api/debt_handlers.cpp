// SPDX-License-Identifier: MIT
#include "debt_handlers.hpp"

#include "error.hpp"
#include "field_rules.hpp"
#include "format_number.hpp"
#include "request.hpp"

#include <utility>

namespace nestegg {

using nlohmann::json;

namespace {

constexpr Range kApr{0, 1};

json cents(int64_t c) { return double(c) / 100.0; }
std::string money_text(int64_t c) { return format_number(double(c) / 100.0); }

json date_after(const Date& start, int64_t months) {
  const auto d = add_months(start, months);
  return d ? json(format_date(*d)) : json(nullptr);
}

json names(const std::vector<Debt>& debts, const std::vector<size_t>& order) {
  json out = json::array();
  for (size_t i : order) out.push_back(debts[i].name);
  return out;
}

const char* rule_name(Rule r) { return r == Rule::rate_each_month ? "rate_each_month" : "fixed_order"; }

// The custom order: every debt's name (zero balances included), each once. An unknown or
// repeated name is invalid_value on order[i]; a debt left out is invalid_value on order, named.
std::vector<size_t> read_order(const Fields& f, const std::vector<Debt>& debts) {
  const std::vector<std::string> given = f.texts("order", 1, kMaxDebts);
  std::vector<size_t> out;
  std::vector<bool> seen(debts.size(), false);
  for (size_t k = 0; k < given.size(); ++k) {
    const std::string at = "order[" + std::to_string(k) + "]";
    size_t i = 0;
    while (i < debts.size() && debts[i].name != given[k]) ++i;
    if (i == debts.size()) throw NesteggError(code::invalid_value, at + " names no debt: \"" + given[k] + "\"", at);
    if (seen[i]) throw NesteggError(code::invalid_value, at + " repeats \"" + given[k] + "\"", at);
    seen[i] = true;
    if (debts[i].balance > 0) out.push_back(i);
  }
  std::string left_out;
  for (size_t i = 0; i < debts.size(); ++i) {
    if (!seen[i]) left_out += (left_out.empty() ? "\"" : ", \"") + debts[i].name + "\"";
  }
  if (!left_out.empty()) {
    throw NesteggError(code::invalid_value, "order must name every debt once (zero balances too); it leaves out " + left_out,
                       "order");
  }
  return out;
}

json summary(const StrategyOutcome& p, const StrategyOutcome& chosen, const DebtPlanInput& in) {
  json out = object({{"paid_off", p.paid_off},
                     {"months", p.paid_off ? json(p.months) : json(nullptr)},
                     {"payoff_date", p.paid_off ? date_after(in.start, p.months) : json(nullptr)},
                     {"total_interest", p.paid_off ? cents(p.interest) : json(nullptr)},
                     {"interest_saved", p.paid_off ? cents(p.interest - chosen.interest) : json(nullptr)},
                     {"months_saved", p.paid_off ? json(p.months - chosen.months) : json(nullptr)}});
  if (p.rule != Rule::minimums_only) {
    put(out, "rule", rule_name(p.rule));
    put(out, "order", names(in.debts, p.order));
  }
  return out;
}

}  // namespace

std::vector<Debt> read_debts(const Fields& f, CallContext& ctx, size_t min_items) {
  const json* arr = f.optional_array("debts", min_items, kMaxDebts);
  if (!arr && min_items > 0) f.array("debts", min_items, kMaxDebts);  // throws missing_field
  std::vector<Debt> out;
  if (!arr) return out;
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string at = f.path("debts") + "[" + std::to_string(i) + "]";
    const Fields d((*arr)[i], at);
    Debt debt;
    debt.name = d.text_or("name", "Debt " + std::to_string(i + 1), 1, 80);
    for (const Debt& other : out) {
      if (other.name == debt.name) throw NesteggError(code::invalid_value, at + ".name repeats \"" + debt.name + "\"", at + ".name");
    }
    debt.balance = to_whole_cents(d.number("balance", kAmount));
    debt.apr = d.number("apr", kApr);
    debt.minimum = to_whole_cents(d.number_or("minimum_payment", 0, kAmount));
    debt.promo_apr = d.optional_number("promo_apr", kApr);
    debt.promo_end = d.optional_date("promo_end_date");
    if (debt.promo_apr.has_value() != debt.promo_end.has_value()) {
      const std::string missing = at + (debt.promo_apr ? ".promo_end_date" : ".promo_apr");
      throw NesteggError(code::missing_field, missing + " is required with " + (debt.promo_apr ? "promo_apr" : "promo_end_date"), missing);
    }
    if (debt.promo_apr && *debt.promo_apr > debt.apr) {
      ctx.warnings.push_back({"promo_above_apr",
                              at + ".promo_apr (" + format_number(*debt.promo_apr) + ") is above its apr (" +
                                  format_number(debt.apr) + "): a promotion that costs more; taken as given",
                              at + ".promo_apr"});
    }
    warn_unread(d, ctx);
    out.push_back(std::move(debt));
  }
  return out;
}

void warn_negative_amortization(const std::vector<Debt>& debts, const std::vector<bool>& flagged, CallContext& ctx) {
  for (size_t i = 0; i < flagged.size(); ++i) {
    if (!flagged[i]) continue;
    const std::string at = "debts[" + std::to_string(i) + "].minimum_payment";
    ctx.warnings.push_back({"negative_amortization",
                            at + " does not cover the interest at the regular APR (once any promotion ends): on minimums alone \"" +
                                debts[i].name + "\" would never be paid off",
                            at});
  }
}

json debt_plan(const json& request, CallContext& ctx) {
  const Fields f(request);
  DebtPlanInput in;
  in.debts = read_debts(f, ctx, 1);
  in.budget = to_whole_cents(f.number("monthly_budget", kAmount));
  const std::string strategy = f.choice_or("strategy", "avalanche", {"avalanche", "snowball", "custom", "optimal"});
  if (strategy == "custom" || f.has("order")) in.custom_order = read_order(f, in.debts);
  in.start = f.date_or("start_date", ctx.today);
  const bool include_schedule = f.boolean_or("include_schedule", false);
  warn_unread(f, ctx);

  const DebtSimulator sim(in);
  const int64_t due = sim.minimums_due();
  if (in.budget < due) {
    throw NesteggError(code::invalid_value,
                       "monthly_budget (" + money_text(in.budget) + ") is " + money_text(due - in.budget) +
                           " below the sum of the minimum payments (" + money_text(due) + ")",
                       "monthly_budget");
  }
  const std::vector<bool> negative = sim.negative_amortization();
  warn_negative_amortization(in.debts, negative, ctx);

  SearchReport search;
  const StrategyOutcome avalanche = sim.avalanche(include_schedule && strategy == "avalanche");
  const StrategyOutcome snowball = sim.snowball(include_schedule && strategy == "snowball");
  const StrategyOutcome optimal = sim.optimal(search, include_schedule && strategy == "optimal");
  StrategyOutcome custom;
  if (!in.custom_order.empty()) custom = sim.run(Rule::fixed_order, in.custom_order, include_schedule && strategy == "custom");
  const StrategyOutcome baseline = sim.minimums_only();
  const StrategyOutcome& chosen = strategy == "avalanche" ? avalanche
                              : strategy == "snowball" ? snowball
                              : strategy == "optimal"  ? optimal
                                                       : custom;
  if (!chosen.paid_off) {
    throw NesteggError(code::invalid_value,
                       "monthly_budget (" + money_text(in.budget) + ") does not pay these debts off within " +
                           std::to_string(kMaxDebtMonths / 12) + " years with the " + strategy + " strategy",
                       "monthly_budget");
  }
  if (!add_months(in.start, chosen.months)) {
    throw NesteggError(code::out_of_range, "the plan would end after 9999-12-31", "start_date");
  }
  // Every plan compared is reported with its payoff date: one that would pass the calendar's end
  // is refused too, rather than said to be paid off without a date.
  const std::pair<const char*, const StrategyOutcome*> compared[] = {
      {"minimums_only", &baseline}, {"avalanche", &avalanche}, {"snowball", &snowball}, {"optimal", &optimal},
      {"custom", in.custom_order.empty() ? nullptr : &custom}};
  for (const auto& [name, p] : compared) {
    if (p && p->paid_off && !add_months(in.start, p->months)) {
      throw NesteggError(code::out_of_range,
                         std::string("the ") + name + " plan compared would end after 9999-12-31", "start_date");
    }
  }

  json debts = json::array();
  for (size_t i = 0; i < in.debts.size(); ++i) {
    const Debt& d = in.debts[i];
    const DebtOutcome& o = chosen.debts[i];
    json row = object({{"name", d.name}, {"balance", cents(d.balance)}, {"apr", d.apr},
                       {"minimum_payment", cents(d.minimum)}, {"payoff_month", *o.payoff_month},
                       {"payoff_date", date_after(in.start, *o.payoff_month)}, {"interest_paid", cents(o.interest)},
                       {"total_paid", cents(o.paid)}, {"negative_amortization", bool(negative[i])}});
    if (d.promo_apr) {
      put(row, "promo_apr", *d.promo_apr);
      put(row, "promo_end_date", format_date(*d.promo_end));
    }
    debts.push_back(std::move(row));
  }
  json comparison = object({{"minimums_only", summary(baseline, chosen, in)},
                            {"avalanche", summary(avalanche, chosen, in)},
                            {"snowball", summary(snowball, chosen, in)},
                            {"optimal", summary(optimal, chosen, in)}});
  if (!in.custom_order.empty()) put(comparison, "custom", summary(custom, chosen, in));

  json out = object({{"strategy", strategy},
                     {"rule", rule_name(chosen.rule)},
                     {"start_date", format_date(in.start)},
                     {"monthly_budget", cents(in.budget)},
                     {"minimum_payments", cents(due)},
                     {"extra_payment", cents(in.budget - due)},
                     {"months", chosen.months},
                     {"payoff_date", date_after(in.start, chosen.months)},
                     {"total_interest", cents(chosen.interest)},
                     {"total_paid", cents(chosen.paid)},
                     {"order", names(in.debts, chosen.order)},
                     {"payoff_order", names(in.debts, chosen.payoff_order)},
                     {"debts", std::move(debts)},
                     {"comparison", std::move(comparison)},
                     {"search", object({{"method", search.method}, {"evaluations", search.evaluations},
                                        {"complete", search.complete}})}});
  if (include_schedule) {
    json rows = json::array();
    for (const ScheduleMonth& m : chosen.schedule) {
      json interest = json::array(), payment = json::array(), balance = json::array();
      for (size_t i = 0; i < in.debts.size(); ++i) {
        interest.push_back(cents(m.interest[i]));
        payment.push_back(cents(m.payment[i]));
        balance.push_back(cents(m.balance[i]));
      }
      rows.push_back(object({{"month", m.month}, {"date", date_after(in.start, m.month)}, {"interest", std::move(interest)},
                             {"payment", std::move(payment)}, {"balance", std::move(balance)}, {"unused", cents(m.unused)}}));
    }
    put(out, "schedule", std::move(rows));
  }
  return out;
}

}  // namespace nestegg
