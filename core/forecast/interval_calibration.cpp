// SPDX-License-Identifier: MIT
#include "interval_calibration.hpp"

#include <algorithm>
#include <cmath>

namespace nestegg {

namespace {

struct Curve {  // k(step) = a + b ln(step) at 80 % and at 95 %
  int period;
  double a80, b80, a95, b95;
};

// Learned by tests/forecast/m3_calibrate.cpp on the hold-outs of the 2,002 M3 training parts:
// period 1 from the yearly and "other" series (6 and 8 steps), 4 from the quarterly (8), 12 from
// the monthly (18). Other periods take the nearest: 2-6 the quarterly curve, 7-24 the monthly one.
constexpr Curve kCurves[] = {
    {1, 1.1845, 0.3688, 1.2621, 0.7352},
    {4, 1.0225, 0.1480, 1.1159, 0.1473},
    {12, 1.1173, 0.0200, 1.2183, 0.0534},
};

const Curve& curve_for(int period) {
  return period <= 1 ? kCurves[0] : period <= 6 ? kCurves[1] : kCurves[2];
}

}  // namespace

double interval_multiplier(int period, int step, double level) {
  const Curve& c = curve_for(period);
  const double ln = std::log(double(std::max(step, 1)));
  const double k80 = c.a80 + c.b80 * ln, k95 = c.a95 + c.b95 * ln;
  const double t = std::clamp((level - 80) / 15, 0.0, 1.0);
  return std::max(k80 + t * (k95 - k80), 0.0);
}

void widen_intervals(const std::vector<double>& mean, const std::vector<double>& levels, int period,
                     std::vector<std::vector<double>>& lower, std::vector<std::vector<double>>& upper) {
  for (size_t l = 0; l < levels.size(); ++l)
    for (size_t i = 0; i < mean.size(); ++i) {
      const double k = interval_multiplier(period, int(i) + 1, levels[l]);
      lower[l][i] = mean[i] - k * (mean[i] - lower[l][i]);
      upper[l][i] = mean[i] + k * (upper[l][i] - mean[i]);
    }
}

}  // namespace nestegg
