// SPDX-License-Identifier: MIT
#include "debt_plan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nestegg {

namespace {

constexpr int64_t kNoAbort = std::numeric_limits<int64_t>::max();

// a strictly better than b: paid off beats not; then less interest; then fewer months.
bool better(const StrategyOutcome& a, const StrategyOutcome& b) {
  if (a.paid_off != b.paid_off) return a.paid_off;
  if (a.interest != b.interest) return a.interest < b.interest;
  return a.months < b.months;
}

// Sorts debt indices by (first, second) ascending, keeping their present order on ties: an
// insertion sort over at most 50 debts, one small function instead of a std::sort or
// std::stable_sort instantiation per ranking (.wasm bytes).
void rank(std::vector<size_t>& idx, const std::vector<double>& first, const std::vector<double>& second) {
  for (size_t k = 1; k < idx.size(); ++k) {
    const size_t v = idx[k];
    size_t j = k;
    for (; j > 0; --j) {
      const size_t u = idx[j - 1];
      if (!(first[v] < first[u] || (first[v] == first[u] && second[v] < second[u]))) break;
      idx[j] = u;
    }
    idx[j] = v;
  }
}

}  // namespace

DebtSimulator::DebtSimulator(const DebtPlanInput& in) : in_(in) {
  promo_months_.reserve(in.debts.size());
  for (const Debt& d : in.debts) {
    int64_t m = 0;
    if (d.promo_apr && d.promo_end) m = std::clamp<int64_t>(whole_months_between(in.start, *d.promo_end), 0, kMaxDebtMonths);
    promo_months_.push_back(m);
  }
}

double DebtSimulator::rate(size_t i, int64_t month) const {
  const Debt& d = in_.debts[i];
  return d.promo_apr && month <= promo_months_[i] ? *d.promo_apr : d.apr;
}

// The open debts ranked by balance then APR (snowball) or APR then balance (avalanche).
std::vector<size_t> DebtSimulator::ranked_order(bool by_rate_first) const {
  std::vector<size_t> order;
  std::vector<double> balance, minus_apr;
  for (size_t i = 0; i < in_.debts.size(); ++i) {
    if (in_.debts[i].balance > 0) order.push_back(i);
    balance.push_back(double(in_.debts[i].balance));
    minus_apr.push_back(-in_.debts[i].apr);
  }
  if (by_rate_first) rank(order, minus_apr, balance);
  else rank(order, balance, minus_apr);
  return order;
}

int64_t DebtSimulator::minimums_due() const {
  int64_t sum = 0;
  for (const Debt& d : in_.debts) sum += d.balance > 0 ? d.minimum : 0;
  return sum;
}

std::vector<uint8_t> DebtSimulator::negative_amortization() const {
  std::vector<uint8_t> out;
  for (const Debt& d : in_.debts) {
    DebtPlanInput alone;  // under minimums only the debts do not touch each other
    alone.debts = {d};
    alone.budget = d.minimum;
    alone.start = in_.start;
    out.push_back(d.balance > 0 && DebtSimulator(alone).minimums_only().stuck);
  }
  return out;
}

StrategyOutcome DebtSimulator::run(Rule rule, const std::vector<size_t>& order, bool schedule) const {
  return *simulate(rule, order, kNoAbort, schedule, nullptr);
}

