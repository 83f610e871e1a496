// SPDX-License-Identifier: MIT
// debt.plan: examples worked by hand (the arithmetic in the comments, in cents), single loans
// against the 50-digit time-value-of-money references, property tests over seeded random debt
// sets, and the JSON method's errors and invariants.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "debt_plan.hpp"
#include "engine.hpp"

using namespace nestegg;
using json = nlohmann::json;

namespace {

Debt debt(const char* name, int64_t balance, double apr, int64_t minimum) {
  Debt d;
  d.name = name;
  d.balance = balance;
  d.apr = apr;
  d.minimum = minimum;
  return d;
}

// Every month: balance = previous + interest - payment, exactly; a debt's rows add up to its
// totals; the payoff month leaves exactly 0 and no row after it charges or pays anything.
void check_schedule(const DebtPlanInput& in, const StrategyOutcome& p) {
  REQUIRE(p.paid_off);
  REQUIRE(int64_t(p.schedule.size()) == p.months);
  int64_t total_interest = 0, total_paid = 0;
  for (size_t i = 0; i < in.debts.size(); ++i) {
    int64_t balance = in.debts[i].balance, interest = 0, paid = 0;
    for (const ScheduleMonth& m : p.schedule) {
      CHECK(m.balance[i] == balance + m.interest[i] - m.payment[i]);
      CHECK(m.balance[i] >= 0);
      if (m.month > *p.debts[i].payoff_month) CHECK((m.interest[i] == 0 && m.payment[i] == 0));
      if (m.month == *p.debts[i].payoff_month) CHECK(m.balance[i] == 0);
      if (m.month < *p.debts[i].payoff_month) CHECK(m.balance[i] > 0);
      balance = m.balance[i];
      interest += m.interest[i];
      paid += m.payment[i];
    }
    CHECK(balance == 0);
    CHECK(interest == p.debts[i].interest);
    CHECK(paid == p.debts[i].paid);
    CHECK(paid == in.debts[i].balance + interest);
    total_interest += interest;
    total_paid += paid;
  }
  CHECK(total_interest == p.interest);
  CHECK(total_paid == p.paid);
  for (const ScheduleMonth& m : p.schedule) {
    int64_t month_paid = 0;
    for (int64_t x : m.payment) month_paid += x;
    CHECK(month_paid + m.unused == in.budget);  // the whole budget goes out every month
    if (m.month < p.months) CHECK(m.unused == 0);
  }
}

}  // namespace

TEST_CASE("one loan, worked by hand: 1000.00 at 12 % APR paying 100.00 a month") {
  // Month 1: interest round(100000 * 0.12 / 12) = 1000 cents; 100000 + 1000 - 10000 = 91000.
  // Month 2: 91000 * 0.01 = 910; 91000 + 910 - 10000 = 81910.
  // Month 3: 81910 * 0.01 = 819.1 -> 819; 81910 + 819 - 10000 = 72729.
  // ... interest 727, 635, 541, 446, 351, 254, 157 (balance 5840 after month 10),
  // month 11: 58 -> 5898, paid in full. Interest 1000+910+819+727+635+541+446+351+254+157+58 = 5898.
  DebtPlanInput in;
  in.debts = {debt("loan", 100000, 0.12, 10000)};
  in.budget = 10000;
  in.start = {2026, 1, 15};
  const DebtSimulator sim(in);
  const StrategyOutcome p = sim.avalanche(true);
  check_schedule(in, p);
  CHECK(p.months == 11);
  CHECK(p.interest == 5898);
  CHECK(p.paid == 105898);
  CHECK(p.schedule[0].interest[0] == 1000);
  CHECK(p.schedule[1].balance[0] == 81910);
  CHECK(p.schedule[2].interest[0] == 819);
  CHECK(p.schedule[2].balance[0] == 72729);
  CHECK(p.schedule[10].payment[0] == 5898);
  CHECK(p.schedule[10].unused == 10000 - 5898);
  // Minimums only is the same plan here: the budget is the minimum.
  const StrategyOutcome base = sim.minimums_only();
  CHECK(base.paid_off);
  CHECK(base.months == 11);
  CHECK(base.interest == 5898);
}

