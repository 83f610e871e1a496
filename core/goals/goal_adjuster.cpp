// SPDX-License-Identifier: MIT
#include "goal_adjuster.hpp"

#include <algorithm>
#include <cmath>

#include "annuity.hpp"
#include "format_text.hpp"
#include "goal_planner.hpp"
#include "money.hpp"

namespace nestegg {

ContributionStats contribution_stats(const std::vector<double>& a, int64_t pace_window,
                                     std::optional<double> planned) {
  ContributionStats s;
  const size_t n = a.size();
  s.months_recorded = int64_t(n);
  if (n == 0) return s;
  s.min = *std::min_element(a.begin(), a.end());
  s.max = *std::max_element(a.begin(), a.end());
  for (double x : a) s.total += x;
  s.mean = s.total / double(n);
  const size_t w = std::min(n, size_t(pace_window));
  double recent = 0;
  for (size_t i = n - w; i < n; ++i) recent += a[i];
  s.recent_mean = recent / double(w);
  if (n > 1) {
    double ss = 0, sxy = 0, sxx = 0;
    const double xbar = (double(n) - 1) / 2;
    for (size_t i = 0; i < n; ++i) {
      ss += (a[i] - s.mean) * (a[i] - s.mean);
      sxy += (double(i) - xbar) * (a[i] - s.mean);
      sxx += (double(i) - xbar) * (double(i) - xbar);
    }
    s.std_dev = std::sqrt(ss / double(n - 1));
    s.trend_per_month = sxy / sxx;
  }
  if (planned) {
    // A cent of float noise must not count a month that met the plan as missed.
    const int64_t met = std::count_if(a.begin(), a.end(), [&](double x) { return x >= *planned - 0.005; });
    s.share_meeting_plan = double(met) / double(n);
    s.months_below_plan = int64_t(n) - met;
  }
  return s;
}

static std::string recommend(const AdjustResult& r) {
  if (r.status == "reached") return "The goal is reached; contributions can move to the next goal.";
  if (r.status == "ahead") {
    return format_text("Ahead of plan: at the current pace the goal is reached %lld month(s) early. Keep going, or lower the "
                       "monthly amount to %s and still make the date.",
                       static_cast<long long>(r.months_early), money_text(r.required_monthly_to_keep_date.value_or(0)).c_str());
  }
  if (r.status == "on_track") return "On track: keep saving at the current pace.";
  const std::string date = r.new_target_date_at_pace ? format_date(*r.new_target_date_at_pace) : std::string();
  if (!r.required_monthly_to_keep_date) {
    return format_text("The target date has passed or is less than a month away: choose a new date%s%.*s.",
                       r.new_target_date_at_pace ? " such as " : "", int(date.size()), date.data());
  }
  return format_text("Behind plan: raise the monthly saving to %s to keep the date%s%.*s.",
                     money_text(*r.required_monthly_to_keep_date).c_str(),
                     r.new_target_date_at_pace ? ", or keep the current pace and move the date to " : "", int(date.size()),
                     date.data());
}

AdjustResult adjust_goal(const AdjustInput& in) {
  AdjustResult out;
  const double r = in.annual_rate / 12;
  out.performance = contribution_stats(in.contributions, in.pace_window, in.planned_contribution);
  // Below 0 when the recent months took out more than they put in: the projection then runs the
  // withdrawals on (a pace clamped to 0 projected a goal drained at 100 a month as reached in 2089).
  out.pace = out.performance.recent_mean;
  out.progress_fraction = in.target > 0 ? std::min(1.0, in.current / in.target) : 1.0;
  out.months_remaining = std::max<int64_t>(0, whole_months_between(in.as_of, in.target_date));
  const double n = double(out.months_remaining);

  // Withdrawals stop at an empty goal: once the balance falls (interest under the withdrawal) it
  // keeps falling, so the balance on the date is the closed form's, or 0 where that is below.
  out.projected_balance_at_target_date = std::max(0.0, future_value(in.current, out.pace, r, n));
  out.gap_at_target_date = in.target - out.projected_balance_at_target_date;
  if (out.months_remaining > 0) {
    out.required_monthly_to_keep_date = saving_to_the_cent(in.target, in.current, r, out.months_remaining);
  }

  const PeriodsResult p = months_to_target(in.target, in.current, out.pace, r);
  const int64_t projected = months_to_reach(p.months, in.target, in.current, out.pace, r);
  // Reachable as goals.timeline says it: within the plan horizon and on a date the calendar has
  // (at 9999-11-30, 263 months away was "reachable" with no completion date).
  const std::optional<Date> done =
      p.why == Unreachable::none && projected <= kMaxPlanMonths ? add_months(in.as_of, projected) : std::nullopt;
  out.reachable_at_pace = done.has_value();
  if (out.reachable_at_pace) {
    out.projected_months_exact = p.months;
    out.projected_months = projected;
    out.projected_completion_date = done;
    out.new_target_date_at_pace = done;
    out.months_early = out.months_remaining - *out.projected_months;
  }

  if (in.current >= in.target) {
    out.status = "reached";
  } else if (!out.reachable_at_pace || out.months_early < 0) {
    out.status = "behind";
  } else if (out.months_early > in.tolerance_months) {
    out.status = "ahead";
  } else {
    out.status = "on_track";
  }
  out.recommendation = recommend(out);
  return out;
}

}  // namespace nestegg
