// SPDX-License-Identifier: MIT
// From a household's monthly history to a regression design: which numbers describe a month.
//
// Feature tokens (the `features` option of savings.train):
//   trend                 months since the first history month
//   season                sin and cos of the month of year (a smooth yearly cycle, 2 columns)
//   month_of_year         11 indicator columns (February..December; January is the baseline)
//   lag_K                 the target K months earlier (K = 1..24); needs consecutive months
//   income, expenses      the month's own income / expenses (future rows must give them)
//   expense_ratio_lag_1   last month's expenses / income
//   category:NAME         the month's spending in category NAME (absent = 0)
//   x:NAME                a caller-supplied number (required in every row)
// Target: savings (income - expenses, default), income, expenses or category:NAME.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "civil_date.hpp"

namespace nestegg {

struct MonthRow {
  Date month;
  std::optional<double> income;
  std::optional<double> expenses;
  std::map<std::string, double> categories;
  std::map<std::string, double> extra;  // x:NAME features
  std::optional<double> actual;         // an explicit target value (evaluation rows)
};

struct FeatureSpec {
  std::string target = "savings";
  std::vector<std::string> tokens{"trend", "season", "lag_1"};
  int max_lag() const;
  bool uses_lags() const { return max_lag() > 0; }
};

// Throws NesteggError (field "features") for an unknown token.
void validate_features(const FeatureSpec& spec);
std::vector<std::string> column_names(const FeatureSpec& spec);

// The target of a row, or nullopt when the row lacks what the target needs.
std::optional<double> target_of(const MonthRow& row, const std::string& target);

// What the features of a month need to know about the months before it.
struct FeatureState {
  Date origin;                      // first history month: trend 0
  std::vector<double> recent;       // the target of the last max_lag months, oldest first
  std::optional<Date> last_month;   // the month `recent` ends with
  std::optional<double> last_income, last_expenses;
};

// Fills `out` with the columns of `row`. `where` names the row in errors ("history[4]").
void month_features(const FeatureSpec& spec, const MonthRow& row, const FeatureState& state, const std::string& where,
                    std::vector<double>& out);
// Moves the state past `row`, whose target is `value`.
void advance_state(const FeatureSpec& spec, FeatureState& state, const MonthRow& row, double value);

struct Design {
  std::vector<double> X;  // row-major
  std::vector<double> y;
  int64_t rows = 0, cols = 0;
  std::vector<Date> months;
  FeatureState state;     // after the last history row: where prediction starts
};

// Training rows: history must be in strictly increasing months (consecutive when lags are used);
// the first max_lag months only seed the lags.
Design build_design(const FeatureSpec& spec, const std::vector<MonthRow>& history);

}  // namespace nestegg