TEST_CASE("two debts worked by hand: avalanche and snowball, the freed minimum and the leftover in the same month") {
  // A: 3000.00 at 24 % (2 %/month), minimum 60.00; B: 800.00 at 6 % (0.5 %/month), minimum 20.00;
  // budget 300.00, so the extra pool is 300 - 80 = 220.00 a month.
  // Month 1, both strategies: interest A = 300000 * 0.24 / 12 = 6000, B = 80000 * 0.06 / 12 = 400;
  // minimums leave A 306000 - 6000 = 300000, B 80400 - 2000 = 78400.
  //   avalanche (A first): the 22000 pool to A -> A 278000, B 78400.
  //   snowball (B, the smaller, first): 22000 to B -> A 300000, B 56400.
  // Snowball, month 2: B 56400 + 282 (56400 * 0.005) - 2000 - 22000 = 32682; month 3: + 163
  // (163.41) - 24000 = 8845. Month 4: B owes 8845 + 44 (44.225) = 8889: its 2000 minimum and 6889
  // of the pool pay it off, and the pool's other 22000 - 6889 = 15111 goes on to A in the same
  // month (A paid 6000 + 15111 = 21111). From month 5 A gets all 300.00 (B's minimum rolled over).
  // A's minimum (60.00) only equals its first month's interest (6000 cents): on minimums alone A
  // would never shrink (negative amortisation, flagged).
  // The totals (an independent loop over the same convention, in cents): avalanche A paid off in
  // month 13, B in month 15, interest 45803; snowball B in month 4, A in month 15, interest 59163.
  DebtPlanInput in;
  in.debts = {debt("A", 300000, 0.24, 6000), debt("B", 80000, 0.06, 2000)};
  in.budget = 30000;
  in.start = {2026, 1, 31};
  const DebtSimulator sim(in);
  const StrategyOutcome av = sim.avalanche(true);
  const StrategyOutcome sb = sim.snowball(true);
  check_schedule(in, av);
  check_schedule(in, sb);
  CHECK(av.schedule[0].balance == std::vector<int64_t>{278000, 78400});
  CHECK(sb.schedule[0].balance == std::vector<int64_t>{300000, 56400});
  CHECK(sb.schedule[1].balance[1] == 32682);
  CHECK(sb.schedule[2].balance[1] == 8845);
  CHECK(sb.schedule[3].payment == std::vector<int64_t>{21111, 8889});
  CHECK(sim.negative_amortization() == std::vector<uint8_t>{1, 0});
  CHECK_FALSE(sim.minimums_only().paid_off);
  CHECK(sb.schedule[4].payment[0] == 30000);
  CHECK(*av.debts[0].payoff_month == 13);
  CHECK(*av.debts[1].payoff_month == 15);
  CHECK(av.interest == 45803);
  CHECK(*sb.debts[1].payoff_month == 4);
  CHECK(*sb.debts[0].payoff_month == 15);
  CHECK(sb.interest == 59163);
  CHECK(av.payoff_order == std::vector<size_t>{0, 1});
  CHECK(sb.payoff_order == std::vector<size_t>{1, 0});
  // Dates: month k ends on 2026-01-31 + k months, clamped: month 1 is 2026-02-28.
  CHECK(format_date(*add_months(in.start, 1)) == "2026-02-28");
  SearchReport report;
  const StrategyOutcome best = sim.optimal(report);
  CHECK(std::string(report.method) == "exhaustive");
  CHECK(best.interest == 45803);
}

TEST_CASE("a promotional rate applies to months ending on or before promo_end_date") {
  // 1200.00 at 0 % until 2026-04-15, then 24 %; paying 100.00 from 2026-01-15. Months ending
  // 02-15, 03-15 and 04-15 are at 0 %: balances 1100, 1000, 900. Month 4 (ending 05-15):
  // 90000 * 0.24 / 12 = 1800 cents -> 90000 + 1800 - 10000 = 81800.
  DebtPlanInput in;
  in.debts = {debt("card", 120000, 0.24, 10000)};
  in.debts[0].promo_apr = 0.0;
  in.debts[0].promo_end = Date{2026, 4, 15};
  in.budget = 10000;
  in.start = {2026, 1, 15};
  StrategyOutcome p = DebtSimulator(in).avalanche(true);
  CHECK(p.schedule[2].interest[0] == 0);
  CHECK(p.schedule[2].balance[0] == 90000);
  CHECK(p.schedule[3].interest[0] == 1800);
  CHECK(p.schedule[3].balance[0] == 81800);
  // One day earlier, the promotion covers two months: month 3 (ending 04-15) is charged
  // 100000 * 0.02 = 2000.
  in.debts[0].promo_end = Date{2026, 4, 14};
  p = DebtSimulator(in).avalanche(true);
  CHECK(p.schedule[1].interest[0] == 0);
  CHECK(p.schedule[2].interest[0] == 2000);
}

