// SPDX-License-Identifier: MIT
#include "trends_handlers.hpp"

#include <cmath>

#include "error.hpp"
#include "field_rules.hpp"
#include "money.hpp"
#include "monthly_reader.hpp"
#include "request.hpp"
#include "trends.hpp"

namespace nestegg {

using nlohmann::json;

namespace {

json cents_or_null(const std::optional<double>& x) { return x ? json(to_cents(*x)) : json(nullptr); }
json or_null(const std::optional<double>& x) { return x ? json(*x) : json(nullptr); }

json change_json(const std::optional<Change>& c) {
  if (!c) return nullptr;
  return object({{"change", to_cents(c->amount)}, {"fraction", or_null(c->fraction)}});
}

json slope_json(const std::optional<SlopeTrend>& s) {
  if (!s) return nullptr;
  json lower = json::object(), upper = json::object();
  for (const SlopeInterval& iv : s->fit.intervals) {
    const std::string key = percent_key(iv.level);
    put(lower, key.c_str(), cents_or_null(iv.lower));
    put(upper, key.c_str(), cents_or_null(iv.upper));
  }
  return object({{"per_month", to_cents(s->fit.slope)},
                 {"lower", std::move(lower)},
                 {"upper", std::move(upper)},
                 {"direction", direction_name(s->direction)},
                 {"decided_at", s->decided_at},
                 {"p_value", s->fit.p_value},
                 {"autocorrelation", s->fit.lag1},
                 {"variance_factor", s->fit.variance_factor},
                 {"points", s->fit.points}});
}

// `id`: "trend:<category>" for a category, "trend_total" for the total (a category may be called
// "total": the two never share an id).
json trend_json(const CategoryTrend& c, const Date& last_month, const std::string& id) {
  json rolling = json::array();
  for (double v : c.rolling_mean) rolling.push_back(std::isnan(v) ? json(nullptr) : json(to_cents(v)));
  json seasonal = nullptr;
  if (c.seasonally_adjusted) {
    const SeasonalChange& s = *c.seasonally_adjusted;
    seasonal = object({{"change", to_cents(s.change)}, {"fraction", or_null(s.fraction)},
                       {"seasonal", to_cents(s.seasonal)}});
  }
  return object({{"id", id},
                 {"months", c.months},
                 {"first_month", format_month(*add_months(last_month, -int64_t(c.months - 1)))},
                 {"last", cents_or_null(c.last)},
                 {"month_over_month", change_json(c.month_over_month)},
                 {"year_over_year", change_json(c.year_over_year)},
                 {"rolling_mean", std::move(rolling)},
                 {"slope", slope_json(c.slope)},
                 {"seasonally_adjusted", std::move(seasonal)}});
}

}  // namespace

// Theil-Sen's work is its pairs of months, n (n - 1) / 2 per series: 64 series of 1 200 months
// are 46 million pairs, about 2 s in wasm on this machine class. Refused before any work above
// limits.max_trend_pairs (default 12 million: 64 x 612 months, or 5 centuries of months).
static void refuse_over_pair_limit(const MonthlyCategories& m, const Limits& limits) {
  double pairs = 0;
  for (const auto& s : m.series) pairs += double(s.second.size()) * double(s.second.size() - 1) / 2;
  if (pairs > double(limits.max_trend_pairs))
    throw NesteggError(code::too_large,
                       "categories hold " + std::to_string(int64_t(pairs)) +
                           " pairs of months for the slopes, over limits.max_trend_pairs of " +
                           std::to_string(limits.max_trend_pairs) + " (n (n - 1) / 2 per category)",
                       "categories");
}

json insights_trends(const json& request, CallContext& ctx) {
  const Fields f(request);
  TrendsInput in;
  in.window = int(f.integer_or("window", 3, 1, 24));
  in.levels = read_levels(f);
  in.top = size_t(f.integer_or("top", 5, 0, int64_t(kMaxCategories)));
  MonthlyCategories m = read_monthly_categories(f, ctx.limits);
  refuse_over_pair_limit(m, ctx.limits);
  warn_unread(f, ctx);
  for (auto& [name, values] : m.series) in.categories.push_back({name, std::move(values)});

  const TrendsResult r = analyse_trends(in);
  json categories = json::object();
  for (const CategoryTrend& c : r.categories) put(categories, c.name.c_str(), trend_json(c, m.last_month, "trend:" + c.name));
  json movers = json::array();
  for (const Mover& mv : r.top_movers)
    movers.push_back(object({{"id", "trend:" + mv.name}, {"category", mv.name},
                             {"change", to_cents(mv.change.amount)}, {"fraction", or_null(mv.change.fraction)}}));
  return object({{"last_month", format_month(m.last_month)},
                 {"window", in.window},
                 {"level", in.levels},
                 {"categories", std::move(categories)},
                 {"total", trend_json(r.total, m.last_month, "trend_total")},
                 {"top_movers", std::move(movers)}});
}

}  // namespace nestegg
