// SPDX-License-Identifier: MIT
#include "json_build.hpp"
#include "logger.hpp"

#include <chrono>
#include <cstdio>

#include "civil_date.hpp"

namespace nestegg {

std::optional<LogLevel> parse_log_level(std::string_view n) {
  if (n == "debug") return LogLevel::debug;
  if (n == "info") return LogLevel::info;
  if (n == "warn") return LogLevel::warn;
  if (n == "error") return LogLevel::error;
  if (n == "off") return LogLevel::off;
  return std::nullopt;
}

const char* log_level_name(LogLevel level) {
  static const char* kNames[] = {"debug", "info", "warn", "error", "off"};
  return kNames[int(level)];
}

std::string utc_timestamp_now() {
  using namespace std::chrono;
  const int64_t ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  const int64_t day_ms = 86400000;
  const int64_t days = ms >= 0 ? ms / day_ms : (ms - day_ms + 1) / day_ms;
  const int64_t rem = ms - days * day_ms;
  const Date d = civil_from_days(days);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year, d.month, d.day,
                int(rem / 3600000), int(rem / 60000 % 60), int(rem / 1000 % 60), int(rem % 1000));
  return buf;
}

void Logger::log(LogLevel level, const char* event, nlohmann::json fields) const {
  if (!enabled(level)) return;
  nlohmann::json line = object({{"ts", utc_timestamp_now()}, {"level", log_level_name(level)}, {"event", event}});
  line.update(fields);
  try {
    sink_(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  } catch (...) {
  }
}

}  // namespace nestegg
