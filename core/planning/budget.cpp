// SPDX-License-Identifier: MIT
#include "budget.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "allocation.hpp"
#include "format_text.hpp"

namespace nestegg {

namespace {

struct DefaultEntry {
  const char* name;
  BudgetBucket bucket;
};

// The default map (README "budget.optimize"): the lists plus a few common synonyms.
constexpr DefaultEntry kDefaults[] = {
    {"housing", BudgetBucket::needs},        {"rent", BudgetBucket::needs},
    {"mortgage", BudgetBucket::needs},       {"utilities", BudgetBucket::needs},
    {"groceries", BudgetBucket::needs},      {"insurance", BudgetBucket::needs},
    {"health", BudgetBucket::needs},         {"healthcare", BudgetBucket::needs},
    {"transport", BudgetBucket::needs},      {"transportation", BudgetBucket::needs},
    {"childcare", BudgetBucket::needs},      {"minimum_debt_payments", BudgetBucket::needs},
    {"dining", BudgetBucket::wants},         {"restaurants", BudgetBucket::wants},
    {"entertainment", BudgetBucket::wants},  {"subscriptions", BudgetBucket::wants},
    {"travel", BudgetBucket::wants},         {"shopping", BudgetBucket::wants},
    {"hobbies", BudgetBucket::wants},        {"emergency_fund", BudgetBucket::savings},
    {"retirement", BudgetBucket::savings},   {"investing", BudgetBucket::savings},
    {"savings", BudgetBucket::savings},      {"extra_debt_payments", BudgetBucket::savings},
};

// Whole cents as dollars with two decimals ("-12.05"), appended to `s`.
void append_cents(std::string& s, int64_t c) {
  const int64_t a = c < 0 ? -c : c;
  append_text(s, "%s%lld.%d%d", c < 0 ? "-" : "", static_cast<long long>(a / 100), int(a % 100 / 10), int(a % 10));
}

double as_units(int64_t cents) { return cents == kNoCeilingCents ? kNoCeiling : double(cents); }

// One bucket's categories (and, for savings, the unassigned remainder as a last item with floor 0
// and no ceiling) moved to `total` cents. Returns whether the bounds allowed it.
bool solve_bucket(BudgetPlan& plan, const std::vector<size_t>& members, std::optional<int64_t> unassigned,
                  int64_t total) {
  std::vector<BoxItem> items;
  std::vector<int64_t> lo, hi;
  for (size_t i : members) {
    const CategoryPlan& c = plan.categories[i];
    const double s = double(c.current);
    items.push_back({s, double(c.floor), as_units(c.ceiling), (s + 100) * (s + 100)});  // (s + one unit)^2, in cents
    lo.push_back(c.floor);
    hi.push_back(c.ceiling);
  }
  if (unassigned) {
    const double s = double(std::max<int64_t>(*unassigned, 0));
    items.push_back({s, 0, kNoCeiling, (s + 100) * (s + 100)});
    lo.push_back(0);
    hi.push_back(kNoCeilingCents);
  }
  const Allocation a = allocate_with_bounds(items, double(total));
  // Infeasible: the corner, every floor (total below their sum) or every ceiling; whole cents already.
  int64_t sum_lo = 0;
  for (int64_t v : lo) sum_lo += v;
  const std::vector<int64_t> cents = a.feasible ? round_to_total(a.x, lo, hi, total) : total < sum_lo ? lo : hi;
  for (size_t k = 0; k < members.size(); ++k) {
    CategoryPlan& c = plan.categories[members[k]];
    c.proposed = cents[k];
    c.limit = a.bound[k] == Bound::lo ? Limit::floor : a.bound[k] == Bound::hi ? Limit::ceiling : Limit::none;
    // A bound the current amount breaks holds the category there whatever the solver's multiplier
    // says (mode at_most: a bucket whose total is its boxes', every category on its box).
    if (c.proposed == c.ceiling && c.current > c.ceiling) c.limit = Limit::ceiling;
    if (c.proposed == c.floor && c.current < c.floor) c.limit = Limit::floor;
  }
  if (unassigned) {
    int64_t rest = total;
    for (size_t k = 0; k < members.size(); ++k) rest -= cents[k];
    plan.unassigned_proposed = rest;  // the remainder of the bucket: negative when floors exceed it
  }
  return a.feasible;
}

// Built by appending: a chain of concatenated temporaries costs cleanup code for each (format_text.hpp).
std::string reason_for(const CategoryPlan& c, const BucketPlan& b) {
  const char* bucket = bucket_name(c.bucket);
  const int64_t change = c.proposed - c.current;
  std::string s;
  if (b.status == BucketStatus::floors_above_target || b.status == BucketStatus::ceilings_below_target) {
    append_text(s, "%s cannot reach the target of ", bucket);
    append_cents(s, b.target);
    s += b.status == BucketStatus::floors_above_target ? " (floors above it): " : " (ceilings below it): ";
  } else if (c.bucket == BudgetBucket::savings) {
    // Savings are what needs and wants leave: their change follows from the other buckets'.
    s = "savings get what needs and wants leave (";
    append_cents(s, b.proposed);
    s += ", target ";
    append_cents(s, b.target);
    s += "), shared with the unassigned rest: ";
  } else {
    const int64_t gap = b.current - b.target;
    // A bound the current amount breaks, moving the category against (or without) the bucket's
    // gap: the bound is the reason, not the bucket.
    const bool ceiling = change < 0 && gap <= 0 && c.limit == Limit::ceiling;
    const bool floor = !ceiling && change > 0 && gap >= 0 && c.limit == Limit::floor;
    if (ceiling || floor) {
      s = ceiling ? "ceiling " : "floor ";
      append_cents(s, ceiling ? c.ceiling : c.floor);
      s += " binds (";
    }
    s += bucket;
    s += gap > 0 ? " over target by " : gap < 0 ? " under target by " : " kept at the target of ";
    append_cents(s, gap > 0 ? gap : gap < 0 ? -gap : b.target);
    s += ceiling || floor ? "): " : ": ";
  }
  s += c.name;
  s += change < 0 ? " reduced by " : " raised by ";
  append_cents(s, change < 0 ? -change : change);
  if (c.current > 0) append_text(s, " (%.1f %%)", 100.0 * double(change < 0 ? -change : change) / double(c.current));
  if (c.limit == Limit::floor && c.proposed == c.floor) s += ", to its floor";
  if (c.limit == Limit::ceiling && c.proposed == c.ceiling) s += ", to its ceiling";
  return s;
}

}  // namespace

const char* bucket_name(BudgetBucket b) {
  return b == BudgetBucket::needs ? "needs" : b == BudgetBucket::wants ? "wants" : "savings";
}

const char* status_name(BucketStatus s) {
  switch (s) {
    case BucketStatus::reached: return "reached";
    case BucketStatus::floors_above_target: return "floors_above_target";
    case BucketStatus::ceilings_below_target: return "ceilings_below_target";
    case BucketStatus::below_target: return "below_target";
    case BucketStatus::under_target: return "under_target";
    default: return "above_target";
  }
}

std::optional<BudgetBucket> default_bucket(std::string_view category) {
  for (const DefaultEntry& e : kDefaults) {
    if (category == e.name) return e.bucket;
  }
  return std::nullopt;
}

BudgetPlan optimize_budget(const BudgetInput& in) {
  BudgetPlan plan;
  std::array<std::vector<size_t>, 3> members;
  int64_t spent = 0;
  for (size_t i = 0; i < in.categories.size(); ++i) {
    const BudgetCategory& c = in.categories[i];
    plan.categories.push_back({c.name, c.bucket, c.current, c.current, c.floor, c.ceiling, Limit::none, {}});
    members[size_t(c.bucket)].push_back(i);
    spent += c.current;
  }
  plan.unassigned_current = in.income - spent;

  auto& B = plan.buckets;
  for (int b = 0; b < 2; ++b)
    for (size_t i : members[size_t(b)]) B[size_t(b)].current += in.categories[i].current;
  // Rounded as running sums, needs then needs + wants, each within the income: rounding each share
  // on its own could give savings -1 cent (income 1000.01 at 0.5 / 0.5 / 0: 500.01 twice), and
  // shares adding to 1 within 1e-9 more than that on large incomes.
  const int64_t needs_and_wants = std::min<int64_t>(std::llround(double(in.income) * (in.shares[0] + in.shares[1])), in.income);
  B[0].target = std::min<int64_t>(std::llround(double(in.income) * in.shares[0]), needs_and_wants);
  B[1].target = needs_and_wants - B[0].target;
  B[2].current = in.income - B[0].current - B[1].current;
  B[2].target = in.income - B[0].target - B[1].target;

  for (size_t b = 0; b < 2; ++b) {
    BucketPlan& bp = B[b];
    int64_t total = bp.target;
    if (in.at_most) {  // cut to the target when over it; otherwise only the boxes move anything
      int64_t boxed = 0;
      for (size_t i : members[b]) {
        const BudgetCategory& c = in.categories[i];
        boxed += std::min(std::max(c.current, c.floor), c.ceiling);
      }
      total = std::min(total, boxed);
    }
    const bool ok = solve_bucket(plan, members[b], std::nullopt, total);
    for (size_t i : members[b]) bp.proposed += plan.categories[i].proposed;
    if (ok && bp.proposed < bp.target) bp.status = BucketStatus::under_target;  // at_most only
    if (ok) continue;
    const bool floors = bp.proposed > total;
    bp.status = floors ? BucketStatus::floors_above_target : BucketStatus::ceilings_below_target;
    for (size_t i : members[b]) {
      const CategoryPlan& c = plan.categories[i];
      if (floors ? c.floor > 0 : c.ceiling != kNoCeilingCents) bp.binding.push_back(c.name);
    }
  }

  // Savings: whatever needs and wants leave, shared by the savings categories and the unassigned rest.
  BucketPlan& sv = B[2];
  sv.proposed = in.income - B[0].proposed - B[1].proposed;
  const bool sv_ok = solve_bucket(plan, members[2], plan.unassigned_current, sv.proposed);
  for (size_t i : members[2]) {
    if (!sv_ok && plan.categories[i].floor > 0) sv.binding.push_back(plan.categories[i].name);
  }
  if (!sv.binding.empty()) {
    sv.status = BucketStatus::floors_above_target;  // its own floors: the plan spends more than the income
  } else if (sv.proposed < sv.target) {
    sv.status = BucketStatus::below_target;
  } else if (sv.proposed > sv.target) {
    sv.status = BucketStatus::above_target;
  }

  for (const BucketPlan& bp : B) {
    const bool allowed = bp.status == BucketStatus::reached || bp.status == BucketStatus::under_target ||
                         (in.at_most && &bp == &sv && bp.status == BucketStatus::above_target);
    plan.feasible = plan.feasible && allowed;
  }
  auto size = [&](size_t i) { return std::llabs(plan.categories[i].proposed - plan.categories[i].current); };
  for (size_t i = 0; i < plan.categories.size(); ++i) {
    CategoryPlan& c = plan.categories[i];
    if (c.proposed == c.current) continue;
    c.reason = reason_for(c, B[size_t(c.bucket)]);
    plan.changes.push_back(i);  // insertion sort: stable, and a few hundred categories at most
    for (size_t k = plan.changes.size() - 1; k > 0 && size(plan.changes[k]) > size(plan.changes[k - 1]); --k) {
      std::swap(plan.changes[k], plan.changes[k - 1]);
    }
  }
  return plan;
}

}  // namespace nestegg
