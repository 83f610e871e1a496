// SPDX-License-Identifier: MIT
// Learns the multipliers that widen the combination's prediction intervals
// (core/forecast/interval_calibration.cpp) from in-sample hold-outs of the M3 training parts, never
// from the competition's held-out values:
//   build/native/tests/m3_calibrate [m3.json]
// Each series' history x (what the competitors were given) is cut at n - h: the combination, its
// intervals uncalibrated, is fitted on x[1..n-h] and its forecasts compared with x[n-h+1..n]. For
// each season length (1: yearly and other, 4, 12), level (80, 95) and step s that every series of
// the group reaches (yearly 6 of other's 8: a step's mix of series stays the same), the multiplier is the
// level's quantile of |error| / (the bound's distance from the forecast on the error's side): the
// smallest widening under which that share of the hold-out values falls inside. A curve
// k(s) = a + b ln s is fitted to the steps by least squares (weighted by the values per step) so
// that steps beyond those learned (the API allows 120) continue smoothly; the fitted curves are
// printed as the C++ table interval_calibration.cpp holds, then the hold-out coverage before and
// after, per group.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "interval_calibration.hpp"
#include "series_forecast.hpp"

using json = nlohmann::json;
using namespace nestegg;

namespace {

constexpr double kLevels[] = {80, 95};

double quantile(std::vector<double> v, double q) {  // type 7
  std::sort(v.begin(), v.end());
  const double pos = q * double(v.size() - 1);
  const size_t i = size_t(pos);
  return i + 1 < v.size() ? v[i] + (pos - double(i)) * (v[i + 1] - v[i]) : v.back();
}

// ratio of a value's error to the bound's distance on its side (0 when both are 0)
double ratio(double y, double mean, double lower, double upper) {
  const double e = y - mean, w = e >= 0 ? upper - mean : mean - lower;
  if (std::fabs(e) == 0) return 0;
  return w > 0 ? std::fabs(e) / w : INFINITY;
}

struct Group {
  std::vector<std::vector<double>> r[2];  // [level][step] ratios
  size_t steps = 1000;                    // the shortest horizon among the group's series
  double points = 0, in_raw[2] = {0, 0}, in_cal[2] = {0, 0};
};

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "../shared/data/m3/m3.json";
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "no M3 data at %s\n", path.c_str());
    return 1;
  }
  const json m3 = json::parse(in);
  std::map<int, Group> groups;
  struct Kept { int m; std::vector<double> y; SeriesForecast f; };
  std::vector<Kept> kept;
  for (const json& s : m3["series"]) {
    std::vector<double> x = s["x"].get<std::vector<double>>();
    SeriesRequest r;
    r.horizon = s["h"];
    r.period = s["frequency"];
    r.levels = {80, 95};
    r.method = "combination";
    r.calibrate_intervals = false;
    const std::vector<double> hold(x.end() - r.horizon, x.end());
    r.y.assign(x.begin(), x.end() - r.horizon);
    const SeriesForecast f = forecast_series(r);
    Group& g = groups[r.period];
    g.steps = std::min(g.steps, hold.size());
    for (int l = 0; l < 2; ++l) {
      if (g.r[l].size() < hold.size()) g.r[l].resize(hold.size());
      for (size_t i = 0; i < hold.size(); ++i)
        g.r[l][i].push_back(ratio(hold[i], f.mean[i], f.lower[size_t(l)][i], f.upper[size_t(l)][i]));
    }
    kept.push_back({r.period, hold, f});
  }
  std::printf("// learned by tests/forecast/m3_calibrate.cpp: {period, a80, b80, a95, b95}\n");
  for (auto& [m, g] : groups) {
    double ab[2][2];
    for (int l = 0; l < 2; ++l) {
      // weighted least squares of k_s on ln s
      double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
      std::printf("// m=%d level %g per step:", m, kLevels[l]);
      for (size_t i = 0; i < g.steps; ++i) {
        const double k = quantile(g.r[l][i], kLevels[l] / 100), x = std::log(double(i + 1)),
                     w = double(g.r[l][i].size());
        std::printf(" %.3f", k);
        sw += w, sx += w * x, sy += w * k, sxx += w * x * x, sxy += w * x * k;
      }
      std::printf("\n");
      const double b = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
      ab[l][0] = (sy - b * sx) / sw;
      ab[l][1] = b;
    }
    std::printf("{%d, %.4f, %.4f, %.4f, %.4f},\n", m, ab[0][0], ab[0][1], ab[1][0], ab[1][1]);
  }
  // hold-out coverage before and after (with the table compiled in now)
  for (const Kept& k : kept) {
    Group& g = groups[k.m];
    SeriesForecast cal = k.f;
    widen_intervals(cal.mean, {80, 95}, k.m, cal.lower, cal.upper);
    for (size_t i = 0; i < k.y.size(); ++i) {
      g.points += 1;
      for (int l = 0; l < 2; ++l) {
        g.in_raw[l] += k.y[i] >= k.f.lower[size_t(l)][i] && k.y[i] <= k.f.upper[size_t(l)][i];
        g.in_cal[l] += k.y[i] >= cal.lower[size_t(l)][i] && k.y[i] <= cal.upper[size_t(l)][i];
      }
    }
  }
  for (auto& [m, g] : groups)
    std::printf("// hold-out coverage m=%d: raw %.1f%%/%.1f%%, with the compiled table %.1f%%/%.1f%% (%g values)\n", m,
                100 * g.in_raw[0] / g.points, 100 * g.in_raw[1] / g.points, 100 * g.in_cal[0] / g.points,
                100 * g.in_cal[1] / g.points, g.points);
}
