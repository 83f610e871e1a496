// SPDX-License-Identifier: MIT
#include "service_handlers.hpp"

#include <cstdint>
#include <optional>

#include "engine.hpp"
#include "forecast_handlers.hpp"
#include "request.hpp"
#include "version.hpp"

namespace nestegg {

static void write_build(JsonWriter& w) {
#ifdef __EMSCRIPTEN__
  const char* target = "wasm";
#else
  const char* target = "native";
#endif
  w.begin_object();
  w.key("compiler").string(__VERSION__);
  w.key("cplusplus").integer(int64_t(__cplusplus));
  w.key("target").string(target);
  w.end_object();
}

static void write_conventions(JsonWriter& w, const Date& today) {
  w.begin_object();
  w.key("contributions").string("paid at the end of each month, after that month's interest");
  w.key("dates").string("YYYY-MM-DD calendar dates; month k ends on start_date + k months (day clamped "
                        "to the month's end); default start_date is today (UTC)");
  w.key("rates").string("annual fractions (0.05 = 5%), compounded monthly at rate/12");
  w.key("rounding").string("money fields rounded half away from zero to the cent; *_exact fields unrounded; "
                           "required savings rounded up to the cent");
  w.key("today").date(today);
  w.end_object();
}

void service_info(const nlohmann::json& request, CallContext& ctx, JsonWriter& w) {
  (void)Fields(request);  // info takes no fields, but still only an object
  write_build(w.key("build"));
  write_conventions(w.key("conventions"), ctx.today);
  w.key("forecast_weights").value(forecast_weights_json());
  const Limits& l = ctx.engine.config().limits;
  w.key("limits").begin_object();  // in limit_specs()' order: the writer sorts them
  for (const LimitSpec& spec : limit_specs()) w.key(spec.name).integer(l.*spec.member);
  w.end_object();
  w.key("methods").begin_array();
  for (const auto& m : method_table()) {
    w.begin_object();
    w.key("deterministic").boolean(m.deterministic);
    w.key("enabled").boolean(ctx.engine.method_enabled(m.name));
    w.key("name").string(m.name);
    w.key("persists").boolean(m.persists);
    w.key("registry").boolean(m.registry);
    w.key("summary").string(m.summary);
    w.end_object();
  }
  w.end_array();
  w.key("name").string("nestegg");
  w.key("version").string(kVersion);
}

// Linear memory only grows, so its size now is the peak so far: what edge memory caps care about.
static std::optional<double> memory_bytes() {
#if defined(__wasm__)
  return double(__builtin_wasm_memory_size(0)) * 65536.0;
#else
  return std::nullopt;  // natively the process's memory is the host's business
#endif
}

void service_health(const nlohmann::json& request, CallContext& ctx, JsonWriter& w) {
  (void)Fields(request);
  const Metrics& m = ctx.engine.metrics();
  w.key("calls").unsigned_integer(m.total_calls());
  w.key("errors").unsigned_integer(m.total_errors());
  w.key("status").string("ok");
  w.key("uptime_seconds").number(ctx.engine.uptime_seconds());
  w.key("version").string(kVersion);
  w.key("wasm_memory_bytes").number(memory_bytes());
}

void service_metrics(const nlohmann::json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  const std::string format = f.choice_or("format", "json", {"json", "prometheus"});
  if (format == "prometheus") {
    w.key("content_type").string("text/plain; version=0.0.4");
    w.key("text").string(ctx.engine.metrics().to_prometheus());
    return;
  }
  // Metrics keeps its document form: tests/unit/validation_test.cpp reads it.
  w.members(ctx.engine.metrics().to_json());
}

}  // namespace nestegg
