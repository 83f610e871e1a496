// SPDX-License-Identifier: MIT
// Cash-flow projection: a starting balance, recurring incomes and bills on their calendar dates,
// and variable spending per category forecast from its own monthly history. Spending paths are
// simulated from each category's ETS model (so a bad month tends to be followed by another, as
// the model says), spread evenly over the days of their month, and give daily balance bands, the
// first date the expected balance falls below a threshold and the probability that it does.
//
// Dates: the projection covers start_date (day one, balance at the end of that day) up to but not
// including the same day `months` later. The last value of each spending history is the month
// before start_date's month; a start in mid-month spends that month's share for the days left.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "civil_date.hpp"

namespace nestegg {

enum class Cadence { weekly, biweekly, monthly, annual };

struct Recurring {
  std::string name;
  double amount = 0;
  Cadence cadence = Cadence::monthly;
  Date first;               // first occurrence (weekly, biweekly, annual); monthly: from this date on
  int day = 1;              // monthly: day of month, clamped to the month's last day
  std::optional<Date> end;  // last possible date (inclusive)
};

struct SpendingHistory {
  std::string category;
  std::vector<double> monthly;  // oldest first, NaN = missing
};

struct CashflowInput {
  Date start;
  double starting_balance = 0;
  int months = 6;
  std::vector<Recurring> incomes, bills;
  std::vector<SpendingHistory> spending;
  int period = 12;
  std::vector<double> levels{80, 95};
  double threshold = 0;
  int paths = 2000;
  uint64_t seed = 42;
};

struct Band {
  std::vector<double> lower, upper;  // one value per day or month
};

struct CategoryProjection {
  std::string category, model;
  std::vector<double> forecast;  // expected spending per calendar month of the window
};

struct CashflowResult {
  std::vector<Date> days;
  std::vector<double> expected;  // mean balance at the end of each day
  std::vector<Band> daily_bands;  // per level
  std::vector<Date> months;       // first day of each calendar month touched
  std::vector<double> month_income, month_bills, month_spending, month_end_expected;
  std::vector<Band> month_end_bands;
  std::optional<Date> first_below;  // first day the expected balance is below the threshold
  std::optional<Date> first_below_median;
  double probability_below = 0;  // share of simulated paths that go below the threshold at some day
  std::vector<CategoryProjection> categories;
  std::vector<std::string> warnings;
};

CashflowResult project_cashflow(const CashflowInput& in);

// Dates on which a recurring item falls within [from, to).
std::vector<Date> occurrences(const Recurring& r, const Date& from, const Date& to);

}  // namespace nestegg