TEST_CASE("avalanche is the regular-APR order; the rate-each-month rule lets a 0 % promotion wait") {
  // A: 2000.00 at 0 % for 6 months, then 30 %; B: 5000.00 at 10 %; minimums 50.00, budget
  // 400.00. Avalanche ranks by the regular APR: A first from month 1. The rate-each-month rule
  // (a candidate of optimal) ranks by the APR charged that month: B first while A's promotion
  // lasts (B gets 50 + 300), then from month 7 A at 30 % takes the 350.00 and B is back to its minimum.
  DebtPlanInput in;
  in.debts = {debt("A", 200000, 0.30, 5000), debt("B", 500000, 0.10, 5000)};
  in.debts[0].promo_apr = 0.0;
  in.debts[0].promo_end = Date{2026, 7, 1};
  in.budget = 40000;
  in.start = {2026, 1, 1};
  const DebtSimulator sim(in);
  CHECK(sim.avalanche().order == std::vector<size_t>{0, 1});
  const StrategyOutcome p = sim.run(Rule::rate_each_month, {}, true);
  CHECK(p.order == std::vector<size_t>{1, 0});
  CHECK(p.schedule[5].payment == std::vector<int64_t>{5000, 35000});  // month 6: B still gets the extra
  CHECK(p.schedule[6].payment == std::vector<int64_t>{35000, 5000});  // month 7: A at 30 % now takes it
  check_schedule(in, p);
}

TEST_CASE("with a promotion, ranking by this month's rate is not the cheapest") {
  // card 4200.00 at 22.9 % with 0 % until 2026-06-30, car 9800.00 at 6.5 %, store 650.00 at 27 %;
  // budget 900.00 from 2026-01-31. Ranking by the rate charged each month puts the car before the
  // card during the promotion; the card's 22.9 % afterwards makes that the dearer choice.
  DebtPlanInput in;
  in.debts = {debt("card", 420000, 0.229, 12000), debt("car", 980000, 0.065, 26000), debt("store", 65000, 0.27, 3500)};
  in.debts[0].promo_apr = 0.0;
  in.debts[0].promo_end = Date{2026, 6, 30};
  in.budget = 90000;
  in.start = {2026, 1, 31};
  const DebtSimulator sim(in);
  const StrategyOutcome by_rate = sim.run(Rule::rate_each_month, {});
  SearchReport report;
  const StrategyOutcome best = sim.optimal(report);
  CHECK(by_rate.order == std::vector<size_t>{2, 1, 0});
  CHECK(best.order == std::vector<size_t>{2, 0, 1});
  CHECK(by_rate.interest == 81191);
  CHECK(best.interest == 68838);
  CHECK(best.interest == sim.avalanche().interest);
}

// Single loans against the 50-digit references: for each rate and whole n, the fixture's cases
// give s = ((1+r)^n - 1) / r (pv 0, pmt 100: fv = 100 s) and g = (1+r)^n (pv 1000, pmt 450:
// fv = 1000 g + 450 s). The loan L = 100 s / g (to the cent) has PMT = 100.00 over n months.
// Interest rounded to the cent each month moves the balance by at most half a cent a month, grown
// at the loan's rate: 0.005 s at month n, plus L's own rounding grown, 0.005 g. So paying PMT
// rounded up a cent (100.01, as lenders round) must finish in exactly n months (NPER = n: the
// extra cent a month is worth 0.01 s, more than the rounding can undo) and paying 99.99 must take
// n + 1; the interest must be the exact interest at 100.01 (n * 100.01 - 0.01 s - L: the last
// payment is smaller by the 0.01 s overpaid) within that rounding bound.
TEST_CASE("single loans agree with PMT and NPER from the 50-digit references") {
  std::ifstream file(std::string(NESTEGG_FIXTURES) + "/tvm_reference.json");
  REQUIRE(file.good());
  std::stringstream ss;
  ss << file.rdbuf();
  const json cases = json::parse(ss.str());
  std::map<std::pair<double, double>, std::pair<double, double>> by_rate_n;  // fv for (0, 100), (1000, 450)
  for (const json& c : cases) {
    const double r = c["rate"], n = c["n"], pv = c["pv"];
    if (r < 0 || r * 12 > 0.3 || n != std::floor(n) || n > 360) continue;
    if (pv == 0) by_rate_n[{r, n}].first = c["fv"];
    if (pv == 1000) by_rate_n[{r, n}].second = c["fv"];
  }
  int checked = 0;
  for (const auto& [key, fv] : by_rate_n) {
    const auto [r, n] = key;
    if (fv.first == 0 || fv.second == 0) continue;
    const double s = fv.first / 100, g = (fv.second - 450 * s) / 1000;
    const double loan = std::round(100 * s / g * 100) / 100;
    INFO("monthly rate " << r << ", n " << n << ", loan " << loan);
    DebtPlanInput in;
    in.debts = {debt("loan", int64_t(std::llround(loan * 100)), r * 12, 0)};
    in.start = {2026, 1, 1};
    in.budget = 10001;
    const StrategyOutcome p = DebtSimulator(in).avalanche();
    REQUIRE(p.paid_off);
    CHECK(p.months == int64_t(n));
    const double exact_interest = n * 100.01 - 0.01 * s - loan;
    CHECK(std::abs(double(p.interest) / 100 - exact_interest) <= 0.005 * s + 0.005 * g + 1e-9);
    if (n > 1) {
      in.budget = 9999;
      CHECK(DebtSimulator(in).avalanche().months == int64_t(n) + 1);
    }
    ++checked;
  }
  CHECK(checked >= 40);
}

