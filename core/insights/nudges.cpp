// SPDX-License-Identifier: MIT
#include "nudges.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>

#include "format_number.hpp"
#include "format_text.hpp"
#include "money.hpp"
#include "stable_order.hpp"
#include "stats.hpp"

namespace nestegg {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kSpikeWindow = 12;      // previous months the spike's median looks at
constexpr size_t kSpikeMinHistory = 3;   // fewer previous months say nothing about "usual"
constexpr double kMadToSigma = 1.4826;   // MAD of a normal sample times this estimates its sigma
constexpr double kScaleFloorShare = 0.05;  // scale at least 5 % of the median ...
constexpr double kScaleFloor = 1.0;        // ... and at least 1.00

// One subject of a family with everything its rules may compare or quote.
struct Subject {
  std::string name;
  std::vector<Number> numbers;
  std::vector<Text> texts;
  std::optional<Date> date;
  std::vector<std::pair<Date, double>> balances;  // cashflow: the expected end-of-day balances
  const Number* find(const char* key) const {
    for (const Number& n : numbers)
      if (std::strcmp(n.key, key) == 0) return &n;
    return nullptr;
  }
};

void add(Subject& s, const char* key, double value, Kind kind) {
  if (std::isfinite(value)) s.numbers.push_back({key, value, kind});
}

// Charges a year of a habits period; 0 when the period is not given or not known.
double charges_per_year(const std::string& period) {
  if (period == "weekly") return 52;
  if (period == "biweekly") return 26;
  if (period == "monthly") return 12;
  if (period == "quarterly") return 4;
  if (period == "annual") return 1;
  return 0;
}

std::vector<Subject> goal_subjects(const NudgeState& s) {
  std::vector<Subject> out;
  for (const GoalState& g : s.goals) {
    const AdjustResult r = adjust_goal(g.adjust);
    Subject sub;
    sub.name = g.name;
    sub.date = g.adjust.target_date;
    // The gap is what the date needs a month beyond the pace, goals.adjust's own figure. With less
    // than a month left goals.adjust has none (no monthly saving keeps the date; it asks for a new
    // date): then neither has the nudge, so goal_shortfall does not fire on this goal.
    if (r.required_monthly_to_keep_date) {
      add(sub, "shortfall", *r.required_monthly_to_keep_date - r.pace, Kind::money);
      add(sub, "required_monthly", *r.required_monthly_to_keep_date, Kind::money);
    }
    add(sub, "pace", r.pace, Kind::money);
    add(sub, "gap_at_target_date", r.gap_at_target_date, Kind::money);
    add(sub, "progress", r.progress_fraction, Kind::fraction);
    add(sub, "months_remaining", double(r.months_remaining), Kind::plain);
    sub.texts = {{"status", r.status}, {"date", format_date(g.adjust.target_date)}};
    out.push_back(std::move(sub));
  }
  return out;
}

// Last month against the median of the 12 calendar months before it (missing months skipped, never
// replaced by older ones: a usual from years back is not this year's), in units of a robust
// standard deviation: 1.4826 x the median absolute deviation, floored so that a history of
// identical amounts does not make every change infinitely unusual.
void add_spike(Subject& sub, const std::vector<double>& y) {
  const double last = y.back();
  std::vector<double> previous;
  const size_t first = y.size() - 1 > kSpikeWindow ? y.size() - 1 - kSpikeWindow : 0;
  for (size_t i = first; i + 1 < y.size(); ++i)
    if (std::isfinite(y[i])) previous.push_back(y[i]);
  if (previous.size() < kSpikeMinHistory) return;
  std::vector<double> work = previous;
  const double median = percentile_in_place(work, 50);
  for (double& v : previous) v = std::fabs(v - median);
  const double mad = percentile_in_place(previous, 50);
  const double scale = std::max({kMadToSigma * mad, kScaleFloorShare * std::fabs(median), kScaleFloor});
  add(sub, "median", median, Kind::money);
  add(sub, "mad", mad, Kind::money);
  add(sub, "scale", scale, Kind::money);
  add(sub, "robust_z", (last - median) / scale, Kind::plain);
  add(sub, "change", last - median, Kind::money);
  if (median > 0) add(sub, "change_fraction", (last - median) / median, Kind::fraction);
  add(sub, "months_used", double(work.size()), Kind::plain);
}

std::vector<Subject> category_subjects(const NudgeState& s) {
  std::vector<Subject> out;
  for (const CategoryState& c : s.categories) {
    const std::vector<double>& y = c.monthly;
    if (y.empty() || !std::isfinite(y.back())) continue;  // nothing known of last month
    Subject sub;
    sub.name = c.name;
    add(sub, "last", y.back(), Kind::money);
    add_spike(sub, y);
    // The same month a year before, when the history reaches back that far: a December that is
    // high every year is a season, not a spike (reported beside the robust z, not folded in).
    if (y.size() >= 13 && std::isfinite(y[y.size() - 13])) {
      const double year_ago = y[y.size() - 13];
      add(sub, "same_month_last_year", year_ago, Kind::money);
      add(sub, "change_vs_last_year", y.back() - year_ago, Kind::money);
    }
    if (s.last_month) sub.texts.push_back({"month", format_month(*s.last_month)});
    out.push_back(std::move(sub));
  }
  return out;
}

std::vector<Subject> subscription_subjects(const NudgeState& s) {
  std::vector<Subject> out;
  for (const SubscriptionState& x : s.subscriptions) {
    if (!x.active || x.kind == RecurringKind::transfer || !x.previous_amount) continue;  // lapsed, a transfer, or no earlier price
    // Prices as charged, to the cent: 0.005 to 0.01 is no rise of a price shown as 0.01 both times.
    const double amount = to_cents(x.amount), previous = to_cents(*x.previous_amount);
    if (previous <= 0) continue;
    Subject sub;
    sub.name = subscription_subject(x.id);
    sub.date = x.next_expected_date;
    const double increase = amount - previous;
    add(sub, "increase_fraction", increase / previous, Kind::fraction);
    add(sub, "amount", amount, Kind::money);
    add(sub, "previous_amount", previous, Kind::money);
    add(sub, "increase", increase, Kind::money);
    if (const double n = charges_per_year(x.period); n > 0) add(sub, "annual_increase", increase * n, Kind::money);
    if (x.monthly_cost) add(sub, "monthly_cost", *x.monthly_cost, Kind::money);
    sub.texts.push_back({"merchant", x.merchant.empty() ? sub.name : x.merchant});
    if (x.next_expected_date) sub.texts.push_back({"date", format_date(*x.next_expected_date)});
    out.push_back(std::move(sub));
  }
  return out;
}

std::vector<Subject> cashflow_subjects(const NudgeState& s) {
  if (!s.cashflow) return {};
  const CashflowResult r = project_cashflow(*s.cashflow);
  const auto low = std::min_element(r.expected.begin(), r.expected.end());
  Subject sub;
  sub.name = "cashflow";
  add(sub, "min_balance", *low, Kind::money);
  add(sub, "threshold", s.cashflow->threshold, Kind::money);
  add(sub, "probability_below", r.probability_below, Kind::fraction);
  add(sub, "starting_balance", s.cashflow->starting_balance, Kind::money);
  const Date low_date = r.days[size_t(low - r.expected.begin())];
  // The nudge is about the first day below the threshold when there is one, else the lowest day.
  sub.date = r.first_below ? *r.first_below : low_date;
  sub.texts = {{"date", format_date(*sub.date)}, {"min_balance_date", format_date(low_date)}};
  for (size_t i = 0; i < r.expected.size(); ++i) sub.balances.push_back({r.days[i], r.expected[i]});
  return {std::move(sub)};
}

// A min_balance rule's nudge is about the first day the expected balance meets the rule itself
// (below its trigger), which is the request's threshold only when the rule keeps that default.
void date_by_trigger(const Subject& sub, Op op, double trigger, Nudge& n, std::vector<Text>& texts) {
  for (const auto& [day, balance] : sub.balances) {
    if (!compare(balance, op, trigger)) continue;
    n.date = day;
    for (Text& t : texts)
      if (std::strcmp(t.key, "date") == 0) t.value = format_date(day);
    return;
  }
}

// Spending so far, spread evenly over the days gone, continued to the month's end.
std::vector<Subject> month_subjects(const NudgeState& s) {
  if (!s.month) return {};
  const MonthState& m = *s.month;
  const double projected = m.spent / double(m.day) * double(m.days);
  Subject sub;
  sub.name = "month";
  add(sub, "left_over", m.income - projected, Kind::money);
  add(sub, "income", m.income, Kind::money);
  add(sub, "spent", m.spent, Kind::money);
  add(sub, "projected_spent", projected, Kind::money);
  if (m.income > 0) add(sub, "spent_share", projected / m.income, Kind::fraction);
  add(sub, "days_left", double(m.days - m.day), Kind::plain);
  return {std::move(sub)};
}

std::vector<Subject> spending_subjects(const NudgeState& s) {
  if (s.categories.empty()) return {};
  // As insights.trends totals them: unknown when any category's last month is (a missing month
  // is not a month of nothing spent).
  double total = 0;
  for (const CategoryState& c : s.categories) total += c.monthly.empty() ? kNaN : c.monthly.back();
  Subject sub;
  sub.name = "spending";
  if (std::isfinite(total)) add(sub, "total", total, Kind::money);
  if (s.last_month) sub.texts.push_back({"month", format_month(*s.last_month)});
  return {std::move(sub)};
}

// monthly_cost as habits gives it, else the amount spread over the year by its period.
std::vector<Subject> subscriptions_subjects(const NudgeState& s) {
  if (s.subscriptions.empty()) return {};
  double monthly = 0;
  for (const SubscriptionState& x : s.subscriptions)
    if (x.active && x.kind != RecurringKind::transfer) monthly += x.monthly_cost ? *x.monthly_cost : x.amount * charges_per_year(x.period) / 12;
  Subject sub;
  sub.name = "subscriptions";
  add(sub, "monthly_cost", monthly, Kind::money);
  add(sub, "count", double(std::count_if(s.subscriptions.begin(), s.subscriptions.end(),
                                          [](const SubscriptionState& x) { return x.active; })), Kind::plain);
  return {std::move(sub)};
}

std::vector<Subject> subjects_of(Family f, const NudgeState& s) {
  switch (f) {
    case Family::goal: return goal_subjects(s);
    case Family::category: return category_subjects(s);
    case Family::subscription: return subscription_subjects(s);
    case Family::cashflow: return cashflow_subjects(s);
    case Family::month: return month_subjects(s);
    case Family::spending: return spending_subjects(s);
    case Family::subscriptions: return subscriptions_subjects(s);
  }
  return {};
}

bool has_input(Family f, const NudgeState& s) {
  switch (f) {
    case Family::goal: return !s.goals.empty();
    case Family::category:
    case Family::spending: return !s.categories.empty();
    case Family::subscription:
    case Family::subscriptions: return !s.subscriptions.empty();
    case Family::cashflow: return s.cashflow.has_value();
    case Family::month: return s.month.has_value();
  }
  return false;
}

std::string format_as(double x, Kind kind) {
  if (kind == Kind::money) return money_text(x);
  // Rounded half away from zero first, as money is; written out in full (no "1e+14 %").
  if (kind == Kind::fraction) return format_decimal(std::round(x * 1000) / 10, 1) + " %";
  return format_decimal(std::round(x * 100) / 100, 2);
}

// `text` cut to at most `max` bytes, never inside a UTF-8 character.
void cut_utf8(std::string& text, size_t max) {
  if (text.size() <= max) return;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
}

// {key} -> the nudge's number or text of that name; a known key the subject lacks reads "n/a".
// The expansion stops at kMaxMessageBytes: a 500-character message of 200-character names would
// otherwise grow 40-fold, once per nudge.
std::string fill(const std::string& message, const Nudge& n, const std::vector<Text>& texts) {
  std::string out;
  size_t i = 0;
  while (i < message.size() && out.size() < kMaxMessageBytes) {
    const size_t open = message.find('{', i);
    const size_t close = open == std::string::npos ? open : message.find('}', open);
    if (close == std::string::npos) break;
    out.append(message, i, open - i);
    const std::string key = message.substr(open + 1, close - open - 1);
    std::string text = "n/a";
    if (key == "subject") text = n.subject;
    for (const Number& x : n.numbers)
      if (key == x.key) text = format_as(x.value, x.kind);
    for (const Text& t : texts)
      if (key == t.key) text = t.value;
    out += text;
    i = close + 1;
  }
  if (out.size() < kMaxMessageBytes) out.append(message, i, std::string::npos);
  cut_utf8(out, kMaxMessageBytes);
  return out;
}

}  // namespace

