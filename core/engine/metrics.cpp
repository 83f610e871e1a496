// SPDX-License-Identifier: MIT
#include "json_build.hpp"
#include "metrics.hpp"

#include "exact_decimal.hpp"
#include "format_text.hpp"

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
    append_text(out, "nestegg_calls_total{method=\"%.*s\"} %llu\n", int(name.size()), name.data(),
                static_cast<unsigned long long>(m.calls));
  }
  out += "# HELP nestegg_errors_total Engine calls that returned an error, by method and code.\n"
         "# TYPE nestegg_errors_total counter\n";
  for (const auto& [name, m] : by_method_) {
    for (const auto& [code, n] : m.errors_by_code) {
      append_text(out, "nestegg_errors_total{method=\"%.*s\",code=\"%.*s\"} %llu\n", int(name.size()), name.data(),
                  int(code.size()), code.data(), static_cast<unsigned long long>(n));
    }
  }
  out += "# HELP nestegg_call_duration_seconds Time spent inside the engine per call.\n"
         "# TYPE nestegg_call_duration_seconds histogram\n";
  for (const auto& [name, m] : by_method_) {
    uint64_t cumulative = 0;
    const int name_size = int(name.size());
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += m.buckets[i];
      const std::string le = num(kLatencyBuckets[i]);
      append_text(out, "nestegg_call_duration_seconds_bucket{method=\"%.*s\",le=\"%.*s\"} %llu\n", name_size,
                  name.data(), int(le.size()), le.data(), static_cast<unsigned long long>(cumulative));
    }
    append_text(out, "nestegg_call_duration_seconds_bucket{method=\"%.*s\",le=\"+Inf\"} %llu\n", name_size, name.data(),
                static_cast<unsigned long long>(m.calls));
    const std::string sum = num(m.seconds_sum);
    append_text(out, "nestegg_call_duration_seconds_sum{method=\"%.*s\"} %.*s\n", name_size, name.data(),
                int(sum.size()), sum.data());
    append_text(out, "nestegg_call_duration_seconds_count{method=\"%.*s\"} %llu\n", name_size, name.data(),
                static_cast<unsigned long long>(m.calls));
  }
  return out;
}

}  // namespace nestegg