namespace {

struct Random {
  std::mt19937_64 engine{20261216};
  double uniform() { return double(engine() >> 11) * 0x1.0p-53; }
  int64_t between(int64_t lo, int64_t hi) { return lo + int64_t(uniform() * double(hi - lo + 1)); }
};

// n debts with minimums that cover at least their interest; budget = minimums + extra.
DebtPlanInput random_debts(Random& r, size_t n, bool promos) {
  DebtPlanInput in;
  in.start = {2026, 1, 15};
  for (size_t i = 0; i < n; ++i) {
    const int64_t balance = r.between(5000, 3000000);
    const double apr = double(r.between(0, 3000)) / 10000;  // 0 .. 30 %
    const int64_t interest = int64_t(std::round(double(balance) * apr / 12));
    const int64_t minimum = interest + r.between(100, std::max<int64_t>(200, balance / 20));
    Debt d = debt("", balance, apr, minimum);
    d.name = "d" + std::to_string(i);
    if (promos && r.uniform() < 0.4) {
      d.promo_apr = double(r.between(0, 500)) / 10000;
      d.promo_end = add_months(in.start, r.between(1, 24));
    }
    in.debts.push_back(d);
  }
  int64_t due = 0;
  for (const Debt& d : in.debts) due += d.minimum;
  in.budget = due + r.between(0, due);
  return in;
}

}  // namespace

TEST_CASE("properties over random debt sets: avalanche <= snowball, optimal <= both, schedules add up") {
  Random r;
  for (int t = 0; t < 300; ++t) {
    const size_t n = size_t(r.between(1, 8));
    const DebtPlanInput in = random_debts(r, n, false);
    INFO("case " << t << ", " << n << " debts, budget " << in.budget);
    const DebtSimulator sim(in);
    const StrategyOutcome av = sim.avalanche(true), sb = sim.snowball(true);
    SearchReport report;
    const StrategyOutcome best = sim.optimal(report, true);
    check_schedule(in, av);
    check_schedule(in, sb);
    check_schedule(in, best);
    CHECK(av.interest <= sb.interest);
    CHECK(best.interest <= av.interest);
    CHECK(best.interest <= sb.interest);
  }
}

TEST_CASE("with promotional rates the optimal order is still never worse than avalanche or snowball") {
  Random r;
  for (int t = 0; t < 200; ++t) {
    const DebtPlanInput in = random_debts(r, size_t(r.between(2, 9)), true);
    INFO("case " << t);
    const DebtSimulator sim(in);
    SearchReport report;
    const StrategyOutcome best = sim.optimal(report, true);
    check_schedule(in, best);
    CHECK(best.interest <= sim.avalanche().interest);
    CHECK(best.interest <= sim.snowball().interest);
  }
}

TEST_CASE("a larger budget never lengthens the payoff") {
  Random r;
  for (int t = 0; t < 200; ++t) {
    DebtPlanInput in = random_debts(r, size_t(r.between(1, 7)), t % 2 == 1);
    INFO("case " << t);
    const DebtSimulator sim(in);
    SearchReport rep1;
    const int64_t av = sim.avalanche().months, sb = sim.snowball().months, op = sim.optimal(rep1).months;
    const int64_t interest = sim.avalanche().interest;
    in.budget += r.between(1, 50000);
    const DebtSimulator more(in);
    SearchReport rep2;
    CHECK(more.avalanche().months <= av);
    CHECK(more.snowball().months <= sb);
    CHECK(more.optimal(rep2).months <= op);
    CHECK(more.avalanche().interest <= interest);
  }
}

TEST_CASE("the local search finds what exhaustive search finds on small cases") {
  Random r;
  int same = 0, total = 0;
  for (int t = 0; t < 150; ++t) {
    const DebtPlanInput in = random_debts(r, size_t(r.between(3, 6)), t % 2 == 1);
    const DebtSimulator sim(in);
    SearchReport exhaustive, local;
    const StrategyOutcome a = sim.optimal(exhaustive);
    const StrategyOutcome b = sim.optimal(local, false, true);
    REQUIRE(std::string(exhaustive.method) == "exhaustive");
    REQUIRE(std::string(local.method) == "local_search");
    INFO("case " << t << ": exhaustive " << a.interest << ", local search " << b.interest);
    CHECK(b.interest == a.interest);
    same += b.interest == a.interest;
    ++total;
  }
  CHECK(same == total);
}

