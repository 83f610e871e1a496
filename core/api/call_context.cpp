// SPDX-License-Identifier: MIT
#include "call_context.hpp"

#include "format_text.hpp"
#include "request.hpp"

namespace nestegg {

const std::vector<LimitSpec>& limit_specs() {
  constexpr int64_t k40 = int64_t(1) << 40;
  static const std::vector<LimitSpec> specs = {
      {"max_request_bytes", &Limits::max_request_bytes, 1024, int64_t(1) << 30},
      {"max_json_depth", &Limits::max_json_depth, 4, 512},
      {"max_array_items", &Limits::max_array_items, 1, 10000000},
      {"max_json_values", &Limits::max_json_values, 1, int64_t(1) << 31},
      {"max_paths", &Limits::max_paths, 1, 10000000},
      {"max_simulation_steps", &Limits::max_simulation_steps, 1, k40},
      {"max_forecast_work", &Limits::max_forecast_work, 1, k40},
      {"max_cashflow_steps", &Limits::max_cashflow_steps, 1, k40},
      {"max_history_items", &Limits::max_history_items, 1, 10000000},
      {"max_trend_pairs", &Limits::max_trend_pairs, 1, k40},
      {"max_regression_work", &Limits::max_regression_work, 1, int64_t(1) << 50},
      {"max_nudge_evaluations", &Limits::max_nudge_evaluations, 1, k40},
      {"max_nudges_per_rule", &Limits::max_nudges_per_rule, 1, 100000},
      {"max_recommendations", &Limits::max_recommendations, 1, 100000},
  };
  return specs;
}

void warn_unread(const Fields& fields, CallContext& ctx) {
  if (!ctx.warn_unknown_fields) return;
  for (const auto& path : fields.unread()) {
    if (ctx.unknown_fields++ < kMaxUnknownFieldWarnings)
      ctx.warnings.push_back({"unknown_field", path + " is not a field of this method; it was ignored", path});
  }
}

const std::vector<Warning>& call_warnings(CallContext& ctx) {
  if (ctx.unknown_fields > kMaxUnknownFieldWarnings) {
    const size_t more = ctx.unknown_fields - kMaxUnknownFieldWarnings;
    ctx.warnings.push_back({"unknown_field",
                            format_text(more == 1 ? "%zu more field is not a field of this method; it was ignored"
                                                  : "%zu more fields are not fields of this method; they were ignored",
                                        more),
                            ""});
    ctx.unknown_fields = kMaxUnknownFieldWarnings;  // counted once
  }
  return ctx.warnings;
}

const Attachment* packed_at(const CallContext& ctx, const std::string& path) {
  for (const PackedArray& p : ctx.packed)
    if (p.path == path) return &p.data;
  return nullptr;
}

std::string now(const CallContext& ctx) {
  return ctx.today_fixed ? format_date(ctx.today) + "T00:00:00.000Z" : ctx.clock();
}

void write_warnings(JsonWriter& out, const std::vector<Warning>& warnings) {
  out.begin_array();
  for (const Warning& w : warnings) {
    out.begin_object();
    out.key("code").string(w.code);
    out.key("field").string(w.field);
    out.key("message").string(w.message);
    out.end_object();
  }
  out.end_array();
}

}  // namespace nestegg
