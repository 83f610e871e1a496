// SPDX-License-Identifier: MIT
// Paying off several debts from one monthly budget: every debt simulated together, month by month,
// in whole cents, under a strategy that decides where the money beyond the minimums goes.
//
// Conventions (also in README "API reference: debts"):
//  - Amounts are whole cents here (the handler rounds the request's amounts half away from zero).
//  - Month k of a plan ends on start + k months (add_months: the day clamped to the month's end).
//    In month k each open debt is first charged interest on its balance at the start of the
//    month, interest = round_half_away(balance_cents * apr / 12) -- the product first, then the
//    division, in doubles, then rounded to a whole cent --, then paid at the end of the month.
//  - The promotional APR is charged in month k when that month ends on or before promo_end
//    (inclusive); from the next month on, the regular APR.
//  - Payments at the end of month k, in this order: every open debt gets its minimum (or its whole
//    balance when that is smaller); what is left of the budget (the extra pool: the budget less
//    the minimums still due, so a paid-off debt's minimum rolls over by itself) goes to the debts
//    in the strategy's priority order, each paid up to its balance before the next gets the rest,
//    in the same month. What no debt can take in the last month is `unused`.
//  - A debt's payoff month is the month its balance reaches exactly 0; the plan's is the last of
//    them. Plans run for at most kMaxDebtMonths; a balance over kBalanceCeilingCents stops one.
//  - "Minimums only": every debt is paid its minimum and nothing more, no rollover.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "civil_date.hpp"

namespace nestegg {

inline constexpr int64_t kMaxDebtMonths = 1200;  // 100 years, as goals' horizon
inline constexpr size_t kMaxDebts = 50;
inline constexpr int64_t kBalanceCeilingCents = 1000000000000000;  // 1e13 (ten times the largest input)
inline constexpr size_t kExhaustiveDebts = 6;                      // all n! orders up to this many
inline constexpr int64_t kSearchDebtMonths = 5000000;              // the optimal search's work budget

struct Debt {
  std::string name;
  int64_t balance = 0;  // cents
  double apr = 0;       // annual fraction
  int64_t minimum = 0;  // cents a month
  std::optional<double> promo_apr;
  std::optional<Date> promo_end;  // inclusive: months ending on or before it are charged promo_apr
};

enum class Rule {
  fixed_order,      // avalanche, snowball, custom, and the orders the optimal search tries
  rate_each_month,  // the highest APR charged this month first (promotions included): a candidate of optimal
  minimums_only
};

struct DebtOutcome {
  std::optional<int64_t> payoff_month;  // nullopt: not paid off within the plan's horizon
  int64_t interest = 0;                 // cents charged until payoff (or the horizon)
  int64_t paid = 0;
};

struct ScheduleMonth {
  int64_t month = 0;
  std::vector<int64_t> interest, payment, balance;  // per debt, in request order; balance at month end
  int64_t unused = 0;                               // budget no debt could take (last month only)
};

struct StrategyOutcome {
  Rule rule = Rule::fixed_order;
  bool paid_off = false;
  bool stuck = false;    // stopped early: a minimum that can never catch up, or the balance ceiling
  int64_t months = 0;    // months until every debt is zero (the horizon when not paid off)
  int64_t interest = 0;  // cents
  int64_t paid = 0;
  std::vector<size_t> order;         // extra-pool priority in month 1 (debt indices)
  std::vector<size_t> payoff_order;  // debts in the order they reach zero (ties: request order)
  std::vector<DebtOutcome> debts;
  std::vector<ScheduleMonth> schedule;  // when asked for
};

struct SearchReport {
  const char* method = "none";  // exhaustive | local_search
  int64_t evaluations = 0;      // simulations run by the search
  bool complete = true;         // false when the work budget stopped the local search
};

struct DebtPlanInput {
  std::vector<Debt> debts;
  int64_t budget = 0;  // cents a month
  Date start;
  std::vector<size_t> custom_order;  // a permutation of the debts, or empty
  // The first month the extra pool is paid out: in the months before it every debt gets its
  // minimum and nothing more, whatever the rule (investment.readiness: the debts wait on their
  // minimums while the earlier steps take the saving). 1: from the start.
  int64_t extra_from_month = 1;
};

// The debts' month-by-month simulation, shared by every strategy. Construct once per request.
class DebtSimulator {
 public:
  explicit DebtSimulator(const DebtPlanInput& in);

  StrategyOutcome run(Rule rule, const std::vector<size_t>& order, bool schedule = false) const;
  StrategyOutcome avalanche(bool schedule = false) const { return run(Rule::fixed_order, avalanche_order(), schedule); }
  StrategyOutcome snowball(bool schedule = false) const { return run(Rule::fixed_order, snowball_order(), schedule); }
  StrategyOutcome minimums_only() const { return run(Rule::minimums_only, {}); }
  // The least total interest (then the fewest months) over avalanche, snowball, the custom order,
  // the rate-each-month rule and fixed orders: all of them for up to kExhaustiveDebts open debts, else a local search of
  // pairwise swaps from the best of those, until no swap helps or kSearchDebtMonths of simulation
  // is spent. `force_local_search` runs the local search on small cases too (for tests).
  StrategyOutcome optimal(SearchReport& report, bool schedule = false, bool force_local_search = false) const;

  // avalanche: highest (regular) APR, then smaller balance, then request order;
  // snowball: smallest balance, then higher APR, then request order.
  std::vector<size_t> avalanche_order() const { return ranked_order(true); }
  std::vector<size_t> snowball_order() const { return ranked_order(false); }
  std::vector<size_t> ranked_order(bool by_rate_first) const;
  int64_t minimums_due() const;                // sum of the minimums of debts with a balance
  // Debts that minimums alone never pay off: simulated alone on their minimums, a month after
  // any promotion has ended comes whose minimum does not exceed its interest at the regular APR,
  // so the balance never shrinks again (the simulator's "stuck"). A promotion that covers the
  // debt's payoff, or brings the balance low enough first, leaves it unflagged; the flag and
  // minimums only's `paid_off: false` agree.
  std::vector<uint8_t> negative_amortization() const;

 private:
  // Simulates; gives up (returns nullopt) as soon as the interest charged exceeds abort_above.
  // Adds the debt-months simulated to *work when given.
  std::optional<StrategyOutcome> simulate(Rule rule, const std::vector<size_t>& order, int64_t abort_above,
                                      bool schedule, int64_t* work) const;
  double rate(size_t i, int64_t month) const;

  const DebtPlanInput& in_;
  std::vector<int64_t> promo_months_;  // months charged the promotional APR, per debt
};

}  // namespace nestegg
