// SPDX-License-Identifier: MIT
#include "json_build.hpp"
#include "metrics.hpp"

#include "exact_decimal.hpp"

namespace nestegg {

void Metrics::record(const std::string& method, double seconds, const std::string& error_code) {
  MethodMetrics& m = by_method_[method];
  ++m.calls;
  m.seconds_sum += seconds;
  if (!error_code.empty()) {
    ++m.errors;
    ++m.errors_by_code[error_code];
  }
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) {
      ++m.buckets[i];
      return;
    }
  }
  // Slower than the last bucket: counted only in +Inf (= calls).
}

uint64_t Metrics::total_calls() const {
  uint64_t n = 0;
  for (const auto& [_, m] : by_method_) n += m.calls;
  return n;
}

uint64_t Metrics::total_errors() const {
  uint64_t n = 0;
  for (const auto& [_, m] : by_method_) n += m.errors;
  return n;
}

nlohmann::json Metrics::to_json() const {
  nlohmann::json methods = nlohmann::json::object();
  for (const auto& [name, m] : by_method_) {
    nlohmann::json buckets = nlohmann::json::array();
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += m.buckets[i];
      buckets.push_back(object({{"le", kLatencyBuckets[i]}, {"count", cumulative}}));
    }
    methods[name] = object({{"calls", m.calls},
                     {"errors", m.errors},
                     {"errors_by_code", m.errors_by_code},
                     {"latency_seconds_sum", m.seconds_sum},
                     {"latency_buckets", buckets}});
  }
  return object({{"calls", total_calls()}, {"errors", total_errors()}, {"methods", methods}});
}

static std::string num(double x) {
  return format_general(x, 9);  // printf's %.9g (exact_decimal.hpp)
}

std::string Metrics::to_prometheus() const {
  std::string out;
  out += "# HELP nestegg_calls_total Engine calls by method.\n# TYPE nestegg_calls_total counter\n";
  for (const auto& [name, m] : by_method_) {
    out += "nestegg_calls_total{method=\"" + name + "\"} " + std::to_string(m.calls) + "\n";
  }
  out += "# HELP nestegg_errors_total Engine calls that returned an error, by method and code.\n"
         "# TYPE nestegg_errors_total counter\n";
  for (const auto& [name, m] : by_method_) {
    for (const auto& [code, n] : m.errors_by_code) {
      out += "nestegg_errors_total{method=\"" + name + "\",code=\"" + code + "\"} " + std::to_string(n) + "\n";
    }
  }
  out += "# HELP nestegg_call_duration_seconds Time spent inside the engine per call.\n"
         "# TYPE nestegg_call_duration_seconds histogram\n";
  for (const auto& [name, m] : by_method_) {
    uint64_t cumulative = 0;
    const std::string label = "method=\"" + name + "\"";
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += m.buckets[i];
      out += "nestegg_call_duration_seconds_bucket{" + label + ",le=\"" + num(kLatencyBuckets[i]) + "\"} " +
             std::to_string(cumulative) + "\n";
    }
    out += "nestegg_call_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " + std::to_string(m.calls) + "\n";
    out += "nestegg_call_duration_seconds_sum{" + label + "} " + num(m.seconds_sum) + "\n";
    out += "nestegg_call_duration_seconds_count{" + label + "} " + std::to_string(m.calls) + "\n";
  }
  return out;
}

}  // namespace nestegg
