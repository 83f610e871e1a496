// SPDX-License-Identifier: MIT
#include "debt_handlers.hpp"

#include "error.hpp"
#include "field_rules.hpp"
#include "format_text.hpp"
#include "request.hpp"

#include <utility>

namespace nestegg {

using nlohmann::json;

namespace {

constexpr Range kApr{0, 1};

// Whole cents as the amount they are: on the cent already, so written by number() as they were.
double dollars(int64_t c) { return double(c) / 100.0; }

void write_names(JsonWriter& w, const std::vector<Debt>& debts, const std::vector<size_t>& order) {
  w.begin_array();
  for (size_t i : order) w.string(debts[i].name);
  w.end_array();
}

void write_dollars(JsonWriter& w, const std::vector<int64_t>& cents) {
  w.begin_array();
  for (int64_t c : cents) w.number(dollars(c));
  w.end_array();
}

const char* rule_name(Rule r) { return r == Rule::rate_each_month ? "rate_each_month" : "fixed_order"; }

// The custom order: every debt's name (zero balances included), each once. An unknown or
// repeated name is invalid_value on order[i]; a debt left out is invalid_value on order, named.
std::vector<size_t> read_order(const Fields& f, const std::vector<Debt>& debts) {
  const std::vector<std::string> given = f.texts("order", 1, kMaxDebts);
  std::vector<size_t> out;
  std::vector<uint8_t> seen(debts.size(), false);
  for (size_t k = 0; k < given.size(); ++k) {
    const FieldPath at = FieldPath::item("order", k);
    size_t i = 0;
    while (i < debts.size() && debts[i].name != given[k]) ++i;
    if (i == debts.size()) fail_at(code::invalid_value, at, " names no debt: \"%.*s\"", int(given[k].size()), given[k].data());
    if (seen[i]) fail_at(code::invalid_value, at, " repeats \"%.*s\"", int(given[k].size()), given[k].data());
    seen[i] = true;
    if (debts[i].balance > 0) out.push_back(i);
  }
  std::string left_out;
  for (size_t i = 0; i < debts.size(); ++i) {
    if (!seen[i]) append_text(left_out, "%s%.*s\"", left_out.empty() ? "\"" : ", \"", int(debts[i].name.size()), debts[i].name.data());
  }
  if (!left_out.empty()) {
    fail_at(code::invalid_value, "order", " must name every debt once (zero balances too); it leaves out %.*s",
            int(left_out.size()), left_out.data());
  }
  return out;
}

// One plan of the comparison; its figures are null when it never pays the debts off. Minimums
// only has no rule and no order.
void write_summary(JsonWriter& w, const StrategyOutcome& p, const StrategyOutcome& chosen, const DebtPlanInput& in) {
  const bool ranked = p.rule != Rule::minimums_only;
  std::optional<double> interest_saved, total_interest;
  std::optional<int64_t> months, months_saved;
  std::optional<Date> payoff_date;
  if (p.paid_off) {
    interest_saved = dollars(p.interest - chosen.interest);
    total_interest = dollars(p.interest);
    months = p.months;
    months_saved = p.months - chosen.months;
    payoff_date = add_months(in.start, p.months);
  }
  w.begin_object();
  w.key("interest_saved").number(interest_saved);
  w.key("months").integer(months);
  w.key("months_saved").integer(months_saved);
  if (ranked) write_names(w.key("order"), in.debts, p.order);
  w.key("paid_off").boolean(p.paid_off);
  w.key("payoff_date").date(payoff_date);
  if (ranked) w.key("rule").string(rule_name(p.rule));
  w.key("total_interest").number(total_interest);
  w.end_object();
}

void write_debt(JsonWriter& w, const Debt& d, const DebtOutcome& o, bool negative, const Date& start) {
  w.begin_object();
  w.key("apr").number(d.apr);
  w.key("balance").number(dollars(d.balance));
  w.key("interest_paid").number(dollars(o.interest));
  w.key("minimum_payment").number(dollars(d.minimum));
  w.key("name").string(d.name);
  w.key("negative_amortization").boolean(negative);
  w.key("payoff_date").date(add_months(start, *o.payoff_month));
  w.key("payoff_month").integer(*o.payoff_month);
  if (d.promo_apr) {
    w.key("promo_apr").number(*d.promo_apr);
    w.key("promo_end_date").date(*d.promo_end);
  }
  w.key("total_paid").number(dollars(o.paid));
  w.end_object();
}

void write_schedule(JsonWriter& w, const std::vector<ScheduleMonth>& schedule, const Date& start) {
  w.begin_array();
  for (const ScheduleMonth& m : schedule) {
    w.begin_object();
    write_dollars(w.key("balance"), m.balance);
    w.key("date").date(add_months(start, m.month));
    write_dollars(w.key("interest"), m.interest);
    w.key("month").integer(m.month);
    write_dollars(w.key("payment"), m.payment);
    w.key("unused").number(dollars(m.unused));
    w.end_object();
  }
  w.end_array();
}

}  // namespace

std::vector<Debt> read_debts(const Fields& f, CallContext& ctx, size_t min_items) {
  const json* arr = f.optional_array("debts", min_items, kMaxDebts);
  if (!arr && min_items > 0) f.array("debts", min_items, kMaxDebts);  // throws missing_field
  std::vector<Debt> out;
  if (!arr) return out;
  const std::string path = f.path("debts");
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string at = format_text("%.*s[%zu]", int(path.size()), path.data(), i);
    const Fields d((*arr)[i], at);
    Debt debt;
    debt.name = d.text_or("name", format_text("Debt %zu", i + 1), 1, 80);
    for (const Debt& other : out) {
      if (other.name == debt.name) {
        fail_at(code::invalid_value, FieldPath(at, "name"), " repeats \"%.*s\"", int(debt.name.size()), debt.name.data());
      }
    }
    debt.balance = to_whole_cents(d.number("balance", kAmount));
    debt.apr = d.number("apr", kApr);
    debt.minimum = to_whole_cents(d.number_or("minimum_payment", 0, kAmount));
    debt.promo_apr = d.optional_number("promo_apr", kApr);
    debt.promo_end = d.optional_date("promo_end_date");
    if (debt.promo_apr.has_value() != debt.promo_end.has_value()) {
      fail_at(code::missing_field, FieldPath(at, debt.promo_apr ? "promo_end_date" : "promo_apr"), " is required with %s",
              debt.promo_apr ? "promo_apr" : "promo_end_date");
    }
    if (debt.promo_apr && *debt.promo_apr > debt.apr) {
      ctx.warnings.push_back({"promo_above_apr",
                              format_text("%.*s.promo_apr (%g) is above its apr (%g): a promotion that costs more; taken as given",
                                          int(at.size()), at.data(), *debt.promo_apr, debt.apr),
                              at + ".promo_apr"});
    }
    warn_unread(d, ctx);
    out.push_back(std::move(debt));
  }
  return out;
}

