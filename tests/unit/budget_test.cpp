// SPDX-License-Identifier: MIT
// budget.optimize: worked examples with the arithmetic in comments; the allocation kernel against
// its KKT conditions and against an independent brute force (every active set solved with Eigen's
// dense LU, the best feasible one kept) and a fine grid; properties over seeded random budgets.
#include <catch2/catch.hpp>

#include <Eigen/Dense>
#include <cmath>
#include <random>

#include "allocation.hpp"
#include "budget.hpp"

using namespace nestegg;

namespace {

BudgetCategory cat(const char* name, BudgetBucket b, double dollars, double floor = 0, double ceiling = -1) {
  return {name, b, std::llround(dollars * 100), std::llround(floor * 100),
          ceiling < 0 ? kNoCeilingCents : std::llround(ceiling * 100)};
}

const CategoryPlan& find(const BudgetPlan& p, const std::string& name) {
  for (const auto& c : p.categories) {
    if (c.name == name) return c;
  }
  FAIL("no category " << name);
  return p.categories.front();
}

constexpr auto needs = BudgetBucket::needs, wants = BudgetBucket::wants, savings = BudgetBucket::savings;

// The household of README's worked example.
BudgetInput household() {
  BudgetInput in;
  in.income = 500000;  // 5000.00
  in.categories = {cat("housing", needs, 1999), cat("groceries", needs, 599), cat("utilities", needs, 199),
                   cat("dining", wants, 999),   cat("entertainment", wants, 401), cat("subscriptions", wants, 100),
                   cat("retirement", savings, 469)};
  return in;
}

double objective(const std::vector<BoxItem>& items, const std::vector<double>& x) {
  double f = 0;
  for (size_t i = 0; i < items.size(); ++i) f += (x[i] - items[i].start) * (x[i] - items[i].start) / items[i].scale;
  return f;
}

// Independent of the breakpoint search: every assignment of each item to lo, hi or free; the free
// items' equality-constrained problem solved as a dense KKT system with Eigen
//   [diag(2/a) 1; 1' 0] [x; -lambda] = [2 s / a; total - fixed];
// the feasible candidate with the least objective wins (the problem is strictly convex).
std::vector<double> brute_force(const std::vector<BoxItem>& items, double total) {
  const size_t n = items.size();
  std::vector<double> best;
  double best_f = INFINITY;
  size_t combos = 1;
  for (size_t i = 0; i < n; ++i) combos *= 3;
  for (size_t code = 0; code < combos; ++code) {
    std::vector<int> state(n);
    size_t c = code;
    std::vector<size_t> free;
    double fixed = 0;
    bool ok = true;
    for (size_t i = 0; i < n; ++i, c /= 3) {
      state[i] = int(c % 3);
      if (state[i] == 0) fixed += items[i].lo;
      else if (state[i] == 1) ok = ok && std::isfinite(items[i].hi), fixed += items[i].hi;
      else free.push_back(i);
    }
    if (!ok) continue;
    std::vector<double> x(n);
    for (size_t i = 0; i < n; ++i) x[i] = state[i] == 0 ? items[i].lo : state[i] == 1 ? items[i].hi : 0;
    if (free.empty()) {
      if (std::fabs(fixed - total) > 1e-6) continue;
    } else {
      const Eigen::Index m = Eigen::Index(free.size());
      Eigen::MatrixXd K = Eigen::MatrixXd::Zero(m + 1, m + 1);
      Eigen::VectorXd rhs(m + 1);
      for (Eigen::Index k = 0; k < m; ++k) {
        const BoxItem& it = items[free[size_t(k)]];
        K(k, k) = 2 / it.scale;
        K(k, m) = K(m, k) = 1;
        rhs(k) = 2 * it.start / it.scale;
      }
      rhs(m) = total - fixed;
      const Eigen::VectorXd sol = K.partialPivLu().solve(rhs);
      for (Eigen::Index k = 0; k < m; ++k) x[free[size_t(k)]] = sol(k);
    }
    bool inside = true;
    for (size_t i = 0; i < n; ++i) inside = inside && x[i] >= items[i].lo - 1e-7 && x[i] <= items[i].hi + 1e-7;
    if (!inside) continue;
    const double f = objective(items, x);
    if (f < best_f) best_f = f, best = x;
  }
  return best;
}

struct Random {
  std::mt19937_64 engine{20261216};
  double uniform() { return double(engine() >> 11) * 0x1.0p-53; }
  int64_t below(int64_t n) { return int64_t(uniform() * double(n)); }
};

}  // namespace