TEST_CASE("minimums only: a minimum below the interest never pays off; negative amortisation is flagged") {
  DebtPlanInput in;
  // 10000.00 at 24 % charges 200.00 the first month; a 150.00 minimum never catches up.
  in.debts = {debt("card", 1000000, 0.24, 15000), debt("loan", 50000, 0.05, 5000)};
  in.budget = 60000;
  in.start = {2026, 1, 15};
  const DebtSimulator sim(in);
  CHECK(sim.negative_amortization() == std::vector<uint8_t>{1, 0});
  const StrategyOutcome base = sim.minimums_only();
  CHECK_FALSE(base.paid_off);
  const StrategyOutcome av = sim.avalanche(true);
  CHECK(av.paid_off);  // the budget's extra pays the card off anyway
  check_schedule(in, av);
}

TEST_CASE("20 debts: the local search stays within its work budget and beats or ties the named strategies") {
  Random r;
  const DebtPlanInput in = random_debts(r, 20, true);
  const DebtSimulator sim(in);
  SearchReport report;
  const StrategyOutcome best = sim.optimal(report, true);
  CHECK(std::string(report.method) == "local_search");
  CHECK(report.evaluations > 20);
  check_schedule(in, best);
  CHECK(best.interest <= sim.avalanche().interest);
  CHECK(best.interest <= sim.snowball().interest);
}

namespace {

json call(Engine& engine, const json& request) { return engine.call_json("debt.plan", request); }

json two_debts() {
  return json::parse(R"({"start_date": "2026-01-31", "monthly_budget": 300, "include_schedule": true,
    "debts": [{"name": "A", "balance": 3000, "apr": 0.24, "minimum_payment": 60},
              {"name": "B", "balance": 800, "apr": 0.06, "minimum_payment": 20}]})");
}

}  // namespace

TEST_CASE("debt.plan through the engine: the worked example, comparison and dates") {
  EngineConfig config;
  config.log_level = LogLevel::off;
  Engine engine(config);
  json out = call(engine, two_debts());
  INFO(out.dump());
  REQUIRE_FALSE(out.contains("error"));
  CHECK(out["strategy"] == "avalanche");
  CHECK(out["months"] == 15);
  CHECK(out["payoff_date"] == "2027-04-30");
  CHECK(out["total_interest"] == 458.03);
  CHECK(out["total_paid"] == 4258.03);
  CHECK(out["extra_payment"] == 220);
  CHECK(out["debts"][0]["payoff_date"] == "2027-02-28");
  CHECK(out["comparison"]["snowball"]["interest_saved"] == 133.6);  // 591.63 - 458.03
  CHECK(out["comparison"]["snowball"]["months_saved"] == 0);
  CHECK(out["comparison"]["avalanche"]["interest_saved"] == 0);
  CHECK(out["schedule"].size() == 15);
  CHECK(out["schedule"][0]["date"] == "2026-02-28");
  CHECK(out["schedule"][0]["balance"] == json::parse("[2780, 784]"));
  // Minimums only: A's 60.00 never gets below its interest (6000 cents a month): never paid off.
  CHECK(out["comparison"]["minimums_only"]["paid_off"] == false);
  CHECK(out["comparison"]["minimums_only"]["months_saved"].is_null());
  CHECK(out["debts"][0]["negative_amortization"] == true);
  out = call(engine, [] { json r = two_debts(); r["debts"][0]["minimum_payment"] = 90; return r; }());
  // With 90.00 on A minimums alone do finish, later and dearer than the plan.
  CHECK(out["comparison"]["minimums_only"]["paid_off"] == true);
  CHECK(out["comparison"]["minimums_only"]["months_saved"].get<int64_t>() > 0);
  CHECK(out["comparison"]["minimums_only"]["interest_saved"].get<double>() > 0);

  json custom = two_debts();
  custom["strategy"] = "custom";
  custom["order"] = {"B", "A"};
  out = call(engine, custom);
  CHECK(out["total_interest"] == 591.63);  // the snowball's order
  CHECK(out["comparison"]["custom"]["interest_saved"] == 0);
}