std::string subscription_subject(const std::string& id) {
  const std::string prefix = "subscription:";
  return id.compare(0, prefix.size(), prefix) == 0 ? id.substr(prefix.size()) : id;
}

const std::vector<MetricInfo>& metric_table() {
  static const std::vector<MetricInfo> table = {
      {Metric::goal_shortfall, "goal_shortfall", Family::goal, "shortfall", Kind::money},
      {Metric::spike_z, "spike_z", Family::category, "robust_z", Kind::plain},
      {Metric::category_spend, "category_spend", Family::category, "last", Kind::money},
      {Metric::category_change, "category_change", Family::category, "change_fraction", Kind::fraction},
      {Metric::subscription_increase, "subscription_increase", Family::subscription, "increase_fraction", Kind::fraction},
      {Metric::min_balance, "min_balance", Family::cashflow, "min_balance", Kind::money},
      {Metric::probability_below, "probability_below", Family::cashflow, "probability_below", Kind::fraction},
      {Metric::left_over, "left_over", Family::month, "left_over", Kind::money},
      {Metric::spent_share, "spent_share", Family::month, "spent_share", Kind::fraction},
      {Metric::total_spend, "total_spend", Family::spending, "total", Kind::money},
      {Metric::subscriptions_monthly, "subscriptions_monthly", Family::subscriptions, "monthly_cost", Kind::money},
  };
  return table;
}

