// SPDX-License-Identifier: MIT
// The one reader of monthly series: a single series (forecast.expenses' "series"), a category ->
// series object (forecast.expenses' "categories", forecast.cashflow's "spending",
// insights.trends' and insights.nudges' "categories"), and the month the series end at
// ("last_month"). Numbers oldest first, null for a missing month, each array bounded by 1 200
// values and limits.max_array_items. A series of numbers alone, all within kSeriesValue, is read
// packed (json_reader.hpp) by the methods whose rows of the method table list these fields.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "call_context.hpp"
#include "civil_date.hpp"
#include "money.hpp"
#include "request.hpp"

namespace nestegg {

inline constexpr size_t kMaxSeriesLength = 1200;  // a century of months
inline constexpr size_t kMaxCategories = 64;
inline constexpr size_t kMaxCategoryName = 100;  // characters

// A monthly series' values: numbers within +-1e12 (kMaxAmount).
inline constexpr Range kSeriesValue{-kMaxAmount, kMaxAmount};

// The packed fields (json_reader.hpp) of the methods that read monthly series, one list per set of
// field names.
extern const PackedField kSeriesOrCategoriesPacked[];  // "series", "categories.*"
extern const PackedField kCategoriesPacked[];          // "categories.*"
extern const PackedField kSpendingPacked[];            // "spending.*"

// One series, at `path` of the request (as the reader names it: what it packed there is taken);
// NaN for null. Refuses a non-array, an empty array and one over the limit (before reading its
// items), and any item that is not a number within kSeriesValue.
std::vector<double> read_series(const nlohmann::json& v, const std::string& path, const CallContext& ctx);

// Checks that `cats` is an object of at most 64 entries, each named by 1 to 100 characters.
void check_categories(const nlohmann::json& cats, const char* name);

// Category -> monthly series: each(name, values, path) per entry, in the object's order.
template <typename Each>
void for_each_category(const nlohmann::json& cats, const char* name, const CallContext& ctx, Each each) {
  check_categories(cats, name);
  for (auto it = cats.begin(); it != cats.end(); ++it) {
    const std::string path = std::string(name) + "." + it.key();
    each(it.key(), read_series(it.value(), path, ctx), path);
  }
}

struct MonthlyCategories {
  Date last_month;  // the month of every series' last value (day 1)
  std::vector<std::pair<std::string, std::vector<double>>> series;
};

// "categories" (required, at least one) and "last_month" ("YYYY-MM", required): each series ends
// at last_month, so the longest one must not start before 1900-01.
MonthlyCategories read_monthly_categories(const Fields& f, const CallContext& ctx);

}  // namespace nestegg