TEST_CASE("debt.plan errors name the field") {
  EngineConfig config;
  config.log_level = LogLevel::off;
  Engine engine(config);
  auto error_of = [&](const json& request) {
    const json out = call(engine, request);
    REQUIRE(out.contains("error"));
    return out["error"];
  };
  json r = two_debts();
  r["monthly_budget"] = 79.99;
  json e = error_of(r);
  CHECK(e["code"] == "invalid_value");
  CHECK(e["field"] == "monthly_budget");
  CHECK(e["message"] == "monthly_budget (79.99) is 0.01 below the sum of the minimum payments (80.00)");
  // Money in messages to the cent however large (%g's ten digits once gave 123456789.1).
  r["debts"][0]["balance"] = 500000000;
  r["debts"][0]["minimum_payment"] = 123456789.13;
  r["monthly_budget"] = 123456809.12;  // a cent under 123 456 789.13 + B's minimum of 20
  e = error_of(r);
  CHECK(e["field"] == "monthly_budget");
  INFO(e.dump());
  CHECK(e["message"].get<std::string>().find("is 0.01 below the sum of the minimum payments (123456809.13)") != std::string::npos);

  r = two_debts();
  r["debts"][1]["name"] = "A";
  CHECK(error_of(r)["field"] == "debts[1].name");

  r = two_debts();
  r["strategy"] = "custom";
  CHECK(error_of(r)["code"] == "missing_field");
  r["order"] = {"A", "C"};
  CHECK(error_of(r)["field"] == "order[1]");

  r = two_debts();
  r["debts"][0]["promo_apr"] = 0;
  CHECK(error_of(r)["field"] == "debts[0].promo_end_date");

  r = two_debts();
  r["debts"][0]["apr"] = 1.5;
  CHECK(error_of(r)["field"] == "debts[0].apr");

  r = two_debts();
  for (int i = 0; i < 49; ++i) r["debts"].push_back({{"balance", 10}, {"apr", 0.1}, {"minimum_payment", 1}});
  e = error_of(r);
  CHECK(e["code"] == "too_large");
  CHECK(e["field"] == "debts");

  // A budget that never outruns the interest: 10000.00 at 30 % charges 250.00 a month.
  r = json::parse(R"({"monthly_budget": 240, "debts": [{"balance": 10000, "apr": 0.3, "minimum_payment": 0}]})");
  e = error_of(r);
  CHECK(e["code"] == "invalid_value");
  CHECK(e["field"] == "monthly_budget");
}

TEST_CASE("debt.plan flags a minimum below the interest as a warning and per debt") {
  EngineConfig config;
  config.log_level = LogLevel::off;
  Engine engine(config);
  const json out = call(engine, json::parse(R"({"start_date": "2026-01-15", "monthly_budget": 600,
    "debts": [{"name": "card", "balance": 10000, "apr": 0.24, "minimum_payment": 150},
              {"name": "loan", "balance": 500, "apr": 0.05, "minimum_payment": 50}]})"));
  INFO(out.dump());
  REQUIRE_FALSE(out.contains("error"));
  CHECK(out["debts"][0]["negative_amortization"] == true);
  CHECK(out["debts"][1]["negative_amortization"] == false);
  CHECK(out["comparison"]["minimums_only"]["paid_off"] == false);
  CHECK(out["comparison"]["minimums_only"]["total_interest"].is_null());
  REQUIRE(out.contains("warnings"));
  CHECK(out["warnings"][0]["code"] == "negative_amortization");
  CHECK(out["warnings"][0]["field"] == "debts[0].minimum_payment");
}

TEST_CASE("README's worked debt.plan example") {
  EngineConfig config;
  config.log_level = LogLevel::off;
  Engine engine(config);
  const json out = call(engine, json::parse(R"({"start_date": "2026-01-31", "monthly_budget": 900, "strategy": "avalanche",
    "debts": [{"name": "card", "balance": 4200, "apr": 0.229, "minimum_payment": 120, "promo_apr": 0, "promo_end_date": "2026-09-30"},
              {"name": "car", "balance": 9800, "apr": 0.065, "minimum_payment": 260},
              {"name": "store", "balance": 1650, "apr": 0.27, "minimum_payment": 45},
              {"name": "dentist", "balance": 900, "apr": 0, "minimum_payment": 50}]})"));
  INFO(out.dump());
  CHECK(out["months"] == 20);
  CHECK(out["payoff_date"] == "2027-09-30");
  CHECK(out["total_interest"] == 825.59);
  CHECK(out["order"] == json::parse(R"(["store", "card", "car", "dentist"])"));
  CHECK(out["debts"][2]["payoff_date"] == "2026-05-31");
  CHECK(out["debts"][0]["payoff_date"] == "2026-12-31");
  CHECK(out["comparison"]["snowball"]["total_interest"] == 928.89);
  CHECK(out["comparison"]["snowball"]["interest_saved"] == 103.3);
  CHECK(out["comparison"]["minimums_only"]["months"] == 79);
  CHECK(out["comparison"]["minimums_only"]["total_interest"] == 4423.49);
  CHECK(out["comparison"]["minimums_only"]["months_saved"] == 59);
}