TEST_CASE("worked example: needs cut by least squared relative change, savings take the difference") {
  // Income 5000, 50/30/20: targets needs 2500, wants 1500, savings 1000.
  // Needs 1999 + 599 + 199 = 2797: 297 over. Weights 1/(s+1)^2, so each change is lambda (s+1)^2:
  // (s+1)^2 = 2000^2 : 600^2 : 200^2 = 100 : 9 : 1, 110 parts of 297 / 110 = 2.7:
  // housing -270.00, groceries -24.30, utilities -2.70.
  // Wants 999 + 401 + 100 = 1500: on target, unchanged.
  // Savings: retirement 469 + unassigned 5000 - 2797 - 1500 - 469 = 234, i.e. 703; +297 to reach
  // 1000, shared 470^2 : 235^2 = 4 : 1: retirement +237.60, unassigned +59.40.
  const BudgetPlan p = optimize_budget(household());
  CHECK(p.feasible);
  CHECK(find(p, "housing").proposed == 172900);
  CHECK(find(p, "groceries").proposed == 57470);
  CHECK(find(p, "utilities").proposed == 19630);
  CHECK(find(p, "dining").proposed == 99900);
  CHECK(find(p, "entertainment").proposed == 40100);
  CHECK(find(p, "subscriptions").proposed == 10000);
  CHECK(find(p, "retirement").proposed == 70660);
  CHECK(p.unassigned_current == 23400);
  CHECK(p.unassigned_proposed == 29340);
  CHECK(p.buckets[0].current == 279700);
  CHECK(p.buckets[0].target == 250000);
  CHECK(p.buckets[0].proposed == 250000);
  CHECK(p.buckets[2].current == 70300);
  CHECK(p.buckets[2].proposed == 100000);
  CHECK(find(p, "housing").reason == "needs over target by 297.00: housing reduced by 270.00 (13.5 %)");
  CHECK(find(p, "retirement").reason ==
        "savings get what needs and wants leave (1000.00, target 1000.00), shared with the unassigned rest: "
        "retirement raised by 237.60 (50.7 %)");
  CHECK(find(p, "dining").reason.empty());
}

TEST_CASE("worked example: a floor on housing binds and the rest of the cut moves to the others") {
  // Housing floor 1800: it can give 199 of the 297; the other 98 go 9 : 1 (9.8 a part):
  // groceries -88.20 -> 510.80, utilities -9.80 -> 189.20. KKT: housing's unconstrained move was -270.
  BudgetInput in = household();
  in.categories[0].floor = 180000;
  const BudgetPlan p = optimize_budget(in);
  CHECK(p.feasible);
  CHECK(find(p, "housing").proposed == 180000);
  CHECK(find(p, "housing").limit == Limit::floor);
  CHECK(find(p, "groceries").proposed == 51080);
  CHECK(find(p, "utilities").proposed == 18920);
  CHECK(find(p, "groceries").limit == Limit::none);
  CHECK(find(p, "housing").reason == "needs over target by 297.00: housing reduced by 199.00 (10.0 %), to its floor");
}

