// SPDX-License-Identifier: MIT
#include "field_rules.hpp"

#include "error.hpp"
#include "format_number.hpp"

namespace nestegg {

std::vector<double> read_levels(const Fields& f, bool may_be_empty) {
  return f.has("level") ? f.numbers("level", may_be_empty ? 0 : 1, 6, Range{0.5, 99.9}) : std::vector<double>{80, 95};
}

// What JavaScript's String() gives the number asked for ("66.66666666666667" for 200 / 3, "1e-7"):
// the fewest digits that read back as it, so two levels never share a key.
std::string percent_key(double percent) { return format_js(percent); }

void write_keyed_by_percent(JsonWriter& out, const std::vector<double>& percents, const std::vector<double>& values,
                            bool money) {
  out.begin_object();  // "10" < "5" < "50" < "90": the writer puts the keys in order
  for (size_t i = 0; i < values.size(); ++i) {
    out.key(percent_key(percents[i]));
    money ? out.cents(values[i]) : out.number(values[i]);
  }
  out.end_object();
}

void require_order(const Date& earlier, const Date& later, const std::string& later_field, const char* what,
                   bool may_equal) {
  if (earlier < later || (may_equal && !(later < earlier))) return;
  const std::string date = format_date(earlier);
  fail_at(code::date_order, later_field, "%s%s (%.*s)", may_equal ? " must not be before " : " must be after ", what,
          int(date.size()), date.data());
}

}  // namespace nestegg
