// SPDX-License-Identifier: MIT
// The engine: configuration, the call boundary, metrics and logs around the dispatch table.
//
// `call` is the whole public surface: method name and JSON text in, JSON text out. It never
// throws. A failure comes back as {"error": {"code", "message", "field"}} and leaves the engine
// ready for the next call.
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "civil_date.hpp"
#include "error.hpp"
#include "logger.hpp"
#include "metrics.hpp"
#include "call_context.hpp"
#include "model_registry.hpp"

namespace nestegg {

struct EngineConfig {
  LogLevel log_level = LogLevel::info;
  std::optional<Date> today;  // fixes "today" (tests, replays); otherwise the UTC date of the clock
  Limits limits;
  std::map<std::string, bool> features;  // method name -> enabled; absent means enabled
  bool warn_unknown_fields = true;
};

// Validates a config object (the JS `createEngine({ config })`, the CLI's --config file).
// Throws NesteggError naming the offending field.
EngineConfig parse_config(const nlohmann::json& config);

class Engine {
 public:
  explicit Engine(EngineConfig config = {});

  std::string call(std::string_view method, std::string_view request_json, std::string_view request_id = {});
  // The same boundary for callers that already hold JSON values. Returns the response object.
  nlohmann::json call_json(std::string_view method, const nlohmann::json& request, std::string_view request_id = {});

  void set_log_sink(LogSink sink) { logger_.set_sink(std::move(sink)); }
  void attach(const std::string& name, Attachment a) { attachments_[name] = std::move(a); }
  // Bulk results a call left for the host to copy out (output "attachments"); cleared by the next call.
  const std::map<std::string, Attachment>& outputs() const { return outputs_; }
  void clear_attachments() {
    attachments_.clear();
    outputs_.clear();
  }
  const EngineConfig& config() const { return config_; }
  const Metrics& metrics() const { return metrics_; }
  bool method_enabled(std::string_view name) const;
  double uptime_seconds() const;
  Date today() const;

 private:
  std::string dispatch(std::string_view method, const nlohmann::json* parsed, std::string_view text,
                       std::string_view request_id);
  EngineConfig config_;
  Metrics metrics_;
  Logger logger_;
  ModelRegistry registry_;
  std::map<std::string, Attachment> attachments_;
  std::map<std::string, Attachment> outputs_;
  std::chrono::steady_clock::time_point started_;
};

nlohmann::json error_json(const Error& e);
// error_json as text, the one way every boundary (call, configure, attach, CLI) writes an error:
// invalid UTF-8 echoed from a request (a method name, say) is replaced, not thrown on.
std::string error_text(const Error& e);

}  // namespace nestegg