TEST_CASE("infeasible floors are reported with the binding categories and the nearest allocation") {
  // Floors 2400 + 200 = 2600 > 2500: needs at their floors (utilities, floor 0, at 0); savings take
  // 5000 - 2600 - 1500 = 900 < 1000: below_target.
  BudgetInput in = household();
  in.categories[0].floor = 240000;
  in.categories[1].floor = 20000;
  const BudgetPlan p = optimize_budget(in);
  CHECK_FALSE(p.feasible);
  CHECK(p.buckets[0].status == BucketStatus::floors_above_target);
  CHECK(p.buckets[0].binding == std::vector<std::string>{"housing", "groceries"});
  CHECK(p.buckets[0].proposed == 260000);
  CHECK(find(p, "utilities").proposed == 0);
  CHECK(p.buckets[1].status == BucketStatus::reached);
  CHECK(p.buckets[2].status == BucketStatus::below_target);
  CHECK(p.buckets[2].proposed == 90000);
  CHECK(find(p, "housing").reason == "needs cannot reach the target of 2500.00 (floors above it): housing raised by 401.00 (20.1 %), to its floor");

  // Ceilings below the target: wants capped at 1000 + 100 + 50 = 1150 < 1500 in mode exact.
  BudgetInput c = household();
  c.categories[3].ceiling = 100000, c.categories[4].ceiling = 10000, c.categories[5].ceiling = 5000;
  const BudgetPlan q = optimize_budget(c);
  CHECK(q.buckets[1].status == BucketStatus::ceilings_below_target);
  CHECK(q.buckets[1].binding == std::vector<std::string>{"dining", "entertainment", "subscriptions"});
  CHECK(q.buckets[1].proposed == 115000);
  CHECK(q.buckets[2].status == BucketStatus::above_target);
}

TEST_CASE("savings floors above what is left: the plan overspends and says so") {
  // Needs 2500 and wants 1500 leave 1000; a retirement floor of 1200 takes 200 more than that.
  BudgetInput in = household();
  in.categories[6].floor = 120000;
  const BudgetPlan p = optimize_budget(in);
  CHECK(p.buckets[2].status == BucketStatus::floors_above_target);
  CHECK(p.buckets[2].binding == std::vector<std::string>{"retirement"});
  CHECK(find(p, "retirement").proposed == 120000);
  CHECK(p.unassigned_proposed == -20000);
}

TEST_CASE("mode at_most cuts buckets over their targets and leaves the ones under alone") {
  // Wants 1300 < 1500 stay; needs cut to 2500 as in mode exact; savings get 5000 - 2500 - 1300 = 1200.
  BudgetInput in = household();
  in.at_most = true;
  in.categories[3].current = 79900;
  const BudgetPlan p = optimize_budget(in);
  CHECK(p.feasible);
  CHECK(p.buckets[1].proposed == 130000);
  CHECK(find(p, "dining").proposed == 79900);
  CHECK(p.buckets[0].proposed == 250000);
  CHECK(p.buckets[2].proposed == 120000);
  // The statuses say so: wants under their target (as at_most allows), savings above theirs; the
  // plan is still feasible (README: feasible means where the mode asks, not on every target).
  CHECK(p.buckets[0].status == BucketStatus::reached);
  CHECK(p.buckets[1].status == BucketStatus::under_target);
  CHECK(p.buckets[2].status == BucketStatus::above_target);
}

TEST_CASE("rounding: cents by largest remainder, bucket totals exact, ties to the earlier category") {
  // Three 100.00 lines, one bucket of target 299.00: each 99.666..., floors 99.66 x 3 = 298.98,
  // two cents left, equal remainders: the first two get them.
  BudgetInput in;
  in.income = 29900;
  in.shares = {1, 0, 0};
  in.categories = {cat("a", needs, 100), cat("b", needs, 100), cat("c", needs, 100)};
  const BudgetPlan p = optimize_budget(in);
  CHECK(p.categories[0].proposed == 9967);
  CHECK(p.categories[1].proposed == 9967);
  CHECK(p.categories[2].proposed == 9966);
  CHECK(p.buckets[0].proposed == 29900);
  // 50/30/20 of 5000.01: needs 2500.005 -> 2500.01 (half away from zero), wants 1500.003 -> 1500.00,
  // savings the rest, 1000.00: the three add to the income.
  BudgetInput odd = household();
  odd.income = 500001;
  const BudgetPlan q = optimize_budget(odd);
  CHECK(q.buckets[0].target == 250001);
  CHECK(q.buckets[1].target == 150000);
  CHECK(q.buckets[2].target == 100000);
}

