// SPDX-License-Identifier: MIT
// The one reader of monthly series: a single series (forecast.expenses' "series"), a category ->
// series object (forecast.expenses' "categories", forecast.cashflow's "spending",
// insights.trends' "categories"), and the month the series end at ("last_month"). Numbers oldest
// first, null for a missing month, each array bounded by 1 200 values and limits.max_array_items.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "call_context.hpp"
#include "civil_date.hpp"
#include "request.hpp"

namespace nestegg {

inline constexpr size_t kMaxSeriesLength = 1200;  // a century of months
inline constexpr size_t kMaxCategories = 64;
inline constexpr size_t kMaxCategoryName = 100;  // characters

// One series; NaN for null. Refuses a non-array, an empty array and one over the limit (before
// reading its items), and any item that is not a number within +-1e12.
std::vector<double> read_series(const nlohmann::json& v, const std::string& path, const Limits& limits);

// Checks that `cats` is an object of at most 64 entries, each named by 1 to 100 characters.
void check_categories(const nlohmann::json& cats, const char* name);

// Category -> monthly series: each(name, values, path) per entry, in the object's order.
template <typename Each>
void for_each_category(const nlohmann::json& cats, const char* name, const Limits& limits, Each each) {
  check_categories(cats, name);
  for (auto it = cats.begin(); it != cats.end(); ++it) {
    const std::string path = std::string(name) + "." + it.key();
    each(it.key(), read_series(it.value(), path, limits), path);
  }
}

struct MonthlyCategories {
  Date last_month;  // the month of every series' last value (day 1)
  std::vector<std::pair<std::string, std::vector<double>>> series;
};

// "categories" (required, at least one) and "last_month" ("YYYY-MM", required): each series ends
// at last_month, so the longest one must not start before 1900-01.
MonthlyCategories read_monthly_categories(const Fields& f, const Limits& limits);

}  // namespace nestegg