const MetricInfo& metric_info(Metric m) {
  for (const MetricInfo& i : metric_table())
    if (i.metric == m) return i;
  return metric_table().front();
}

const char* family_name(Family f) {
  switch (f) {
    case Family::goal: return "goal";
    case Family::category: return "category";
    case Family::subscription: return "subscription";
    case Family::cashflow: return "cashflow";
    case Family::month: return "month";
    case Family::spending: return "spending";
    case Family::subscriptions: return "subscriptions";
  }
  return "";
}

const char* op_text(Op op) {
  switch (op) {
    case Op::gt: return ">";
    case Op::ge: return ">=";
    case Op::lt: return "<";
    case Op::le: return "<=";
  }
  return ">";
}

bool compare(double value, Op op, double threshold) {
  switch (op) {
    case Op::gt: return value > threshold;
    case Op::ge: return value >= threshold;
    case Op::lt: return value < threshold;
    case Op::le: return value <= threshold;
  }
  return false;
}

std::vector<Rule> builtin_rules() {
  auto rule = [](const char* id, Metric m, Op op, double value, int priority, int cooldown, const char* message) {
    Rule r;
    r.id = id;
    r.builtin = true;
    r.metric = m;
    r.op = op;
    r.value = value;
    r.priority = priority;
    r.cooldown_days = cooldown;
    r.message = message;
    return r;
  };
  return {
      rule("goal_behind", Metric::goal_shortfall, Op::gt, 0, 2, 7,
           "{subject} is behind: net {pace} a month lately, {required_monthly} a month keeps the date {date}"),
      rule("spending_spike", Metric::spike_z, Op::gt, 3, 2, 14,
           "{subject} spending was {last} in {month}, against a usual {median} ({change} more)"),
      rule("subscription_price_up", Metric::subscription_increase, Op::gt, 0, 3, 30,
           "{merchant} went up from {previous_amount} to {amount} ({increase_fraction})"),
      rule("low_balance", Metric::min_balance, Op::lt, kNaN, 1, 3,
           "Balance expected below {trigger} from {date}, lowest {min_balance} on {min_balance_date}"),
      rule("money_left_over", Metric::left_over, Op::gt, 50, 4, 14,
           "About {left_over} looks left over this month: move it to savings?"),
  };
}

