// SPDX-License-Identifier: MIT
#include "monthly_reader.hpp"

#include <algorithm>
#include <limits>

#include "error.hpp"
#include "money.hpp"

namespace nestegg {

using nlohmann::json;

const PackedField kSeriesOrCategoriesPacked[] = {{"series", false, kSeriesValue.lo, kSeriesValue.hi},
                                                 {"categories.*", false, kSeriesValue.lo, kSeriesValue.hi},
                                                 {nullptr, false, 0, 0}};
const PackedField kCategoriesPacked[] = {{"categories.*", false, kSeriesValue.lo, kSeriesValue.hi}, {nullptr, false, 0, 0}};
const PackedField kSpendingPacked[] = {{"spending.*", false, kSeriesValue.lo, kSeriesValue.hi}, {nullptr, false, 0, 0}};

std::vector<double> read_series(const json& v, const std::string& path, const CallContext& ctx) {
  const size_t max_len = std::min(kMaxSeriesLength, size_t(ctx.limits.max_array_items));
  auto refuse_length = [&](size_t n) { fail_at(code::too_large, path, " must have at most %zu values, got %zu", max_len, n); };
  if (const Attachment* packed = packed_at(ctx, path)) {  // numbers in range, at least one: checked as read
    if (packed->values.size() > max_len) refuse_length(packed->values.size());
    return packed->values;
  }
  if (!v.is_array())
    fail_at(code::wrong_type, path, " must be an array of numbers (null for a missing month), got %s", describe(v));
  if (v.empty()) fail_at(code::insufficient_data, path, " must have at least one value");
  if (v.size() > max_len) refuse_length(v.size());
  std::vector<double> y(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    y[i] = v[i].is_null() ? std::numeric_limits<double>::quiet_NaN() : checked_item(v, i, path, kSeriesValue);
  }
  return y;
}

void check_categories(const json& cats, const char* name) {
  if (!cats.is_object())
    fail_at(code::wrong_type, name, " must be an object of name -> array of numbers, got %s", describe(cats));
  if (cats.size() > kMaxCategories) fail_at(code::too_large, name, " must have at most %zu entries", kMaxCategories);
  // Names come back in answers (ids, messages, nudge subjects): bounded so a small request cannot
  // ask for a huge answer. Characters counted as code points, as every text limit is.
  for (auto it = cats.begin(); it != cats.end(); ++it) {
    size_t chars = 0;
    for (char c : it.key()) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (chars < 1 || chars > kMaxCategoryName)
      fail_at(code::out_of_range, name, " names must be 1 to %zu characters", kMaxCategoryName);
  }
}

MonthlyCategories read_monthly_categories(const Fields& f, const CallContext& ctx) {
  MonthlyCategories out;
  const std::string text = f.text("last_month", 1, 32);
  const auto month = parse_month(text);
  if (!month) fail(code::invalid_date, "last_month", "last_month must be a real month YYYY-MM");
  out.last_month = *month;
  for_each_category(f.value("categories"), "categories", ctx,
                    [&](const std::string& name, std::vector<double> y, const std::string& path) {
                      if (!add_months(out.last_month, -int64_t(y.size() - 1)))
                        fail_at(code::out_of_range, path, " has %zu months ending at %.*s: it would start before 1900-01",
                                y.size(), int(text.size()), text.data());
                      out.series.emplace_back(name, std::move(y));
                    });
  if (out.series.empty()) fail(code::insufficient_data, "categories", "categories must name at least one category");
  return out;
}

}  // namespace nestegg
