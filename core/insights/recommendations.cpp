// SPDX-License-Identifier: MIT
#include "recommendations.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <numeric>
#include <string_view>

#include "format_number.hpp"
#include "format_text.hpp"
#include "money.hpp"
#include "stable_order.hpp"

namespace nestegg {

namespace {

double dollars(int64_t cents) { return double(cents) / 100; }

// The rationale's text: each '%' in `fmt` takes the next number as money (to the cent), each '#'
// the next as a count or percentile (as it is: months, a rank; "# months" at 1 is "1 month"),
// each '$' the next word, whole (a name may hold any byte, NUL included). One out-of-line
// formatter instead of chains of string additions (they cost .wasm bytes).
std::string say(const char* fmt, std::initializer_list<double> amounts, std::initializer_list<std::string_view> words = {}) {
  std::string out;
  auto a = amounts.begin();
  auto w = words.begin();
  for (const char* c = fmt; *c; ++c) {
    if (*c == '%' && a != amounts.end()) {
      out += money_text(*a++);
    } else if (*c == '#' && a != amounts.end()) {
      const double n = *a++;
      out += format_number(n);
      if (n == 1 && std::strncmp(c + 1, " months", 7) == 0) {  // "for 1 month", not "1 months"
        out += " month";
        c += 7;
      }
    } else if (*c == '$' && w != words.end()) {
      out += *w++;
    } else {
      out += *c;
    }
  }
  return out;
}

Recommendation make(std::string id, RecKind kind, const char* source, double monthly, double confidence) {
  Recommendation r;
  r.id = std::move(id);
  r.kind = kind;
  r.source = source;
  r.monthly = to_cents(monthly);
  r.annual = to_cents(12 * r.monthly);
  r.confidence = confidence;
  r.score = to_cents(r.annual * confidence);
  return r;
}

int64_t bucket_total(const BudgetInput& b, BudgetBucket bucket) {
  int64_t t = 0;
  for (const BudgetCategory& c : b.categories) t += c.bucket == bucket ? c.current : 0;
  return t;
}

// Monthly spending counted toward each CE category (ce_category_of), dollars; -1: none given.
std::array<double, kCeCategories> ce_spending(const BudgetInput& b) {
  std::array<double, kCeCategories> out;
  out.fill(-1);
  for (const BudgetCategory& c : b.categories) {
    const char* ce = ce_category_of(c.name);
    for (size_t k = 0; ce && k < kCeCategories; ++k) {
      if (std::string(ce) == kCeCategoryNames[k]) out[k] = std::max(0.0, out[k]) + dollars(c.current);
    }
  }
  return out;
}

// Interest a plan charges in its first `months` months.
int64_t interest_within(const StrategyOutcome& plan, int64_t months) {
  int64_t sum = 0;
  for (const ScheduleMonth& row : plan.schedule)
    if (row.month <= months) sum = std::accumulate(row.interest.begin(), row.interest.end(), sum);
  return sum;
}

// Avalanche against the order the debts are paid now (the listed order, the same monthly total),
// only when avalanche pays the debts off. When the order
// listed never does, its interest grows without bound (to the simulator's 100-year or 1e13
// balance limit: no saving anyone makes), so the two are compared over the first year, or over
// avalanche's months when it takes less: what switching saves in that time alone.
void debt_recommendation(const DebtPlanInput& debts, std::vector<Recommendation>& out) {
  constexpr int64_t kComparedMonths = 12;
  const DebtSimulator sim(debts);
  std::vector<size_t> listed(debts.debts.size());
  std::iota(listed.begin(), listed.end(), size_t(0));
  StrategyOutcome avalanche = sim.avalanche();
  if (!avalanche.paid_off) return;  // no order pays them off at this budget: nothing to compare
  StrategyOutcome now = sim.run(Rule::fixed_order, listed);
  const bool listed_pays_off = now.paid_off;
  const int64_t payoff_months = avalanche.months;
  if (!listed_pays_off) {
    const int64_t months = std::min(kComparedMonths, payoff_months);
    now = sim.run(Rule::fixed_order, listed, true);
    avalanche = sim.avalanche(true);
    now.interest = interest_within(now, months);
    avalanche.interest = interest_within(avalanche, months);
    now.months = avalanche.months = months;
  }
  const int64_t saved = now.interest - avalanche.interest;
  if (saved < 100 || now.months <= 0) return;  // under a dollar: not worth a recommendation
  Recommendation r = make("rec:debt_avalanche", RecKind::debt, "debt.plan", dollars(saved) / double(now.months), 1);
  r.title = "Pay the highest-rate debt first (avalanche)";
  std::string order;
  for (size_t i : avalanche.order) {
    const std::string& name = debts.debts[i].name;
    append_text(order, "%s%.*s", order.empty() ? "" : ", ", int(name.size()), name.data());
  }
  if (listed_pays_off) {
    r.rationale = say("Paying % a month with the extra going to $ in that order saves % of interest against the order "
                      "listed (% over # months vs % over #): % a month on average.",
                      {dollars(debts.budget), dollars(saved), dollars(now.interest), double(now.months),
                       dollars(avalanche.interest), double(avalanche.months), r.monthly},
                      {order});
  } else {
    r.rationale = say("At % a month the order listed never pays these debts off; with the extra going to $ in that "
                      "order they are paid off in # months. In the first # months alone that is % of interest "
                      "against % in the order listed: % a month less.",
                      {dollars(debts.budget), double(payoff_months), double(now.months), dollars(avalanche.interest),
                       dollars(now.interest), r.monthly},
                      {order});
  }
  r.numbers = {{"interest_now", dollars(now.interest)}, {"interest_avalanche", dollars(avalanche.interest)},
               {"interest_saved", dollars(saved)}, {"months_now", double(now.months)},
               {"months_avalanche", double(payoff_months)}, {"listed_pays_off", listed_pays_off ? 1.0 : 0.0}};
  out.push_back(std::move(r));
}

// The least-disruption budget change: what it takes off needs and wants a month.
void budget_recommendation(const BudgetInput& b, std::vector<Recommendation>& out) {
  const BudgetPlan plan = optimize_budget(b);
  const int64_t now = plan.buckets[0].current + plan.buckets[1].current;
  const int64_t proposed = plan.buckets[0].proposed + plan.buckets[1].proposed;
  if (now - proposed < 100) return;
  Recommendation r = make("rec:budget_rebalance", RecKind::budget, "budget.optimize", dollars(now - proposed), 0.75);
  r.title = "Trim spending to the budget rule's shares";
  std::string changes;
  for (size_t k = 0; k < plan.changes.size() && k < 3; ++k) {
    const CategoryPlan& c = plan.categories[plan.changes[k]];
    changes += say(k ? "; $ % -> %" : "$ % -> %", {dollars(c.current), dollars(c.proposed)}, {c.name});
  }
  r.rationale = say("Needs and wants take % of % a month; the least-disruption plan brings them to % ($), saving % a month.",
                    {dollars(now), dollars(b.income), dollars(proposed), r.monthly}, {changes});
  r.metric = "budget:needs_and_wants";
  r.baseline = dollars(now);
  r.numbers = {{"needs_and_wants_now", dollars(now)}, {"needs_and_wants_proposed", dollars(proposed)}};
  out.push_back(std::move(r));
}

// A discretionary CE category far above the age group's mean: bring it to the mean.
void peer_recommendations(const PeerInput& peers_in, const BudgetInput& b, std::vector<Recommendation>& out) {
  PeerInput in = peers_in;
  const std::array<double, kCeCategories> monthly = ce_spending(b);
  for (size_t k = 0; k < kCeCategories; ++k) {
    if (monthly[k] >= 0) in.spending[k] = 12 * monthly[k];
  }
  const std::vector<PeerComparison> groups = compare_to_peers(in);
  const PeerComparison& age = groups.front();  // the age group: peers carry an age
  for (const MetricComparison& m : age.metrics) {
    const std::string ce = m.metric.substr(m.metric.find('.') + 1);
    if (ce != "food" && ce != "transportation" && ce != "entertainment") continue;  // discretionary only
    if (!m.peer || !m.percentile || m.user < kPeerRatio * *m.peer || m.percentile->point < kPeerPercentile) continue;
    Recommendation r = make("rec:peer:" + ce, RecKind::budget, "benchmarks.compare", (m.user - *m.peer) / 12, 0.5);
    r.title = say("Bring $ spending nearer your peers'", {}, {ce});
    r.rationale = say("You spend % a month on $ against a mean of % for households aged $ (BLS Consumer Expenditure "
                      "Survey 2023), at about percentile # (#-#); at the mean you would spend % a month less.",
                      {m.user / 12, *m.peer / 12, std::round(m.percentile->point), std::round(m.percentile->lower),
                       std::round(m.percentile->upper), r.monthly},
                      {ce, age.group->label});
    r.metric = "spending:" + ce;
    r.baseline = to_cents(m.user / 12);
    r.numbers = {{"user_monthly", m.user / 12}, {"peer_monthly", *m.peer / 12}, {"percentile", m.percentile->point}};
    out.push_back(std::move(r));
  }
}

void subscription_recommendations(const std::vector<RecSubscription>& subs, std::vector<Recommendation>& out) {
  for (const RecSubscription& s : subs) {
    const bool dearer = s.previous_amount && s.amount > *s.previous_amount;
    if (s.kind != RecurringKind::subscription) continue;  // rent, insurance, a transfer to savings: not cancelled
    if (!s.unused && !dearer) continue;
    Recommendation r = make("rec:cancel:" + s.id, RecKind::savings, "insights.habits", s.monthly_cost, s.unused ? 0.9 : 0.6);
    r.title = say(s.unused ? "Cancel $" : "Cancel or renegotiate $", {}, {s.merchant});
    r.rationale = s.unused ? say("$ is marked unused and costs % a month.", {s.monthly_cost}, {s.merchant})
                           : say("$ went up from % to %; cancelling saves % a month.",
                                 {*s.previous_amount, s.amount, s.monthly_cost}, {s.merchant});
    r.metric = "monthly_cost:" + s.id;
    r.baseline = to_cents(s.monthly_cost);
    r.numbers = {{"amount", s.amount}, {"monthly_cost", s.monthly_cost}};
    if (dearer) r.numbers.push_back({"previous_amount", *s.previous_amount});
    out.push_back(std::move(r));
  }
}

// A goal behind its plan (goals.adjust's status): the monthly saving that keeps its date, over the
// pace. Money moved to the goal, not gained: confidence 0.5, like the fund steps.
void goal_recommendations(const std::vector<NamedGoal>& goals, std::vector<Recommendation>& out) {
  for (const NamedGoal& g : goals) {
    const AdjustResult a = adjust_goal(g.adjust);
    if (a.status != "behind" || !a.required_monthly_to_keep_date) continue;
    const double more = *a.required_monthly_to_keep_date - a.pace;
    if (more < 0.005) continue;
    Recommendation r = make("rec:goal:" + g.name, RecKind::goals, "goals.adjust", more, 0.5);
    const std::string date = format_date(g.adjust.target_date);
    r.title = say("Raise the saving for $ to keep its date", {}, {g.name});
    r.rationale = say("$ is behind: net % a month lately, % a month reaches % by $ (% more a month).",
                      {a.pace, *a.required_monthly_to_keep_date, g.adjust.target, more}, {g.name, date});
    r.numbers = {{"pace", a.pace}, {"required_monthly", *a.required_monthly_to_keep_date}, {"gap_at_target_date", a.gap_at_target_date}};
    out.push_back(std::move(r));
  }
}

// The debts' minimums not already spent in the budget: a minimum_debt_payments line among needs
// or wants (a default needs category) is those minimums, so only what they exceed it by is taken.
int64_t minimums_beyond_budget(const BudgetInput& b, int64_t minimums) {
  int64_t listed = 0;
  for (const BudgetCategory& c : b.categories) {
    if (c.name == "minimum_debt_payments" && c.bucket != BudgetBucket::savings) listed += c.current;
  }
  return std::max<int64_t>(0, minimums - listed);
}

// Investment readiness's next step (the debt step is the avalanche recommendation's).
void readiness_recommendation(ReadinessInput in, const RecInput& all, std::vector<Recommendation>& out) {
  const BudgetInput& b = all.budget;
  in.essential_expenses = dollars(bucket_total(b, BudgetBucket::needs));
  int64_t minimums = 0;
  if (all.debts) {
    in.debts = all.debts->debts;
    minimums = DebtSimulator(*all.debts).minimums_due();  // a paid-off debt is due nothing
  }
  in.monthly_saving = std::max(0.0, dollars(b.income - bucket_total(b, BudgetBucket::needs) -
                                            bucket_total(b, BudgetBucket::wants) - minimums_beyond_budget(b, minimums)));
  in.start = all.as_of;
  const ReadinessResult res = assess_readiness(in);
  const auto next = std::find_if(res.steps.begin(), res.steps.end(), [](const ReadinessStep& s) { return !s.done; });
  if (next == res.steps.end() || next->id == "high_interest_debt") return;
  if (next->id == "employer_match") {
    Recommendation r = make("rec:employer_match", RecKind::investing, "investment.readiness", next->employer_adds_per_month, 1);
    r.title = "Contribute enough to get the whole employer match";
    r.rationale = say("Contributing % a month more gets % a month from the employer.",
                      {next->amount, next->employer_adds_per_month});
    r.numbers = {{"contribution_needed", next->amount}, {"employer_adds", next->employer_adds_per_month}};
    out.push_back(std::move(r));
    return;
  }
  if (next->id == "invest") {
    if (next->amount < 1) return;
    Recommendation r = make("rec:start_investing", RecKind::investing, "investment.readiness", next->amount, 0.5);
    r.title = "Start investing";
    r.rationale = say("The emergency fund and debts are in order (readiness: $); % a month is free to invest.",
                      {next->amount}, {res.status});
    r.numbers = {{"monthly_saving", next->amount}};
    out.push_back(std::move(r));
    return;
  }
  // starter_emergency_fund or emergency_fund: the saving it needs a month until done.
  if (!next->months || *next->months <= 0) return;
  const double per_month = next->amount / double(*next->months);
  Recommendation r = make("rec:" + next->id, RecKind::savings, "investment.readiness", per_month, 0.5);
  r.title = next->id == "emergency_fund" ? "Build the emergency fund" : "Set aside a month of essentials first";
  r.rationale = say("The fund needs % more (target %): % a month for # months.",
                    {next->amount, next->id == "emergency_fund" ? res.emergency_fund_target : in.essential_expenses,
                     per_month, double(*next->months)});
  r.numbers = {{"amount_needed", next->amount}, {"months", double(*next->months)}};
  out.push_back(std::move(r));
}

// The latest history entry of each id: by date, then by position.
std::map<std::string, const RecHistory*> latest(const std::vector<RecHistory>& history) {
  std::map<std::string, const RecHistory*> out;
  for (const RecHistory& h : history) {
    auto [it, fresh] = out.emplace(h.id, &h);
    if (!fresh && !(h.date < it->second->date)) it->second = &h;
  }
  return out;
}

// The metric an accepted recommendation moves, read off its id (it may not be generated today).
std::string metric_of(const std::string& id) {
  if (id.rfind("rec:peer:", 0) == 0) return "spending:" + id.substr(9);
  if (id == "rec:budget_rebalance") return "budget:needs_and_wants";
  if (id.rfind("rec:cancel:", 0) == 0) return "monthly_cost:" + id.substr(11);
  return "";
}

std::optional<double> current_value(const std::string& metric, const RecInput& in) {
  if (metric == "budget:needs_and_wants") {
    return dollars(bucket_total(in.budget, BudgetBucket::needs) + bucket_total(in.budget, BudgetBucket::wants));
  }
  if (metric.rfind("spending:", 0) == 0) {
    const std::array<double, kCeCategories> monthly = ce_spending(in.budget);
    for (size_t k = 0; k < kCeCategories; ++k) {
      if (metric.substr(9) == kCeCategoryNames[k]) return monthly[k] >= 0 ? std::optional<double>(monthly[k]) : std::nullopt;
    }
    return std::nullopt;
  }
  if (metric.rfind("monthly_cost:", 0) == 0) {
    for (const RecSubscription& s : in.subscriptions) {
      if (metric.compare(13, std::string::npos, s.id) == 0) return s.monthly_cost;  // no copy: tracked x subscriptions
    }
    return in.subscriptions.empty() ? std::nullopt : std::optional<double>(0);  // listed subscriptions, not among them: cancelled
  }
  return std::nullopt;
}

Tracked track(const RecHistory& h, const RecInput& in) {
  Tracked t;
  t.id = h.id;
  t.accepted_on = h.date;
  t.metric = metric_of(h.id);
  t.baseline = h.baseline;
  if (t.metric.empty()) {
    t.note = "not measurable from these inputs (rerun its source method on the new figures)";
    return t;
  }
  t.current = current_value(t.metric, in);
  const Date accepted_month{h.date.year, h.date.month, 1};
  if (!t.current) t.note = "the figure is not in this request";
  else if (!(accepted_month < in.spending_month)) t.note = "waiting for a month after the month of acceptance";
  else if (!t.baseline) t.note = "no baseline recorded at acceptance";
  else t.monthly_effect = to_cents(to_cents(*t.baseline) - to_cents(*t.current));  // of the amounts shown
  return t;
}

// Indices by score (highest first), then id (stable_order: no sort of its own in the .wasm).
std::vector<uint32_t> ranked(const std::vector<Recommendation>& recs) {
  const auto before = [&](uint32_t a, uint32_t b) {
    return recs[a].score != recs[b].score ? recs[a].score > recs[b].score : recs[a].id < recs[b].id;
  };
  return stable_order(recs.size(), before);
}

}  // namespace

const char* rec_kind_name(RecKind k) {
  switch (k) {
    case RecKind::savings: return "savings";
    case RecKind::debt: return "debt";
    case RecKind::budget: return "budget";
    case RecKind::goals: return "goals";
    default: return "investing";
  }
}

const char* ce_category_of(const std::string& c) {
  static const std::pair<const char*, const char*> kMap[] = {
      {"food", "food"}, {"groceries", "food"}, {"dining", "food"}, {"restaurants", "food"}, {"takeout", "food"},
      {"transportation", "transportation"}, {"transport", "transportation"}, {"car", "transportation"},
      {"fuel", "transportation"}, {"gas", "transportation"}, {"transit", "transportation"},
      {"entertainment", "entertainment"}, {"recreation", "entertainment"}, {"hobbies", "entertainment"},
      {"housing", "housing"}, {"healthcare", "healthcare"},
      {"personal_insurance_and_pensions", "personal_insurance_and_pensions"}};
  for (const auto& [name, ce] : kMap) {
    if (c == name) return ce;
  }
  return nullptr;
}

RecResult generate_recommendations(const RecInput& in, size_t max_recommendations) {
  std::vector<Recommendation> all;
  if (in.debts && !in.debts->debts.empty()) debt_recommendation(*in.debts, all);
  budget_recommendation(in.budget, all);
  if (in.peers) peer_recommendations(*in.peers, in.budget, all);
  subscription_recommendations(in.subscriptions, all);
  goal_recommendations(in.goals, all);
  if (in.readiness) readiness_recommendation(*in.readiness, in, all);

  RecResult out;
  const std::map<std::string, const RecHistory*> last = latest(in.history);
  for (const auto& [id, h] : last) {
    if (h->status == RecStatus::accepted) out.tracked.push_back(track(*h, in));
  }
  for (Recommendation& r : all) {
    const auto it = last.find(r.id);
    if (it != last.end() && it->second->status == RecStatus::accepted) continue;
    if (it != last.end() && it->second->status == RecStatus::dismissed) {
      // Clamped to the calendar's end, so `until` is always a real date.
      const Date until = std::min(civil_from_days(days_from_civil(it->second->date) + kDismissHoldDays), Date{kMaxYear, 12, 31});
      if (in.as_of < until) {
        out.held_back.push_back({r.id, it->second->date, until});
        continue;
      }
    }
    out.recommendations.push_back(std::move(r));
  }
  const std::vector<uint32_t> order = ranked(out.recommendations);
  std::vector<Recommendation> sorted;
  sorted.reserve(order.size());
  for (uint32_t i : order) {
    if (sorted.size() == max_recommendations) break;
    sorted.push_back(std::move(out.recommendations[i]));
  }
  out.omitted = int64_t(order.size() - sorted.size());
  out.recommendations = std::move(sorted);
  return out;
}

}  // namespace nestegg