const char* const* placeholders(Family f) {
  // Every family's list starts with the three every nudge has.
#define NESTEGG_COMMON "subject", "value", "trigger"
  static const char* const goal[] = {NESTEGG_COMMON, "shortfall", "pace", "required_monthly", "gap_at_target_date",
                                     "progress", "months_remaining", "status", "date", nullptr};
  static const char* const category[] = {NESTEGG_COMMON, "last", "median", "mad", "scale", "robust_z", "change",
                                         "change_fraction", "months_used", "same_month_last_year",
                                         "change_vs_last_year", "month", nullptr};
  static const char* const subscription[] = {NESTEGG_COMMON, "increase_fraction", "amount", "previous_amount",
                                             "increase", "annual_increase", "monthly_cost", "merchant", "date", nullptr};
  static const char* const cashflow[] = {NESTEGG_COMMON, "min_balance", "threshold", "probability_below",
                                         "starting_balance", "date", "min_balance_date", nullptr};
  static const char* const month[] = {NESTEGG_COMMON, "left_over", "income", "spent", "projected_spent", "spent_share",
                                      "days_left", nullptr};
  static const char* const spending[] = {NESTEGG_COMMON, "total", "month", nullptr};
  static const char* const subscriptions[] = {NESTEGG_COMMON, "monthly_cost", "count", nullptr};
#undef NESTEGG_COMMON
  switch (f) {
    case Family::goal: return goal;
    case Family::category: return category;
    case Family::subscription: return subscription;
    case Family::cashflow: return cashflow;
    case Family::month: return month;
    case Family::spending: return spending;
    case Family::subscriptions: return subscriptions;
  }
  return spending;
}

