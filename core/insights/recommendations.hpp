// SPDX-License-Identifier: MIT
// recommendations.generate: ranked recommendations drawn from the planning domain's own answers --
// the debt simulation (avalanche against the order paid now), the budget's least-disruption
// change, investment readiness's next step -- and from the peer benchmarks (a discretionary
// category far above the peer mean) and known subscriptions (unused, or dearer than before).
// Nothing is recomputed here: each source is called and its figures quoted.
//
// Impact: dollars a month the household is better off once it acts (interest not charged, money
// not spent, an employer's match gained; the emergency fund: the saving it needs a month, money
// moved to safety); annual = 12 x monthly. Each kind's figure is documented in README.
// Score = annual impact x confidence, where confidence says how sure the impact is once acted on:
//   1    arithmetic certainties (interest avoided, an employer's match);
//   0.9  an unused subscription cancelled;
//   0.75 the budget change (behaviour, but the amounts are the household's own);
//   0.6  a subscription whose price rose (it may still be wanted);
//   0.5  peer gaps (the peer mean is a loose guide) and the emergency fund / investing steps
//        (money moved, not gained).
// Ranked by score, highest first; ties by id.
//
// History: the latest entry per id (by date, then position) decides. Dismissed: held back for
// kDismissHoldDays after the dismissal (listed in held_back when it would be recommended now).
// Accepted: not recommended again while accepted; tracked with the measured effect when the
// spending given describes a month after the month of acceptance: effect = baseline - current of
// the recommendation's metric (the figure it moves, a month), positive = better off.
#pragma once
#include "goal_adjuster.hpp"
#include "recurring_kind.hpp"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "budget.hpp"
#include "civil_date.hpp"
#include "debt_plan.hpp"
#include "investment_readiness.hpp"
#include "peer_benchmarks.hpp"

namespace nestegg {

inline constexpr int kDismissHoldDays = 90;
inline constexpr double kPeerRatio = 1.25;        // a category at least 25 % above the peer mean ...
inline constexpr double kPeerPercentile = 75;     // ... and at or above the 75th percentile estimate

enum class RecKind { savings, debt, budget, goals, investing };
const char* rec_kind_name(RecKind k);
enum class RecStatus { shown, accepted, dismissed };

struct RecSubscription {  // as insights.habits returns them
  std::string id, merchant;
  double amount = 0;
  std::optional<double> previous_amount;
  double monthly_cost = 0;
  bool unused = false;  // the caller's flag: not used lately
  RecurringKind kind = RecurringKind::subscription;  // habits' kind: only subscriptions are offered for cancelling
};

struct RecHistory {
  std::string id;
  RecStatus status = RecStatus::shown;
  Date date;
  std::optional<double> baseline;  // the metric's monthly value when accepted
};

struct RecInput {
  Date as_of;
  Date spending_month;  // day 1 of the month `budget`'s spending describes
  BudgetInput budget;   // income and spending by category, cents
  std::optional<DebtPlanInput> debts;         // budget: what is paid to debts a month now; start: as_of
  std::optional<ReadinessInput> readiness;    // emergency fund, match, risk, horizon; the rest filled here
  std::optional<PeerInput> peers;             // the age (group); spending filled here
  std::vector<RecSubscription> subscriptions;
  std::vector<NamedGoal> goals;  // as goals.adjust takes them, each named
  std::vector<RecHistory> history;
};

struct Recommendation {
  std::string id;
  RecKind kind = RecKind::savings;
  std::string title, rationale;
  const char* source = "";
  double monthly = 0, annual = 0;  // dollars
  double confidence = 0, score = 0;
  std::string metric;              // the monthly figure it moves ("" when not measurable here)
  std::optional<double> baseline;  // that figure now, to store on acceptance
  std::vector<std::pair<const char*, double>> numbers;  // the figures the rationale quotes
};

struct HeldBack {
  std::string id;
  Date dismissed_on, until;
};

struct Tracked {
  std::string id, metric;
  Date accepted_on;
  std::optional<double> baseline, current, monthly_effect;
  const char* note = nullptr;
};

struct RecResult {
  std::vector<Recommendation> recommendations;
  std::vector<HeldBack> held_back;
  std::vector<Tracked> tracked;
  int64_t omitted = 0;  // recommendations past the cap (the lowest scores), only counted
};

// The CE category a user's category counts toward for the peer comparison (food: food, groceries,
// dining, restaurants, takeout; transportation: transportation, transport, car, fuel, gas,
// transit; entertainment: entertainment, recreation, hobbies), or nullptr.
const char* ce_category_of(const std::string& user_category);

// The `max_recommendations` highest-ranked recommendations; the rest are counted in `omitted`.
RecResult generate_recommendations(const RecInput& in, size_t max_recommendations);

}  // namespace nestegg
