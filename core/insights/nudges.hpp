// SPDX-License-Identifier: MIT
// Behaviour nudges: rules over the user's state, each a comparison of one metric the engine
// computes with a threshold. The built-in rules are rows of the same table as the caller's own:
// a rule names a metric from a closed list, an operator, a value, a priority, a cooldown and a
// message with {placeholders}; a built-in can be switched off or given other parameters by id.
//
// Metrics come in families, each with its subjects (README "insights.nudges" lists them):
//   goal         one subject per goal (its name): goals.adjust's status of the goal at as_of;
//   category     one per spending category: last month against the median of the previous
//                12 calendar months (missing ones skipped), scaled by a MAD-based robust standard deviation;
//   subscription one per subscription (its id without "subscription:"): the latest price change;
//   cashflow     one subject "cashflow": forecast.cashflow's projection, lowest expected balance;
//   month        one subject "month": this month's income against spending, projected to month end;
//   spending     one subject "spending": last month's total over the categories;
//   subscriptions one subject "subscriptions": their monthly cost together.
// A nudge's id is "<rule id>:<subject>", stable from call to call, and its cooldown keys on it.
#pragma once
#include "recurring_kind.hpp"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cashflow.hpp"
#include "civil_date.hpp"
#include "goal_adjuster.hpp"

namespace nestegg {

enum class Metric {
  goal_shortfall,         // goal: monthly saving needed to keep the date minus the current pace
  spike_z,                // category: (last - median) / (1.4826 MAD), the robust z of last month
  category_spend,         // category: last month's amount
  category_change,        // category: (last - median) / median, a fraction
  subscription_increase,  // subscription: (amount - previous_amount) / previous_amount, a fraction
  min_balance,            // cashflow: lowest expected end-of-day balance over the projection
  probability_below,      // cashflow: share of simulated paths that dip below the threshold
  left_over,              // month: income - spending projected to the month's end
  spent_share,            // month: projected spending / income
  total_spend,            // spending: sum of last month over the categories
  subscriptions_monthly,  // subscriptions: sum of monthly_cost
};

enum class Family { goal, category, subscription, cashflow, month, spending, subscriptions };
enum class Op { gt, ge, lt, le };

// How a number leaves the engine and reads in a message: money to the cent ("1234.50"), a
// fraction as itself on the wire and as a percent in messages ("12.5 %"), plain to 2 decimals.
enum class Kind { money, fraction, plain };

struct MetricInfo {
  Metric metric;
  const char* name;
  Family family;
  const char* key;  // the number of its family's subjects that is the metric
  Kind kind;
};
// The closed list, in documentation order.
const std::vector<MetricInfo>& metric_table();
const MetricInfo& metric_info(Metric m);
const char* family_name(Family f);
const char* op_text(Op op);
bool compare(double value, Op op, double threshold);

struct Rule {
  std::string id;  // [a-z0-9_]{1,40}; a built-in's id or the caller's own
  bool builtin = false;
  bool enabled = true;
  Metric metric = Metric::category_spend;
  std::string subject;  // only this subject of the family; empty: every subject
  Op op = Op::gt;
  double value = 0;
  int priority = 3;                   // 1 (most urgent) .. 5
  int cooldown_days = 7;
  std::string message;  // {key} is replaced by the nudge's number or text of that name
};

// goal_behind, spending_spike, subscription_price_up, low_balance, money_left_over with their
// defaults (README table). low_balance's value is NaN: "the cashflow request's own threshold".
std::vector<Rule> builtin_rules();

using GoalState = NamedGoal;  // goals/goal_adjuster.hpp

struct CategoryState {
  std::string name;
  std::vector<double> monthly;  // oldest first, NaN = missing; the last value is last_month's
};

struct SubscriptionState {
  std::string id, merchant, period;  // period empty when not given
  double amount = 0;
  std::optional<double> previous_amount;
  std::optional<double> monthly_cost;
  std::optional<Date> next_expected_date;
  bool active = true;  // habits' status "lapsed": no longer charged, so neither rule counts it
  RecurringKind kind = RecurringKind::subscription;  // habits' kind: a transfer is no price that rose, nor a subscription
};

struct MonthState {
  double income = 0, spent = 0;
  int day = 1;   // days of the month gone, this one included
  int days = 30; // days in the month
};

struct NudgeState {
  Date as_of;
  std::vector<GoalState> goals;
  std::vector<CategoryState> categories;
  std::optional<Date> last_month;  // first day of the month the categories' last value is
  std::vector<SubscriptionState> subscriptions;
  std::optional<CashflowInput> cashflow;
  std::optional<MonthState> month;
};

struct Shown {
  std::string id;
  Date shown;
};

struct Number {
  const char* key;  // a literal: the keys are a closed list (placeholders())
  double value = 0;
  Kind kind = Kind::plain;
};

struct Text {
  const char* key;
  std::string value;
};

struct Nudge {
  std::string id, rule, subject;
  bool builtin = false;
  int priority = 3;
  Op op = Op::gt;
  std::string message;
  std::vector<Number> numbers;  // "value" (the metric) and "trigger" (the rule's value) first
  std::optional<Date> date;     // what the nudge is about: target date, first low day, next charge
  int cooldown_days = 0;
  std::optional<Date> held_since;  // the last showing, while its cooldown runs
};

struct Suppressed {
  std::string id, rule;
  Date last_shown, until;  // may show again on `until`
};

struct Omitted {
  std::string rule;
  int64_t count = 0;  // the rule's nudges past the cap, neither shown nor held back
};

struct NudgeResult {
  std::vector<Nudge> nudges;  // by priority, then id
  std::vector<Suppressed> suppressed;  // in the same order
  std::vector<std::string> skipped;  // enabled rules whose family had no input in the state
  std::vector<Omitted> omitted;  // rules that fired on more subjects than the cap, in rule order
};

// A message's expansion stops at this many bytes (cut at a character's boundary): placeholders
// can hold 200-character names, so a 500-character message could otherwise grow 40-fold.
inline constexpr size_t kMaxMessageBytes = 1000;

// A subscription's subject: its id without the "subscription:" that insights.habits puts before it.
std::string subscription_subject(const std::string& id);

// The placeholders a rule's message may use, for the handler to refuse a typo before any work:
// a null-terminated list.
const char* const* placeholders(Family f);
// Unknown placeholders in `message` for a family, empty when all are known.
std::vector<std::string> unknown_placeholders(const std::string& message, Family f);

// The comparisons evaluate_nudges makes: each enabled rule whose family has input, once per subject
// of its family (a rule restricted to one subject still scans them; 1 for the one-subject
// families), for a limit checked before any work.
int64_t nudge_evaluations(const NudgeState& state, const std::vector<Rule>& rules);

// Evaluates every enabled rule over the state. `history`: the nudges shown before; a nudge shown
// on day s (the latest such day) is held back while as_of < s + cooldown_days. A rule fires on at
// most `max_per_rule` subjects, those furthest past its threshold (|value - trigger|, then by
// subject); the others are counted in `omitted`, so the answer's size is bounded by the rules.
NudgeResult evaluate_nudges(const NudgeState& state, const std::vector<Rule>& rules, const std::vector<Shown>& history,
                            size_t max_per_rule);

}  // namespace nestegg