std::vector<std::string> unknown_placeholders(const std::string& message, Family f) {
  std::vector<std::string> out;
  for (size_t open = message.find('{'); open != std::string::npos; open = message.find('{', open + 1)) {
    const size_t close = message.find('}', open);
    if (close == std::string::npos) break;
    const std::string key = message.substr(open + 1, close - open - 1);
    bool known = false;
    for (const char* const* k = placeholders(f); *k; ++k) known = known || key == *k;
    if (!known) out.push_back(key);
  }
  return out;
}

int64_t nudge_evaluations(const NudgeState& state, const std::vector<Rule>& rules) {
  int64_t total = 0;
  for (const Rule& rule : rules) {
    const Family f = metric_info(rule.metric).family;
    if (!rule.enabled || !has_input(f, state)) continue;  // skipped, nothing evaluated
    total += f == Family::goal ? int64_t(state.goals.size())
           : f == Family::category ? int64_t(state.categories.size())
           : f == Family::subscription ? int64_t(state.subscriptions.size()) : 1;
  }
  return total;
}

NudgeResult evaluate_nudges(const NudgeState& state, const std::vector<Rule>& rules, const std::vector<Shown>& history,
                            size_t max_per_rule) {
  std::map<std::string, Date> last_shown;
  for (const Shown& h : history) {
    auto [it, fresh] = last_shown.emplace(h.id, h.shown);
    if (!fresh && it->second < h.shown) it->second = h.shown;
  }
  // A family is computed once, and only when an enabled rule needs it (the cash-flow one simulates).
  constexpr size_t kFamilies = size_t(Family::subscriptions) + 1;
  std::vector<Subject> computed[kFamilies];
  bool done[kFamilies] = {};
  // Shown and held-back nudges are sorted together, then parted: one order for both lists.
  std::vector<Nudge> fired;
  NudgeResult out;
  const int64_t today = days_from_civil(state.as_of);
  for (const Rule& rule : rules) {
    if (!rule.enabled) continue;
    const MetricInfo& info = metric_info(rule.metric);
    if (!has_input(info.family, state)) {
      out.skipped.push_back(rule.id);
      continue;
    }
    const size_t family = size_t(info.family);
    if (!done[family]) computed[family] = subjects_of(info.family, state);
    done[family] = true;
    struct Hit {
      const Subject* sub;
      double value, threshold;
    };
    std::vector<Hit> hits;
    for (const Subject& sub : computed[family]) {
      if (!rule.subject.empty() && rule.subject != sub.name) continue;
      const Number* metric = sub.find(info.key);
      if (!metric) continue;  // not computable for this subject (too short a history, say)
      const Number* own = sub.find("threshold");
      const double threshold = std::isnan(rule.value) && own ? own->value : rule.value;
      if (compare(metric->value, rule.op, threshold)) hits.push_back({&sub, metric->value, threshold});
    }
    // Past the cap, the subjects furthest past the threshold are kept; the rest are only counted.
    if (hits.size() > max_per_rule) {
      sort_stably(hits, [](const Hit& a, const Hit& b) {
        const double da = std::fabs(a.value - a.threshold), db = std::fabs(b.value - b.threshold);
        return da != db ? da > db : a.sub->name < b.sub->name;
      });
      out.omitted.push_back({rule.id, int64_t(hits.size() - max_per_rule)});
      hits.erase(hits.begin() + ptrdiff_t(max_per_rule), hits.end());
    }
    for (const Hit& hit : hits) {
      const Subject& sub = *hit.sub;
      const double threshold = hit.threshold;
      Nudge n;
      n.id = format_text("%.*s:%.*s", int(rule.id.size()), rule.id.data(), int(sub.name.size()), sub.name.data());
      n.rule = rule.id;
      n.subject = sub.name;
      n.builtin = rule.builtin;
      n.priority = rule.priority;
      n.op = rule.op;
      n.date = sub.date;
      n.cooldown_days = rule.cooldown_days;
      n.numbers = {{"value", hit.value, info.kind}, {"trigger", threshold, info.kind}};
      n.numbers.insert(n.numbers.end(), sub.numbers.begin(), sub.numbers.end());
      if (rule.metric == Metric::min_balance) {  // the subject's texts, with the date the trigger gives
        std::vector<Text> texts = sub.texts;
        date_by_trigger(sub, rule.op, threshold, n, texts);
        n.message = fill(rule.message, n, texts);
      } else {
        n.message = fill(rule.message, n, sub.texts);
      }
      const auto shown = last_shown.find(n.id);
      n.held_since = shown != last_shown.end() && today < days_from_civil(shown->second) + rule.cooldown_days
                         ? std::optional<Date>(shown->second) : std::nullopt;
      fired.push_back(std::move(n));
    }
  }
  sort_stably(fired, [](const Nudge& a, const Nudge& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.id < b.id;
  });
  const int64_t last_day = days_from_civil({kMaxYear, 12, 31});  // no date past the calendar's end
  for (Nudge& n : fired) {
    if (!n.held_since) {
      out.nudges.push_back(std::move(n));
      continue;
    }
    const Date until = civil_from_days(std::min(last_day, days_from_civil(*n.held_since) + n.cooldown_days));
    out.suppressed.push_back({n.id, n.rule, *n.held_since, until});
  }
  return out;
}

}  // namespace nestegg
