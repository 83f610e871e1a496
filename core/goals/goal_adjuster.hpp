// SPDX-License-Identifier: MIT
// Checking a goal in progress against its contribution history, and adjusting it: is the saver
// ahead, on track or behind; when will the goal be reached at the current pace; what monthly
// amount keeps the date; by how much does the current pace fall short at the date.
//
// "Current pace" is the mean of the last `pace_window` recorded months (default 6): recent
// behaviour predicts next month better than a years-old average. Status compares the month the
// pace reaches the target with the months left until target_date: reached (already there),
// ahead (done more than `tolerance_months` early), on_track (done on time or up to that many
// months early), behind (late, or never at this pace).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "civil_date.hpp"

namespace nestegg {

struct AdjustInput {
  double target = 0;
  double current = 0;  // saved as of `as_of`
  double annual_rate = 0;
  Date as_of;
  Date target_date;
  std::vector<double> contributions;  // one per month, oldest first
  std::optional<double> planned_contribution;
  int64_t pace_window = 6;
  int64_t tolerance_months = 1;
};

// A goal the household names: insights.nudges and recommendations.generate take several at once.
struct NamedGoal {
  std::string name;
  AdjustInput adjust;
};

struct ContributionStats {
  int64_t months_recorded = 0;
  double total = 0;
  double mean = 0;
  double recent_mean = 0;  // the pace
  double std_dev = 0;      // sample standard deviation (n - 1); 0 for one month
  double min = 0;
  double max = 0;
  double trend_per_month = 0;                 // OLS slope of amount on month number
  std::optional<double> share_meeting_plan;   // months >= planned contribution, when a plan is given
  std::optional<int64_t> months_below_plan;
};

struct AdjustResult {
  std::string status;  // reached, ahead, on_track, behind
  int64_t months_remaining = 0;
  double pace = 0;
  bool reachable_at_pace = true;
  std::optional<double> projected_months_exact;
  std::optional<int64_t> projected_months;
  std::optional<Date> projected_completion_date;
  int64_t months_early = 0;  // positive: finishes early; negative: late
  double projected_balance_at_target_date = 0;
  double gap_at_target_date = 0;  // target - projected balance; > 0 is a shortfall
  std::optional<double> required_monthly_to_keep_date;
  std::optional<Date> new_target_date_at_pace;
  double progress_fraction = 0;
  ContributionStats performance;
  std::string recommendation;
};

ContributionStats contribution_stats(const std::vector<double>& amounts, int64_t pace_window,
                                     std::optional<double> planned);
AdjustResult adjust_goal(const AdjustInput& in);

}  // namespace nestegg