TEST_CASE("targets: running sums rounded, so no bucket is below zero and each is within a cent") {
  // A review's case: 1000.01 at 0.5 / 0.5 / 0. Each share rounded on its own gave 500.01 twice and
  // savings -0.01, with feasible: true and the plan spending a cent over the income.
  BudgetInput in;
  in.income = 100001;
  in.shares = {0.5, 0.5, 0};
  in.categories = {cat("housing", needs, 600), cat("dining", wants, 400.01)};
  const BudgetPlan p = optimize_budget(in);
  CHECK(p.buckets[0].target == 50001);
  CHECK(p.buckets[1].target == 50000);
  CHECK(p.buckets[2].target == 0);
  CHECK(p.buckets[0].proposed + p.buckets[1].proposed <= in.income);
  // Random incomes and shares (adding to 1 within the 1e-9 the API allows): the targets add to the
  // income, none is below zero, and each is within a cent of income x share.
  std::mt19937_64 rng(20261204);
  std::uniform_int_distribution<int64_t> cents(1, 100'000'000'000'000);  // 0.01 .. 1e12
  std::uniform_real_distribution<double> unit(0, 1);
  for (int i = 0; i < 20000; ++i) {
    BudgetInput r;
    r.income = i % 2 ? cents(rng) : cents(rng) % 100000 + 1;
    const double a = unit(rng), b = unit(rng) * (1 - a), slack = (unit(rng) - 0.5) * 2e-9;
    r.shares = {a, b, std::max(0.0, 1 - a - b + slack)};
    if (i % 7 == 0) r.shares = {0.5, 0.5, 0};
    r.categories = {cat("n", needs, 1), cat("w", wants, 1)};
    const BudgetPlan q = optimize_budget(r);
    int64_t sum = 0;
    for (int k = 0; k < 3; ++k) {
      const int64_t t = q.buckets[size_t(k)].target;
      CHECK(t >= 0);
      CHECK(std::fabs(double(t) - double(r.income) * r.shares[size_t(k)]) <= 1 + 1e-9 * double(r.income));
      sum += t;
    }
    CHECK(sum == r.income);
  }
}

TEST_CASE("zero categories move only when nothing else can; then they share equally") {
  // Wants all at zero, target 1500 (mode exact): weights 1/(0+1)^2 are equal, 500 each.
  BudgetInput in = household();
  for (int k = 3; k < 6; ++k) in.categories[size_t(k)].current = 0;
  const BudgetPlan p = optimize_budget(in);
  CHECK(find(p, "dining").proposed == 50000);
  CHECK(find(p, "entertainment").proposed == 50000);
  CHECK(find(p, "subscriptions").proposed == 50000);
  // Next to a 999 line, a zero line takes 1 / (1 + 1000^2) of a change: under a cent here.
  BudgetInput z = household();
  z.categories[5].current = 0;  // wants 1400: +100 mostly to dining (1000^2) and entertainment (402^2)
  const BudgetPlan q = optimize_budget(z);
  CHECK(find(q, "subscriptions").proposed == 0);
  CHECK(q.buckets[1].proposed == 150000);
}

TEST_CASE("the kernel: KKT conditions hold and an Eigen brute force over active sets agrees") {
  Random r;
  int compared = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const size_t n = 1 + size_t(r.below(5));
    std::vector<BoxItem> items(n);
    double sum_lo = 0, sum_hi = 0;
    for (auto& it : items) {
      it.start = double(r.below(100000));
      it.lo = r.uniform() < 0.5 ? 0 : double(r.below(80000));
      it.hi = r.uniform() < 0.3 ? kNoCeiling : it.lo + double(r.below(100000));
      it.scale = (it.start + 100) * (it.start + 100);
      sum_lo += it.lo;
      sum_hi += it.hi;
    }
    const double total = std::floor(sum_lo + r.uniform() * (std::min(sum_hi, sum_lo + 300000) - sum_lo));
    const Allocation a = allocate_with_bounds(items, total);
    REQUIRE(a.feasible);
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
      sum += a.x[i];
      CHECK(a.x[i] >= items[i].lo);
      CHECK(a.x[i] <= items[i].hi);
      // Stationarity with the one multiplier: (x - s) / a = lambda when free, >= lambda on the floor,
      // <= lambda on the ceiling.
      const double g = (a.x[i] - items[i].start) / items[i].scale;
      const double tol = 1e-9 * (std::fabs(a.lambda) + 1e-12) + 1e-12;
      if (a.x[i] > items[i].lo && a.x[i] < items[i].hi) CHECK(std::fabs(g - a.lambda) <= tol);
      if (a.x[i] == items[i].lo) CHECK(g >= a.lambda - tol);
      if (a.x[i] == items[i].hi) CHECK(g <= a.lambda + tol);
    }
    CHECK(std::fabs(sum - total) <= 1e-6 * std::max(1.0, total));
    const std::vector<double> best = brute_force(items, total);
    REQUIRE(best.size() == n);
    for (size_t i = 0; i < n; ++i) CHECK(std::fabs(best[i] - a.x[i]) <= 1e-6 * std::max(1.0, std::fabs(best[i])));
    ++compared;
  }
  CHECK(compared == 400);
}

