// SPDX-License-Identifier: MIT
// Native forecasting speed on the evaluation series (tests/fixtures/forecast_reference.json), the
// same requests as bench_forecast.mjs, through the engine's JSON boundary. Prints JSON lines.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine.hpp"

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "tests/fixtures/forecast_reference.json";
  const int reps = argc > 2 ? std::atoi(argv[2]) : 5;
  std::ifstream in(path);
  const nlohmann::json ref = nlohmann::json::parse(in);
  nestegg::EngineConfig config;
  config.log_level = nestegg::LogLevel::off;
  nestegg::Engine engine(config);
  nlohmann::json totals = nlohmann::json::object();
  for (const auto& c : ref["evaluation"]) {
    nlohmann::json row = {{"runtime", "native"}, {"name", c["name"]}, {"period", c["period"]}};
    for (const char* method : {"auto", "ets", "arima"}) {
      const nlohmann::json req = {{"series", c["train"]}, {"period", c["period"]}, {"horizon", c["horizon"]},
                                  {"method", method}};
      std::vector<double> ms;
      for (int r = 0; r < reps; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        engine.call_json("forecast.expenses", req);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      }
      std::sort(ms.begin(), ms.end());
      row[method] = ms[ms.size() / 2];
      totals[method] = totals.value(method, 0.0) + ms[ms.size() / 2];
    }
    std::cout << row.dump() << "\n";
  }
  std::cout << nlohmann::json{{"runtime", "native"}, {"totals_ms", totals}}.dump() << "\n";
}
