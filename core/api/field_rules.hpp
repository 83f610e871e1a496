// SPDX-License-Identifier: MIT
// Rules that several methods' fields share, written once: money and rate ranges, the order of two
// dates, and the one convention for interval levels and percentiles on the wire (README
// "Conventions"):
//   - interval levels are percents in the request field "level" (1 to 6 of them in [0.5, 99.9],
//     default [80, 95]; savings.predict also takes [] for point predictions alone); a response gives each interval as "lower" and "upper" objects keyed by the
//     level as written here ("80", "95", "99.5"), each holding what the point value holds;
//   - percentiles are percents in the request field "percentiles"; a response gives them as an
//     object "percentiles" keyed the same way ("10", "50", "90"), numpy's linear interpolation.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "json_writer.hpp"
#include "money.hpp"
#include "request.hpp"

namespace nestegg {

inline constexpr Range kAmount{0, kMaxAmount};                 // money: 0 .. 1e12
inline constexpr Range kSignedAmount{-kMaxAmount, kMaxAmount};  // money that may be negative
inline constexpr Range kRate{-0.99, 1};                        // annual rates as fractions

// The "level" field: interval levels in percent. `may_be_empty`: a method whose point answer stands
// on its own (savings.predict) also takes [] for no intervals at all.
std::vector<double> read_levels(const Fields& f, bool may_be_empty = false);
// "80", "95", "99.5": the key of a level or a percentile in a response.
std::string percent_key(double percent);
// {"<percent>": value, ...} for parallel lists of percents and values (money rounded to the cent).
void write_keyed_by_percent(JsonWriter& out, const std::vector<double>& percents, const std::vector<double>& values,
                            bool money);

// Throws date_order on `later_field` unless earlier < later (strictly, or earlier <= later when
// `may_equal`). `what` names the earlier date in the message ("start_date").
void require_order(const Date& earlier, const Date& later, const std::string& later_field, const char* what,
                   bool may_equal = false);

}  // namespace nestegg
