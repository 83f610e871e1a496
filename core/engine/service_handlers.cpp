// SPDX-License-Identifier: MIT
#include "service_handlers.hpp"

#include "engine.hpp"
#include "forecast_handlers.hpp"
#include "request.hpp"
#include "version.hpp"

namespace nestegg {

static nlohmann::json build_json() {
#ifdef __EMSCRIPTEN__
  const char* target = "wasm";
#else
  const char* target = "native";
#endif
  return object({{"target", target}, {"compiler", __VERSION__}, {"cplusplus", long(__cplusplus)}});
}

nlohmann::json service_info(const nlohmann::json& request, CallContext& ctx) {
  (void)Fields(request);  // info takes no fields, but still only an object
  nlohmann::json methods = nlohmann::json::array();
  for (const auto& m : method_table()) {
    methods.push_back(object({{"name", m.name},
                       {"summary", m.summary},
                       {"enabled", ctx.engine.method_enabled(m.name)},
                       {"deterministic", m.deterministic},
                       {"persists", m.persists},
                       {"registry", m.registry}}));
  }
  const Limits& l = ctx.engine.config().limits;
  nlohmann::json limits = nlohmann::json::object();
  for (const LimitSpec& spec : limit_specs()) put(limits, spec.name, l.*spec.member);
  return object({{"name", "nestegg"},
          {"version", kVersion},
          {"build", build_json()},
          {"methods", methods},
          {"limits", limits},
          {"forecast_weights", forecast_weights_json()},
          {"conventions",
           object({{"rates", "annual fractions (0.05 = 5%), compounded monthly at rate/12"},
            {"contributions", "paid at the end of each month, after that month's interest"},
            {"rounding", "money fields rounded half away from zero to the cent; *_exact fields unrounded; "
                         "required savings rounded up to the cent"},
            {"dates", "YYYY-MM-DD calendar dates; month k ends on start_date + k months (day clamped "
                      "to the month's end); default start_date is today (UTC)"},
            {"today", format_date(ctx.today)}})}});
}

// Linear memory only grows, so its size now is the peak so far: what edge memory caps care about.
static nlohmann::json memory_bytes() {
#if defined(__wasm__)
  return double(__builtin_wasm_memory_size(0)) * 65536.0;
#else
  return nullptr;  // natively the process's memory is the host's business
#endif
}

nlohmann::json service_health(const nlohmann::json& request, CallContext& ctx) {
  (void)Fields(request);
  const Metrics& m = ctx.engine.metrics();
  return object({{"status", "ok"},
          {"version", kVersion},
          {"uptime_seconds", ctx.engine.uptime_seconds()},
          {"calls", m.total_calls()},
          {"errors", m.total_errors()},
          {"wasm_memory_bytes", memory_bytes()}});
}

nlohmann::json service_metrics(const nlohmann::json& request, CallContext& ctx) {
  const Fields f(request);
  const std::string format = f.choice_or("format", "json", {"json", "prometheus"});
  if (format == "prometheus") {
    return object({{"content_type", "text/plain; version=0.0.4"}, {"text", ctx.engine.metrics().to_prometheus()}});
  }
  return ctx.engine.metrics().to_json();
}

}  // namespace nestegg