TEST_CASE("the kernel against a fine grid on two and three categories") {
  // Two lines, 300 and 100 (scales 400^2, 200^2), floors 250 and 0, total 300: unconstrained
  // would take -80 and -20 (4 : 1 of -100); 220 is under the floor, so 250 and 50.
  const std::vector<BoxItem> two = {{300, 250, kNoCeiling, 400 * 400}, {100, 0, kNoCeiling, 200 * 200}};
  const Allocation a = allocate_with_bounds(two, 300);
  CHECK(a.x[0] == Approx(250));
  CHECK(a.x[1] == Approx(50));
  // Three lines: scan x0, x1 on a 0.05 grid (x2 = total - x0 - x1), keep the least objective.
  const std::vector<BoxItem> three = {{120, 20, 150, 121 * 121}, {60, 10, 70, 61 * 61}, {30, 25, 200, 31 * 31}};
  const double total = 150;
  const Allocation b = allocate_with_bounds(three, total);
  double best = INFINITY, bx0 = 0, bx1 = 0;
  for (double x0 = 20; x0 <= 150; x0 += 0.05) {
    for (double x1 = 10; x1 <= 70; x1 += 0.05) {
      const double x2 = total - x0 - x1;
      if (x2 < 25 || x2 > 200) continue;
      const double f = objective(three, {x0, x1, x2});
      if (f < best) best = f, bx0 = x0, bx1 = x1;
    }
  }
  CHECK(std::fabs(b.x[0] - bx0) <= 0.06);
  CHECK(std::fabs(b.x[1] - bx1) <= 0.06);
  CHECK(objective(three, b.x) <= best + 1e-9);
}

