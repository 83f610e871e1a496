// SPDX-License-Identifier: MIT
#include "dispatch.hpp"

#include "engine.hpp"
#include "goals_json.hpp"
#include "request.hpp"
#include "service_methods.hpp"

namespace nestegg {

const std::vector<MethodSpec>& method_table() {
  static const std::vector<MethodSpec> table = {
      {"info", "Engine version, build, methods, limits and conventions.", service_info, true},
      {"health", "Liveness: status, uptime and call counts.", service_health, false},
      {"metrics", "Calls, errors and latency per method, as JSON or Prometheus text.", service_metrics, false},
      {"goals.timeline", "Months and date to reach a target at a monthly saving, with milestones.",
       goals_timeline, true},
      {"goals.reverse_plan", "Monthly saving that reaches a target by a date, with alternatives.",
       goals_reverse_plan, true},
      {"goals.adjust", "Status of a goal in progress from its contribution history, and how to adjust.",
       goals_adjust, true},
      {"goals.simulate", "Monte Carlo probability of reaching a target under uncertain returns.", goals_simulate,
       true},
  };
  return table;
}

const MethodSpec* find_method(std::string_view name) {
  for (const auto& m : method_table()) {
    if (name == m.name) return &m;
  }
  return nullptr;
}

void warn_unread(const Fields& fields, CallContext& ctx) {
  if (!ctx.config.warn_unknown_fields) return;
  for (const auto& path : fields.unread()) {
    ctx.warnings.push_back({{"code", "unknown_field"}, {"message", path + " is not a field of this method; it was ignored"},
                            {"field", path}});
  }
}

}  // namespace nestegg
