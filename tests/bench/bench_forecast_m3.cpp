// SPDX-License-Identifier: MIT
// nestegg's forecasting methods on the shared M3 subset, natively: the same scores as
// tests/forecast/m3_evaluate.mjs (which runs the wasm package), without the JSON boundary.
//   build/native/tests/bench_forecast_m3 [m3.json] [method,method,...] [every k-th series]
// Prints per frequency and overall: mean sMAPE, MASE, 80/95 % coverage (of all forecast points),
// MSIS (level 95) and milliseconds per series; then one JSON line.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "series_forecast.hpp"

using json = nlohmann::json;
using namespace nestegg;

namespace {

struct Sum {
  int n = 0;
  double smape = 0, mase = 0, msis = 0, ms = 0;
  double points = 0, in80 = 0, in95 = 0;  // coverage pools every forecast point
};

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "../shared/data/m3/m3.json";
  std::string methods_arg = argc > 2 ? argv[2] : "auto";
  const int every = argc > 3 ? std::atoi(argv[3]) : 1;
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "no M3 data at %s\n", path.c_str());
    return 1;
  }
  const json m3 = json::parse(in);
  std::vector<std::string> methods;
  std::stringstream ss(methods_arg);
  for (std::string m; std::getline(ss, m, ',');) methods.push_back(m);
  const char* periods[] = {"yearly", "quarterly", "monthly", "other", "all"};
  json summary = json::object();
  for (const std::string& method : methods) {
    std::map<std::string, Sum> sums;
    int index = 0;
    for (const json& s : m3["series"]) {
      if (index++ % every) continue;
      SeriesRequest r;
      r.y = s["x"].get<std::vector<double>>();
      const std::vector<double> test = s["test"].get<std::vector<double>>();
      r.period = s["frequency"];
      r.horizon = s["h"];
      r.levels = {80, 95};
      r.method = method;
      const auto t0 = std::chrono::steady_clock::now();
      const SeriesForecast f = forecast_series(r);
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      const int lag = int(r.y.size()) > r.period ? r.period : 1;
      double scale = 0;
      for (size_t t = size_t(lag); t < r.y.size(); ++t) scale += std::fabs(r.y[t] - r.y[t - size_t(lag)]);
      scale /= double(r.y.size() - size_t(lag));
      Sum one;
      const double h = double(test.size());
      for (size_t i = 0; i < test.size(); ++i) {
        const double y = test[i], fc = f.mean[i], lo8 = f.lower[0][i], hi8 = f.upper[0][i], lo = f.lower[1][i],
                     hi = f.upper[1][i];
        one.smape += 200 * std::fabs(y - fc) / (std::fabs(y) + std::fabs(fc)) / h;
        one.mase += std::fabs(y - fc) / scale / h;
        one.in80 += y >= lo8 && y <= hi8;
        one.in95 += y >= lo && y <= hi;
        one.msis += ((hi - lo) + 40 * (lo - y) * (y < lo) + 40 * (y - hi) * (y > hi)) / scale / h;
      }
      for (const std::string key : {s["period"].get<std::string>(), std::string("all")}) {
        Sum& a = sums[key];
        ++a.n;
        a.smape += one.smape, a.mase += one.mase, a.in80 += one.in80, a.in95 += one.in95, a.points += h;
        a.msis += one.msis, a.ms += ms;
      }
    }
    std::printf("%-12s", method.c_str());
    json per = json::object();
    for (const char* p : periods) {
      const Sum& a = sums[p];
      if (!a.n) continue;
      std::printf("  %s %.2f/%.3f %.1f%%/%.1f%% %.2f %.2fms", p, a.smape / a.n, a.mase / a.n, 100 * a.in80 / a.points,
                  100 * a.in95 / a.points, a.msis / a.n, a.ms / a.n);
      per[p] = {{"n", a.n}, {"smape", a.smape / a.n}, {"mase", a.mase / a.n}, {"cover80", a.in80 / a.points},
                {"cover95", a.in95 / a.points}, {"msis", a.msis / a.n}, {"ms_per_series", a.ms / a.n}};
    }
    std::printf("\n");
    std::fflush(stdout);
    summary[method] = per;
  }
  std::printf("%s\n", json({{"native", summary}}).dump().c_str());
}