TEST_CASE("properties over random budgets: boxes kept, targets met to the cent exactly when the bounds allow") {
  Random r;
  const char* names[] = {"housing", "groceries", "utilities", "transport", "dining", "travel", "shopping",
                         "retirement", "investing", "emergency_fund"};
  for (int trial = 0; trial < 2000; ++trial) {
    BudgetInput in;
    in.income = 100000 + r.below(2000000);
    in.at_most = r.uniform() < 0.25;
    const double a = 0.3 + 0.4 * r.uniform(), b = (1 - a) * r.uniform();
    in.shares = {a, b, 1 - a - b};
    const size_t n = 1 + size_t(r.below(24));
    for (size_t k = 0; k < n; ++k) {
      BudgetCategory c;
      c.name = std::string(names[k % 10]) + std::to_string(k);
      c.bucket = BudgetBucket(r.below(3));
      c.current = r.uniform() < 0.1 ? 0 : r.below(300000);
      c.floor = r.uniform() < 0.6 ? 0 : r.below(150000);
      c.ceiling = r.uniform() < 0.6 ? kNoCeilingCents : c.floor + r.below(200000);
      in.categories.push_back(c);
    }
    const BudgetPlan p = optimize_budget(in);
    INFO("trial " << trial);
    int64_t total = p.unassigned_proposed;
    std::array<int64_t, 3> lo{}, hi{}, sum{}, boxed{};
    for (size_t k = 0; k < n; ++k) {
      const CategoryPlan& c = p.categories[k];
      CHECK(c.proposed >= c.floor);
      CHECK(c.proposed <= c.ceiling);
      total += c.proposed;
      const size_t bk = size_t(c.bucket);
      lo[bk] += c.floor;
      hi[bk] = (hi[bk] == kNoCeilingCents || c.ceiling == kNoCeilingCents) ? kNoCeilingCents : hi[bk] + c.ceiling;
      sum[bk] += c.proposed;
      boxed[bk] += std::min(std::max(c.current, c.floor), c.ceiling);
    }
    CHECK(total == in.income);  // every cent of income placed: categories plus the unassigned rest
    for (size_t bk = 0; bk < 2; ++bk) {
      const int64_t target = in.at_most ? std::min(p.buckets[bk].target, boxed[bk]) : p.buckets[bk].target;
      const bool feasible = lo[bk] <= target && target <= hi[bk];
      const BucketStatus st = p.buckets[bk].status;
      CHECK((st == BucketStatus::reached || st == BucketStatus::under_target) == feasible);
      // under_target only in mode at_most, and only truly under; reached only on the target.
      if (st == BucketStatus::under_target) CHECK((in.at_most && sum[bk] < p.buckets[bk].target));
      if (st == BucketStatus::reached) CHECK(sum[bk] == p.buckets[bk].target);
      if (feasible) CHECK(sum[bk] == target);
      else CHECK(sum[bk] == (lo[bk] > target ? lo[bk] : hi[bk]));
    }
    // Savings: reached exactly when needs and wants were and its own floors fit in what is left.
    const int64_t left = in.income - p.buckets[0].proposed - p.buckets[1].proposed;
    CHECK(p.buckets[2].proposed == left);
    CHECK((p.unassigned_proposed >= 0) == (lo[2] <= left));
    auto fits = [&](size_t bk) {
      return p.buckets[bk].status == BucketStatus::reached || p.buckets[bk].status == BucketStatus::under_target;
    };
    if (fits(0) && fits(1) && lo[2] <= left) {
      CHECK((p.buckets[2].status == BucketStatus::reached) == (left == p.buckets[2].target));
      if (!in.at_most) CHECK(left == p.buckets[2].target);
      if (left > p.buckets[2].target) CHECK(p.buckets[2].status == BucketStatus::above_target);
    }
    CHECK(p.feasible == (fits(0) && fits(1) && lo[2] <= left));
  }
}

TEST_CASE("reasons say what moved a category: a ceiling that binds, savings that follow the other buckets") {
  // at_most, dining 1000 with a ceiling of 100: wants (1000) are under their 1500, yet dining is
  // cut to its ceiling; the ceiling is the limit and the reason.
  BudgetInput in;
  in.income = 500000;
  in.at_most = true;
  in.categories = {cat("housing", BudgetBucket::needs, 2000), cat("dining", BudgetBucket::wants, 1000, 0, 100),
                   cat("retirement", BudgetBucket::savings, 0)};
  BudgetPlan p = optimize_budget(in);
  CHECK(find(p, "dining").proposed == 10000);
  CHECK(find(p, "dining").limit == Limit::ceiling);
  CHECK(find(p, "dining").reason == "ceiling 100.00 binds (wants under target by 500.00): dining reduced by 900.00 (90.0 %), to its ceiling");
  // Overspending: savings (1000 - 5000 - 3000 = -7000 now) get the 200 that needs and wants leave;
  // retirement's cut follows from that, it is not "savings under target".
  in = BudgetInput{};
  in.income = 100000;
  in.categories = {cat("housing", BudgetBucket::needs, 5000), cat("dining", BudgetBucket::wants, 3000),
                   cat("retirement", BudgetBucket::savings, 2000)};
  p = optimize_budget(in);
  CHECK(find(p, "retirement").proposed == 20000);
  CHECK(find(p, "retirement").reason ==
        "savings get what needs and wants leave (200.00, target 200.00), shared with the unassigned rest: "
        "retirement reduced by 1800.00 (90.0 %)");
}
