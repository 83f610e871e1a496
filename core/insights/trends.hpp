// SPDX-License-Identifier: MIT
// Monthly spending trends per category: month-over-month and year-over-year change, a rolling
// mean, the Theil-Sen slope with its rank interval (is the rise real or noise?), the seasonally
// adjusted month-over-month change where two years of history exist, and the top movers.
// Spending is money out as positive numbers, one value per calendar month, oldest first, NaN for
// a month with no figure; every series ends at the same month. The slope is the raw series': a
// strong season reads as autocorrelated noise and widens its interval (README "Limitation: strong
// seasons"); the seasonally adjusted change is the answer for those.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "theil_sen.hpp"

namespace nestegg {

struct MonthlySeries {
  std::string name;
  std::vector<double> values;  // oldest first, NaN = missing
};

struct TrendsInput {
  std::vector<MonthlySeries> categories;
  int window = 3;                     // months in the rolling mean
  std::vector<double> levels{80, 95};  // slope interval levels, percent
  size_t top = 5;                     // top movers reported
};

// A change against a base month: nullopt where either month is missing; fraction nullopt where
// the base is 0 (no relative change from nothing).
struct Change {
  double amount = 0;
  std::optional<double> fraction;
};

enum class Direction { rising, falling, flat };
const char* direction_name(Direction d);

struct SlopeTrend {
  TheilSen fit;                         // slope per month, intervals, Mann-Kendall p-value
  Direction direction = Direction::flat;  // decided at the highest level asked
  double decided_at = 0;                // that level, percent
};

// Classical additive decomposition (see trends.cpp for why): the last month's change with the
// seasonal part taken out.
struct SeasonalChange {
  double change = 0;                  // adjusted month-over-month change
  std::optional<double> fraction;     // over the previous month's adjusted value
  double seasonal = 0;                // seasonal part of the raw change: s[last] - s[previous]
};

struct CategoryTrend {
  std::string name;
  size_t months = 0;                  // length of the series (missing months included)
  std::optional<double> last;         // the last month's amount
  std::optional<Change> month_over_month;
  std::optional<Change> year_over_year;
  std::vector<double> rolling_mean;   // NaN where the window is not yet full or holds no value
  std::optional<SlopeTrend> slope;    // nullopt with fewer than 3 months of values
  std::optional<SeasonalChange> seasonally_adjusted;  // nullopt under 24 months or on gaps
};

struct Mover {
  std::string name;
  Change change;  // month over month
};

struct TrendsResult {
  std::vector<CategoryTrend> categories;  // in input order
  CategoryTrend total;                    // the sum over the months every category covers
  std::vector<Mover> top_movers;          // largest |month-over-month change| first
};

// The months of history the seasonal adjustment needs: two full years, so that the centred
// 12-month moving average leaves at least one detrended value for every calendar month.
inline constexpr size_t kSeasonalMinMonths = 24;

CategoryTrend analyse_series(const std::string& name, const std::vector<double>& y, const TrendsInput& in);
TrendsResult analyse_trends(const TrendsInput& in);

}  // namespace nestegg