TEST_CASE("debt.plan near 9999-12-31: a compared plan that would pass the calendar is refused, never paid off without a date") {
  EngineConfig config;
  config.log_level = LogLevel::off;
  Engine engine(config);
  // The chosen plan (20 months) ends in 9999; minimums only (109 months) would not.
  const json out = call(engine, json::parse(R"({"start_date": "9998-01-31", "monthly_budget": 300,
    "debts": [{"name": "card", "balance": 5000, "apr": 0.2, "minimum_payment": 100}]})"));
  INFO(out.dump());
  REQUIRE(out.contains("error"));
  CHECK(out["error"]["code"] == "out_of_range");
  CHECK(out["error"]["field"] == "start_date");
  // Minimums that never pay off leave nothing to date: the plan is answered.
  const json ok = call(engine, json::parse(R"({"start_date": "9998-01-31", "monthly_budget": 600,
    "debts": [{"name": "card", "balance": 5000, "apr": 0.3, "minimum_payment": 100}]})"));
  INFO(ok.dump());
  REQUIRE_FALSE(ok.contains("error"));
  CHECK(ok["comparison"]["minimums_only"]["paid_off"] == false);
}

TEST_CASE("negative amortisation: the flag agrees with minimums only when a promotion covers the minimum") {
  EngineConfig config;
  config.log_level = LogLevel::off;
  Engine engine(config);
  // 1000.00 at 0 % for five years on a 20.00 minimum: paid off in month 50, inside the promotion.
  const json covered = call(engine, json::parse(R"({"start_date": "2026-01-31", "monthly_budget": 20,
    "debts": [{"name": "card", "balance": 1000, "apr": 0.3, "minimum_payment": 20, "promo_apr": 0, "promo_end_date": "2031-01-31"}]})"));
  INFO(covered.dump());
  REQUIRE_FALSE(covered.contains("error"));
  CHECK(covered["debts"][0]["negative_amortization"] == false);
  CHECK_FALSE(covered.contains("warnings"));
  CHECK(covered["comparison"]["minimums_only"]["paid_off"] == true);
  CHECK(covered["comparison"]["minimums_only"]["months"] == 50);
  // A promotion that ends first: 900.00 left after five months, 22.50 of interest a month at 30 %
  // against the 20.00 minimum: never paid off on minimums; flagged, and minimums only agrees.
  const json ends = call(engine, json::parse(R"({"start_date": "2026-01-31", "monthly_budget": 100,
    "debts": [{"name": "card", "balance": 1000, "apr": 0.3, "minimum_payment": 20, "promo_apr": 0, "promo_end_date": "2026-06-30"}]})"));
  INFO(ends.dump());
  REQUIRE_FALSE(ends.contains("error"));
  CHECK(ends["debts"][0]["negative_amortization"] == true);
  REQUIRE(ends.contains("warnings"));
  CHECK(ends["warnings"][0]["code"] == "negative_amortization");
  CHECK(ends["comparison"]["minimums_only"]["paid_off"] == false);
}

TEST_CASE("property: a debt is flagged negative_amortization exactly when minimums only never pays it off") {
  std::mt19937_64 rng(20260131);
  std::uniform_int_distribution<int64_t> balance(1, 500000), minimum(0, 5000), promo(0, 40);
  std::uniform_real_distribution<double> apr(0, 0.35);
  for (int t = 0; t < 300; ++t) {
    DebtPlanInput in;
    Debt d = debt("d", balance(rng), apr(rng), minimum(rng));
    if (t % 2) {
      d.promo_apr = 0;
      d.promo_end = add_months(Date{2026, 1, 31}, promo(rng));
    }
    in.debts = {d};
    in.budget = d.minimum;
    in.start = {2026, 1, 31};
    const DebtSimulator sim(in);
    const StrategyOutcome base = sim.minimums_only();
    INFO("balance " << d.balance << " apr " << d.apr << " minimum " << d.minimum);
    if (sim.negative_amortization()[0]) CHECK_FALSE(base.paid_off);
    if (base.paid_off) CHECK_FALSE(sim.negative_amortization()[0]);
  }
}

