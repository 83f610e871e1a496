// SPDX-License-Identifier: MIT
// Per-method call counts, error counts by code and a latency histogram, exported as JSON and as
// Prometheus text exposition (the original backend's /metrics). Method labels come only from the
// dispatch table ("unknown" otherwise), so a caller cannot blow up label cardinality.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace nestegg {

inline constexpr std::array<double, 10> kLatencyBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                           0.005,  0.01,    0.05,   0.25,  1.0};

struct MethodMetrics {
  uint64_t calls = 0;
  uint64_t errors = 0;
  std::map<std::string, uint64_t> errors_by_code;
  std::array<uint64_t, kLatencyBuckets.size()> buckets{};  // non-cumulative counts per bucket
  double seconds_sum = 0;
};

class Metrics {
 public:
  void record(const std::string& method, double seconds, const std::string& error_code);
  uint64_t total_calls() const;
  uint64_t total_errors() const;
  nlohmann::json to_json() const;
  std::string to_prometheus() const;

 private:
  std::map<std::string, MethodMetrics> by_method_;
};

}  // namespace nestegg
