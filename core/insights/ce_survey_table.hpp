// SPDX-License-Identifier: MIT
// The peer table: U.S. Bureau of Labor Statistics, Consumer Expenditure Surveys, 2023 -- annual
// means per consumer unit (CU) by age of the reference person (Table 1300), by quintile of income
// before taxes (Table 1101) and for all CUs. Compiled in from core/insights/data/ce_survey_2023.json
// by core/insights/data/make_ce_table.py (the .cpp is generated; edit the JSON and rerun), so the
// engine reads no file at run time and the .wasm carries a few hundred bytes of numbers, not the
// 24 KB JSON with its provenance notes. Sources, licence (public domain) and caveats:
// core/insights/data/README.md.
#pragma once
#include <cstddef>

namespace nestegg {

inline constexpr int kCeYear = 2023;
inline constexpr size_t kCeCategories = 6;
// The six CE categories shipped, in this order: food, housing, transportation, healthcare,
// entertainment, personal_insurance_and_pensions.
extern const char* const kCeCategoryNames[kCeCategories];

enum class CeDimension { all, age, income_quintile };

// One column of the CE tables. Money: nominal 2023 U.S. dollars per CU per year. A value BLS
// publishes but the shipped copy lacks (the quintiles' category means) is kCeMissing.
inline constexpr double kCeMissing = -1;
struct CeGroup {
  CeDimension dimension;
  const char* id;     // "all", "under_25", "25_34", ..., "lowest_20", ..., "highest_20"
  const char* label;  // as BLS labels the column
  int age_lo, age_hi;  // age groups: the ages covered, inclusive (75+: 75..200); else 0, 0
  int quintile;        // income quintiles: 1 (lowest) .. 5; else 0
  double consumer_units_thousands;
  double income_before_taxes, income_after_taxes, expenditures;
  double persons_per_consumer_unit;
  double category_mean[kCeCategories];
  double category_share_pct[kCeCategories];  // percent of the group's average annual expenditures
  const char* source;  // the table it comes from
};

extern const CeGroup kCeGroups[];
extern const size_t kCeGroupCount;

}  // namespace nestegg
