// SPDX-License-Identifier: MIT
// Native forecasting speed on the evaluation series (tests/fixtures/forecast_reference.json), the
// same requests as bench_forecast.mjs, through the engine's JSON boundary. Prints JSON lines.
// Per series also the time of one plain likelihood pass of the cheapest model, ETS(A,N,N) with no
// derivatives: every estimation step of every fit needs at least one, so forecast_summary.mjs
// weighs the speed target's budget in it.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine.hpp"
#include "ets.hpp"

namespace {

template <class F>
double median_ms(int reps, F&& f) {
  std::vector<double> ms;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

// Microseconds of one ets_filter pass of ETS(A,N,N) at R's starting alpha, from batches long
// enough for the clock.
double likelihood_pass_us(const std::vector<double>& y) {
  using namespace nestegg;
  const EtsSpec spec{Component::additive, Component::none, Component::none, false};
  EtsParams par;
  par.alpha = 0.2;
  EtsState start;
  for (double v : y)
    if (!std::isnan(v)) { start.level = v; break; }
  constexpr int kBatch = 2000;
  volatile double sink = 0;
  const double ms = median_ms(9, [&] {
    for (int i = 0; i < kBatch; ++i) {
      par.alpha = 0.2 + 1e-9 * i;  // a new point each pass, as an optimiser's
      sink = sink + ets_filter(y, 1, spec, par, start, false).lik;
    }
  });
  return 1000 * ms / kBatch;
}

}  // namespace

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
    for (const char* method : {"auto", "ets", "arima", "naive"}) {
      const nlohmann::json req = {{"series", c["train"]}, {"period", c["period"]}, {"horizon", c["horizon"]},
                                  {"method", method}};
      const double ms = median_ms(reps, [&] { engine.call_json("forecast.expenses", req); });
      row[method] = ms;
      totals[method] = totals.value(method, 0.0) + ms;
    }
    std::vector<double> y;
    for (const auto& v : c["train"]) y.push_back(v.is_null() ? NAN : v.get<double>());
    row["likelihood_pass_us"] = likelihood_pass_us(y);
    std::cout << row.dump() << "\n";
  }
  std::cout << nlohmann::json{{"runtime", "native"}, {"totals_ms", totals}}.dump() << "\n";
}
