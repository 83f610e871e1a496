// SPDX-License-Identifier: MIT
// Structured logs: one JSON object per line, handed to a sink the host supplies (stderr in the CLI,
// a JS function in the wasm build). The core never writes anywhere on its own.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace nestegg {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3, off = 4 };

std::optional<LogLevel> parse_log_level(std::string_view name);
const char* log_level_name(LogLevel level);

using LogSink = std::function<void(const std::string& line)>;

class Logger {
 public:
  void set_level(LogLevel level) { level_ = level; }
  LogLevel level() const { return level_; }
  void set_sink(LogSink sink) { sink_ = std::move(sink); }
  bool enabled(LogLevel level) const { return sink_ && level >= level_ && level_ != LogLevel::off; }
  // Adds "ts", "level" and "event" to `fields` and emits one line. A throwing sink is ignored:
  // logging must never turn a good answer into an error.
  void log(LogLevel level, const char* event, nlohmann::json fields = nlohmann::json::object()) const;

 private:
  LogLevel level_ = LogLevel::info;
  LogSink sink_;
};

std::string utc_timestamp_now();  // 2026-11-24T12:34:56.789Z

}  // namespace nestegg