void warn_negative_amortization(const std::vector<Debt>& debts, const std::vector<uint8_t>& flagged, CallContext& ctx) {
  for (size_t i = 0; i < flagged.size(); ++i) {
    if (!flagged[i]) continue;
    const std::string at = format_text("debts[%zu].minimum_payment", i);
    ctx.warnings.push_back({"negative_amortization",
                            format_text("%.*s does not cover the interest at the regular APR (once any promotion ends): on "
                                        "minimums alone \"%.*s\" would never be paid off",
                                        int(at.size()), at.data(), int(debts[i].name.size()), debts[i].name.data()),
                            at});
  }
}

void debt_plan(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  DebtPlanInput in;
  in.debts = read_debts(f, ctx, 1);
  in.budget = to_whole_cents(f.number("monthly_budget", kAmount));
  const std::string strategy = f.choice_or("strategy", "avalanche", {"avalanche", "snowball", "custom", "optimal"});
  // Asked for by strategy or by `order`, even when every debt is paid (its order is then empty).
  const bool has_custom = strategy == "custom" || f.has("order");
  if (has_custom) in.custom_order = read_order(f, in.debts);
  in.start = f.date_or("start_date", ctx.today);
  const bool include_schedule = f.boolean_or("include_schedule", false);
  warn_unread(f, ctx);

  const DebtSimulator sim(in);
  const int64_t due = sim.minimums_due();
  if (in.budget < due) {
    fail_at(code::invalid_value, "monthly_budget", " (%.2f) is %.2f below the sum of the minimum payments (%.2f)",
            dollars(in.budget), dollars(due - in.budget), dollars(due));
  }
  const std::vector<uint8_t> negative = sim.negative_amortization();
  warn_negative_amortization(in.debts, negative, ctx);

  SearchReport search;
  const StrategyOutcome avalanche = sim.avalanche(include_schedule && strategy == "avalanche");
  const StrategyOutcome snowball = sim.snowball(include_schedule && strategy == "snowball");
  const StrategyOutcome optimal = sim.optimal(search, include_schedule && strategy == "optimal");
  StrategyOutcome custom;
  if (has_custom) custom = sim.run(Rule::fixed_order, in.custom_order, include_schedule && strategy == "custom");
  const StrategyOutcome baseline = sim.minimums_only();
  const StrategyOutcome& chosen = strategy == "avalanche" ? avalanche
                              : strategy == "snowball" ? snowball
                              : strategy == "optimal"  ? optimal
                                                       : custom;
  if (!chosen.paid_off) {
    fail_at(code::invalid_value, "monthly_budget", " (%.2f) does not pay these debts off within %d years with the %.*s strategy",
            dollars(in.budget), int(kMaxDebtMonths / 12), int(strategy.size()), strategy.data());
  }
  if (!add_months(in.start, chosen.months)) {
    fail(code::out_of_range, "start_date", "the plan would end after 9999-12-31");
  }
  // Every plan compared is reported with its payoff date: one that would pass the calendar's end
  // is refused too, rather than said to be paid off without a date.
  const std::pair<const char*, const StrategyOutcome*> compared[] = {
      {"minimums_only", &baseline}, {"avalanche", &avalanche}, {"snowball", &snowball}, {"optimal", &optimal},
      {"custom", has_custom ? &custom : nullptr}};
  for (const auto& [name, p] : compared) {
    if (p && p->paid_off && !add_months(in.start, p->months)) {
      fail(code::out_of_range, "start_date", "the %s plan compared would end after 9999-12-31", name);
    }
  }

  w.key("comparison").begin_object();
  write_summary(w.key("avalanche"), avalanche, chosen, in);
  if (has_custom) write_summary(w.key("custom"), custom, chosen, in);
  write_summary(w.key("minimums_only"), baseline, chosen, in);
  write_summary(w.key("optimal"), optimal, chosen, in);
  write_summary(w.key("snowball"), snowball, chosen, in);
  w.end_object();
  w.key("debts").begin_array();
  for (size_t i = 0; i < in.debts.size(); ++i) write_debt(w, in.debts[i], chosen.debts[i], negative[i], in.start);
  w.end_array();
  w.key("extra_payment").number(dollars(in.budget - due));
  w.key("minimum_payments").number(dollars(due));
  w.key("monthly_budget").number(dollars(in.budget));
  w.key("months").integer(chosen.months);
  write_names(w.key("order"), in.debts, chosen.order);
  w.key("payoff_date").date(add_months(in.start, chosen.months));
  write_names(w.key("payoff_order"), in.debts, chosen.payoff_order);
  w.key("rule").string(rule_name(chosen.rule));
  if (include_schedule) write_schedule(w.key("schedule"), chosen.schedule, in.start);
  w.key("search").begin_object();
  w.key("complete").boolean(search.complete);
  w.key("evaluations").integer(search.evaluations);
  w.key("method").string(search.method);
  w.end_object();
  w.key("start_date").date(in.start);
  w.key("strategy").string(strategy);
  w.key("total_interest").number(dollars(chosen.interest));
  w.key("total_paid").number(dollars(chosen.paid));
}

}  // namespace nestegg
