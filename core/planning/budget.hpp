// SPDX-License-Identifier: MIT
// budget.optimize: a month's after-tax income split into needs, wants and savings by a rule
// (50/30/20 and friends), and the per-category changes that reach the rule's shares with the least
// disruption, inside the caller's floors and ceilings.
//
// Money is whole cents here (int64): the caller's amounts are taken to the cent, and the proposed
// amounts are whole cents whose bucket totals equal the bucket targets exactly.
//
// Buckets:
//  - needs and wants are the sums of their categories; the target of each is income x its share,
//    rounded to the cent. Mode exact: each is moved to its target (up or down). Mode at_most: a
//    bucket over its target is cut to it, one under it is left as it is.
//  - savings is everything else: income - needs - wants, i.e. the savings categories (emergency
//    fund, retirement, ...) plus the income no category takes ("unassigned", which is saved by
//    definition). So its target is reached whenever needs and wants reach theirs; within it the
//    savings categories and the unassigned remainder (floor 0) share the bucket's total by the same
//    least-disruption rule. A negative unassigned amount means the plan spends more than the
//    income: it happens only when floors force it, and is reported.
//
// Least disruption: within a bucket, minimise sum_i ((x_i - s_i) / (s_i + 1))^2 — the squared
// relative changes (s in currency units; the +1 gives a category at zero a finite weight, so a
// zero line moves only when nothing else can) — subject to the bucket total and each category's
// floor and ceiling. Solved exactly by allocation.hpp.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nestegg {

enum class BudgetBucket { needs = 0, wants = 1, savings = 2 };
inline constexpr int64_t kNoCeilingCents = INT64_MAX;

const char* bucket_name(BudgetBucket b);
// The default category -> bucket map (README "budget.optimize"); nullopt for a name it lacks.
std::optional<BudgetBucket> default_bucket(std::string_view category);

struct BudgetCategory {
  std::string name;
  BudgetBucket bucket = BudgetBucket::needs;
  int64_t current = 0;                   // cents
  int64_t floor = 0;                     // cents
  int64_t ceiling = kNoCeilingCents;     // cents; kNoCeilingCents for none
};

struct BudgetInput {
  int64_t income = 0;  // monthly after-tax income, cents, > 0
  std::vector<BudgetCategory> categories;
  std::array<double, 3> shares{0.5, 0.3, 0.2};  // needs, wants, savings; they add to 1
  bool at_most = false;                         // mode at_most (see above); default exact
};

enum class BucketStatus {
  reached,                // the proposed total is the target
  floors_above_target,    // the floors of its categories add to more than its target
  ceilings_below_target,  // the ceilings add to less (or it has no categories to put the target in)
  below_target,           // savings only: needs or wants floors took part of its share
  above_target,           // savings only: more than its target (mode at_most: needs or wants were
                          // left under theirs, as that mode allows; mode exact: their ceilings)
  under_target,           // needs or wants, mode at_most only: left under the target, as that mode allows
};
const char* status_name(BucketStatus s);

enum class Limit { none, floor, ceiling };

struct CategoryPlan {
  std::string name;
  BudgetBucket bucket = BudgetBucket::needs;
  int64_t current = 0, proposed = 0, floor = 0, ceiling = kNoCeilingCents;
  Limit limit = Limit::none;  // the bound that held it back (or forced it)
  std::string reason;         // empty when unchanged
};

struct BucketPlan {
  int64_t current = 0;   // cents; savings: income - needs - wants (may be negative)
  int64_t target = 0;    // income x share, to the cent (the three add to the income)
  int64_t proposed = 0;
  BucketStatus status = BucketStatus::reached;
  std::vector<std::string> binding;  // infeasible: the categories whose floors / ceilings bind
};

struct BudgetPlan {
  bool feasible = true;  // every bucket where the mode asks: exact, on its target; at_most, needs and
                         // wants at or under theirs (savings then at or over)
  std::array<BucketPlan, 3> buckets;
  std::vector<CategoryPlan> categories;  // input order
  std::vector<size_t> changes;           // indices of the categories that change, largest change first
  int64_t unassigned_current = 0;        // income - all categories (negative: overspending)
  int64_t unassigned_proposed = 0;
};

BudgetPlan optimize_budget(const BudgetInput& in);

}  // namespace nestegg
