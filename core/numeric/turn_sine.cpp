// SPDX-License-Identifier: MIT
#include "turn_sine.hpp"

namespace nestegg {

namespace {

constexpr double kHalfPi = 1.5707963267948966;

// Taylor series on [0, pi/4]: the 12th term is below 1e-23 there, far under the last bit; the
// same additions and multiplications in the same order on every IEEE-754 machine.
void sin_cos_near_zero(double x, double& s, double& c) {
  const double x2 = x * x;
  double ts = x, tc = 1;
  s = x, c = 1;
  for (int n = 1; n <= 12; ++n) {
    ts *= -x2 / double((2 * n) * (2 * n + 1));
    tc *= -x2 / double((2 * n - 1) * (2 * n));
    s += ts;
    c += tc;
  }
}

}  // namespace

double sin_of_turn(int64_t k, int64_t m) {
  k %= m;
  if (k < 0) k += m;
  // 2 pi k / m = q pi/2 + (rem / m) pi/2 with 4k = q m + rem; the remainder's angle is taken from
  // whichever end of its quarter is nearer, so the series always runs on [0, pi/4].
  const int64_t q = 4 * k / m, rem = 4 * k % m;
  const bool far = 2 * rem > m;
  double s, c;
  sin_cos_near_zero(double(far ? m - rem : rem) / double(m) * kHalfPi, s, c);
  const double sin_y = far ? c : s, cos_y = far ? s : c;  // sin and cos of (rem / m) pi/2
  switch (q) {
    case 0: return sin_y;
    case 1: return cos_y;
    case 2: return -sin_y;
    default: return -cos_y;
  }
}

double cos_of_turn(int64_t k, int64_t m) { return sin_of_turn(4 * (k % m) + m, 4 * m); }

}  // namespace nestegg
