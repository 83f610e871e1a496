// SPDX-License-Identifier: MIT
// sin and cos of fractions of a turn from basic operations: exact at quarter turns, within two
// units in the last place (at 1) of the true value elsewhere, odd and periodic.
#include <catch2/catch.hpp>

#include <cmath>

#include "turn_sine.hpp"

using namespace nestegg;

TEST_CASE("turn sine: quarter turns exact, within 2 ulp elsewhere, periodic and odd") {
  CHECK(sin_of_turn(0, 12) == 0);
  CHECK(sin_of_turn(3, 12) == 1);
  CHECK(sin_of_turn(9, 12) == -1);
  CHECK(cos_of_turn(0, 7) == 1);
  CHECK(cos_of_turn(6, 12) == -1);
  // The reference in the x87's 64-bit-mantissa long double (natively): the double angle 2 pi k / m
  // is itself off by up to half an ulp of 2 pi, which moves libm's double answer by up to 8 ulp.
  const long double pi = 3.14159265358979323846264338327950288L;
  for (int64_t m : {2, 3, 4, 5, 7, 12, 24, 52, 365}) {
    for (int64_t k = -2 * m; k <= 2 * m; ++k) {
      const long double x = 2 * pi * (long double)(((k % m) + m) % m) / (long double)m;
      const double s = sin_of_turn(k, m), c = cos_of_turn(k, m);
      CHECK(std::fabs((long double)s - std::sin(x)) <= 4.5e-16L);
      CHECK(std::fabs((long double)c - std::cos(x)) <= 4.5e-16L);
      CHECK(s == sin_of_turn(k + m, m));
      CHECK(s == -sin_of_turn(-k, m));
    }
  }
}
