// SPDX-License-Identifier: MIT
#include "trends_handlers.hpp"

#include <optional>
#include <string>
#include <vector>

#include "error.hpp"
#include "field_rules.hpp"
#include "monthly_reader.hpp"
#include "request.hpp"
#include "trends.hpp"

namespace nestegg {

using nlohmann::json;

namespace {

void write(JsonWriter& w, const std::optional<Change>& c) {
  if (!c) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("change").cents(c->amount);
  w.key("fraction").number(c->fraction);
  w.end_object();
}

// {"80": -12.5, "95": null}: one bound of the slope's interval per level, null where the data
// cannot bound it ("5" < "50" < "80": the writer puts the keys in order).
void write_bounds(JsonWriter& w, const std::vector<SlopeInterval>& intervals,
                  std::optional<double> SlopeInterval::*bound) {
  w.begin_object();
  for (const SlopeInterval& iv : intervals) w.key(percent_key(iv.level)).cents(iv.*bound);
  w.end_object();
}

void write(JsonWriter& w, const std::optional<SlopeTrend>& s) {
  if (!s) {
    w.null();
    return;
  }
  const TheilSen& fit = s->fit;
  w.begin_object();
  w.key("autocorrelation").number(fit.lag1);
  w.key("decided_at").number(s->decided_at);
  w.key("direction").string(direction_name(s->direction));
  write_bounds(w.key("lower"), fit.intervals, &SlopeInterval::lower);
  w.key("p_value").number(fit.p_value);
  w.key("per_month").cents(fit.slope);
  w.key("points").integer(int64_t(fit.points));
  write_bounds(w.key("upper"), fit.intervals, &SlopeInterval::upper);
  w.key("variance_factor").number(fit.variance_factor);
  w.end_object();
}

void write(JsonWriter& w, const std::optional<SeasonalChange>& s) {
  if (!s) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("change").cents(s->change);
  w.key("fraction").number(s->fraction);
  w.key("seasonal").cents(s->seasonal);
  w.end_object();
}

// `id`: "trend:<category>" for a category, "trend_total" for the total (a category may be called
// "total": the two never share an id).
void write(JsonWriter& w, const CategoryTrend& c, const Date& last_month, const std::string& id) {
  w.begin_object();
  w.key("first_month").string(format_month(*add_months(last_month, -int64_t(c.months - 1))));
  w.key("id").string(id);
  w.key("last").cents(c.last);
  write(w.key("month_over_month"), c.month_over_month);
  w.key("months").integer(int64_t(c.months));
  w.key("rolling_mean").begin_array();
  for (double v : c.rolling_mean) w.cents(v);  // NaN (the window not yet full): null
  w.end_array();
  write(w.key("seasonally_adjusted"), c.seasonally_adjusted);
  write(w.key("slope"), c.slope);
  write(w.key("year_over_year"), c.year_over_year);
  w.end_object();
}

}  // namespace

// Theil-Sen's work is its pairs of months, n (n - 1) / 2 per series: 64 series of 1 200 months
// are 46 million pairs, about 2 s in wasm on this machine class. Refused before any work above
// limits.max_trend_pairs (default 12 million: 64 x 612 months, or 5 centuries of months).
static void refuse_over_pair_limit(const MonthlyCategories& m, const Limits& limits) {
  double pairs = 0;
  for (const auto& s : m.series) pairs += double(s.second.size()) * double(s.second.size() - 1) / 2;
  if (pairs > double(limits.max_trend_pairs))
    fail(code::too_large, "categories",
         "categories hold %lld pairs of months for the slopes, over limits.max_trend_pairs of %lld (n (n - 1) / 2 per "
         "category)",
         static_cast<long long>(pairs), static_cast<long long>(limits.max_trend_pairs));
}

void insights_trends(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  TrendsInput in;
  in.window = int(f.integer_or("window", 3, 1, 24));
  in.levels = read_levels(f);
  in.top = size_t(f.integer_or("top", 5, 0, int64_t(kMaxCategories)));
  MonthlyCategories m = read_monthly_categories(f, ctx);
  refuse_over_pair_limit(m, ctx.limits);
  warn_unread(f, ctx);
  for (auto& [name, values] : m.series) in.categories.push_back({name, std::move(values)});

  const TrendsResult r = analyse_trends(in);
  w.key("categories").begin_object();  // by name: the writer puts them in order
  for (const CategoryTrend& c : r.categories) {
    write(w.key(c.name), c, m.last_month, "trend:" + c.name);
  }
  w.end_object();
  w.key("last_month").string(format_month(m.last_month));
  w.key("level").begin_array();
  for (double level : in.levels) w.number(level);
  w.end_array();
  w.key("top_movers").begin_array();
  for (const Mover& mv : r.top_movers) {
    w.begin_object();
    w.key("category").string(mv.name);
    w.key("change").cents(mv.change.amount);
    w.key("fraction").number(mv.change.fraction);
    w.key("id").string("trend:" + mv.name);
    w.end_object();
  }
  w.end_array();
  write(w.key("total"), r.total, m.last_month, "trend_total");
  w.key("window").integer(in.window);
}

}  // namespace nestegg