TEST_CASE("debt.plan order: a debt left out or a name too many is named, invalid_value as documented") {
  EngineConfig config;
  config.log_level = LogLevel::off;
  Engine engine(config);
  json r = json::parse(R"({"start_date": "2026-01-31", "monthly_budget": 900, "strategy": "custom",
    "debts": [{"name": "card", "balance": 4200, "apr": 0.229, "minimum_payment": 120},
              {"name": "car", "balance": 9800, "apr": 0.065, "minimum_payment": 260},
              {"name": "store", "balance": 0, "apr": 0.27, "minimum_payment": 45}]})");
  r["order"] = json::parse(R"(["car", "card"])");  // store (zero balance) left out
  json out = call(engine, r);
  INFO(out.dump());
  CHECK(out["error"]["code"] == "invalid_value");
  CHECK(out["error"]["field"] == "order");
  CHECK(out["error"]["message"].get<std::string>().find("\"store\"") != std::string::npos);
  r["order"] = json::parse(R"(["car", "card", "store", "boat"])");
  out = call(engine, r);
  INFO(out.dump());
  CHECK(out["error"]["code"] == "invalid_value");
  CHECK(out["error"]["field"] == "order[3]");
  CHECK(out["error"]["message"].get<std::string>().find("\"boat\"") != std::string::npos);
  r["order"] = json::parse(R"(["car", "card", "store"])");
  CHECK_FALSE(call(engine, r).contains("error"));
}

TEST_CASE("a promotional APR above the regular one is taken as given, with a warning") {
  EngineConfig config;
  config.log_level = LogLevel::off;
  Engine engine(config);
  const json out = call(engine, json::parse(R"({"start_date": "2026-01-31", "monthly_budget": 200,
    "debts": [{"name": "card", "balance": 1000, "apr": 0.1, "minimum_payment": 50, "promo_apr": 0.25, "promo_end_date": "2026-06-30"}]})"));
  INFO(out.dump());
  REQUIRE_FALSE(out.contains("error"));
  REQUIRE(out.contains("warnings"));
  CHECK(out["warnings"][0]["code"] == "promo_above_apr");
  CHECK(out["warnings"][0]["field"] == "debts[0].promo_apr");
}

TEST_CASE("debt.plan custom with every balance at 0 is paid off in 0 months; an order beside another strategy is compared as custom") {
  EngineConfig config;
  config.log_level = LogLevel::off;
  Engine engine(config);
  // Nothing is owed: every plan, the custom one too, is done before it starts (month 0).
  json r = json::parse(R"({"start_date": "2026-01-15", "monthly_budget": 100, "strategy": "custom", "order": ["card"],
    "debts": [{"name": "card", "balance": 0, "apr": 0.2, "minimum_payment": 25}]})");
  json out = call(engine, r);
  INFO(out.dump());
  REQUIRE_FALSE(out.contains("error"));
  CHECK(out["months"] == 0);
  CHECK(out["comparison"]["custom"]["paid_off"] == true);
  CHECK(out["comparison"]["custom"]["months"] == 0);
  // The order given with optimal: compared as custom, whether or not anything is owed.
  r["strategy"] = "optimal";
  out = call(engine, r);
  INFO(out.dump());
  CHECK(out["comparison"].contains("custom"));
  // One zero, one owing: the loan, 100.00 at 5 % with a 25 minimum on a 50 budget, in cents:
  // month 1 10000 + 42 (41.67) - 5000 = 5042; month 2 5042 + 21 (21.01) - 5000 = 63; month 3
  // 63 + 0 (0.26) = 63, paid: 3 months, 0.63 of interest.
  r = json::parse(R"({"start_date": "2026-01-15", "monthly_budget": 50, "strategy": "custom", "order": ["card", "loan"],
    "debts": [{"name": "card", "balance": 0, "apr": 0.2, "minimum_payment": 25},
              {"name": "loan", "balance": 100, "apr": 0.05, "minimum_payment": 25}]})");
  out = call(engine, r);
  INFO(out.dump());
  CHECK(out["months"] == 3);
  CHECK(out["total_interest"] == 0.63);
}

TEST_CASE("debt.plan extra_payment is the budget beyond the minimums; month 1's pool adds what a small debt leaves of its minimum") {
  // a owes 10.00 at 20 % (minimum 100), b 1000.00 at 10 % (minimum 50), budget 300.
  // minimum_payments 150 (both have a balance), extra_payment 300 - 150 = 150.
  // Month 1: a is charged round(1000 * 0.2 / 12 = 16.67) = 17 cents and paid its whole 10.17, less
  // than its minimum; b gets its 50 and the pool 300 - 10.17 - 50 = 239.83: 289.83 in all.
  EngineConfig config;
  config.log_level = LogLevel::off;
  Engine engine(config);
  const json out = call(engine, json::parse(R"({"start_date": "2026-01-31", "monthly_budget": 300, "include_schedule": true,
    "debts": [{"name": "a", "balance": 10, "apr": 0.2, "minimum_payment": 100},
              {"name": "b", "balance": 1000, "apr": 0.1, "minimum_payment": 50}]})"));
  INFO(out.dump());
  CHECK(out["minimum_payments"] == 150);
  CHECK(out["extra_payment"] == 150);
  CHECK(out["schedule"][0]["payment"] == json::parse("[10.17, 289.83]"));
}