std::optional<StrategyOutcome> DebtSimulator::simulate(Rule rule, const std::vector<size_t>& fixed, int64_t abort_above,
                                                   bool schedule, int64_t* work) const {
  const size_t n = in_.debts.size();
  StrategyOutcome out;
  out.rule = rule;
  out.debts.resize(n);
  std::vector<int64_t> balance(n);
  std::vector<size_t> open;  // debts with a balance, in request order
  for (size_t i = 0; i < n; ++i) {
    balance[i] = in_.debts[i].balance;
    if (balance[i] > 0) {
      open.push_back(i);
    } else {
      out.debts[i].payoff_month = 0;
      out.payoff_order.push_back(i);
    }
  }
  // Avalanche's priority: the APR charged in `month`, highest first; then the smaller starting
  // balance, then request order. Recomputed only in months where some promotion has ended.
  std::vector<size_t> order = rule == Rule::fixed_order ? fixed : std::vector<size_t>{};
  std::vector<double> minus_rate(n), starting(n);
  for (size_t i = 0; i < n; ++i) starting[i] = double(in_.debts[i].balance);
  auto rank_by_rate = [&](int64_t month) {
    for (size_t i = 0; i < n; ++i) minus_rate[i] = -rate(i, month);
    order = open;
    rank(order, minus_rate, starting);
  };
  if (rule == Rule::rate_each_month) rank_by_rate(1);
  out.order = order;

  std::vector<int64_t> interest(n), payment(n);
  int64_t month = 0;
  bool stuck = false;  // a balance over the ceiling, or a minimum that can never catch up
  while (!open.empty() && month < kMaxDebtMonths && !stuck) {
    ++month;
    if (rule == Rule::rate_each_month && month > 1) {
      for (size_t i : open) {
        if (promo_months_[i] + 1 == month && in_.debts[i].promo_apr != in_.debts[i].apr) {
          rank_by_rate(month);
          break;
        }
      }
    }
    if (work) *work += int64_t(open.size());
    for (size_t i : open) {
      const int64_t charged = int64_t(std::round(double(balance[i]) * rate(i, month) / 12));
      interest[i] = charged;
      payment[i] = 0;
      balance[i] += charged;
      out.debts[i].interest += charged;
      out.interest += charged;
    }
    if (out.interest > abort_above) return std::nullopt;
    int64_t pool = in_.budget;
    for (size_t i : open) {
      const int64_t pay = std::min(in_.debts[i].minimum, balance[i]);
      payment[i] = pay;
      balance[i] -= pay;
      pool -= pay;
      if (rule == Rule::minimums_only && month > promo_months_[i] && pay <= interest[i] && balance[i] > 0) stuck = true;
    }
    if (rule != Rule::minimums_only && month >= in_.extra_from_month) {
      for (size_t i : order) {
        if (pool <= 0) break;
        if (balance[i] == 0) continue;
        const int64_t pay = std::min(pool, balance[i]);
        payment[i] += pay;
        balance[i] -= pay;
        pool -= pay;
      }
    }
    size_t kept = 0;
    for (size_t i : open) {
      out.debts[i].paid += payment[i];
      out.paid += payment[i];
      if (balance[i] == 0) {
        out.debts[i].payoff_month = month;
        out.payoff_order.push_back(i);
      } else {
        if (balance[i] > kBalanceCeilingCents) stuck = true;
        open[kept++] = i;
      }
    }
    open.resize(kept);
    if (schedule) {
      ScheduleMonth row;
      row.month = month;
      row.interest.assign(n, 0);
      row.payment.assign(n, 0);
      row.balance = balance;
      for (size_t i = 0; i < n; ++i) {
        if (out.debts[i].payoff_month.value_or(month) >= month) {  // open during this month
          row.interest[i] = interest[i];
          row.payment[i] = payment[i];
        }
      }
      row.unused = open.empty() && rule != Rule::minimums_only && month >= in_.extra_from_month ? std::max<int64_t>(pool, 0) : 0;
      out.schedule.push_back(std::move(row));
    }
  }
  out.paid_off = open.empty();
  out.stuck = stuck && !out.paid_off;
  out.months = month;
  return out;
}

StrategyOutcome DebtSimulator::optimal(SearchReport& report, bool schedule, bool force_local_search) const {
  int64_t work = 0;
  StrategyOutcome best = avalanche();
  const std::vector<size_t> open = snowball_order();
  StrategyOutcome by_rate = run(Rule::rate_each_month, {});  // the month-by-month rule
  // Fixed orders to start the local search from: avalanche's, the first month's rates, snowball's, custom.
  std::vector<std::vector<size_t>> seeds = {best.order, by_rate.order, open};
  if (!in_.custom_order.empty()) seeds.push_back(in_.custom_order);
  if (better(by_rate, best)) best = std::move(by_rate);
  // A fixed order's outcome, or nullopt once it is sure to be worse than `bar`.
  auto evaluate = [&](const std::vector<size_t>& order, const StrategyOutcome& bar) {
    ++report.evaluations;
    return simulate(Rule::fixed_order, order, bar.paid_off ? bar.interest : kNoAbort, false, &work);
  };

  if (open.size() <= kExhaustiveDebts && !force_local_search) {
    report.method = "exhaustive";
    std::vector<size_t> order = open;
    std::vector<double> index(in_.debts.size());
    for (size_t i = 0; i < index.size(); ++i) index[i] = double(i);
    rank(order, index, index);  // ascending: next_permutation's first order
    do {
      auto r = evaluate(order, best);
      if (r && better(*r, best)) best = std::move(*r);
    } while (std::next_permutation(order.begin(), order.end()));
  } else {
    report.method = "local_search";
    // Start from the best seed, then swap any two debts' places while that lowers the interest.
    StrategyOutcome current = *simulate(Rule::fixed_order, seeds[0], kNoAbort, false, &work);
    ++report.evaluations;
    for (size_t s = 1; s < seeds.size(); ++s) {
      auto r = evaluate(seeds[s], current);
      if (r && better(*r, current)) current = std::move(*r);
    }
    std::vector<size_t> order = current.order;
    bool improved = true;
    while (improved && report.complete) {
      improved = false;
      for (size_t a = 0; a + 1 < order.size() && report.complete; ++a) {
        for (size_t b = a + 1; b < order.size(); ++b) {
          if (work > kSearchDebtMonths) {
            report.complete = false;
            break;
          }
          std::swap(order[a], order[b]);
          auto r = evaluate(order, current);
          if (r && better(*r, current)) {
            current = std::move(*r);
            improved = true;
          } else {
            std::swap(order[a], order[b]);
          }
        }
      }
    }
    if (better(current, best)) best = std::move(current);
  }
  // The other named strategies are candidates too, so `optimal` is never worse than any of them.
  for (size_t s = 2; s < seeds.size(); ++s) {
    StrategyOutcome r = run(Rule::fixed_order, seeds[s]);
    if (better(r, best)) best = std::move(r);
  }
  if (schedule) best = run(best.rule, best.order, true);
  return best;
}

}  // namespace nestegg
