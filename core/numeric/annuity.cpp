// SPDX-License-Identifier: MIT
#include "annuity.hpp"

#include <cmath>

#include "basic_math.hpp"

namespace nestegg {

double growth_minus_one(double r, double n) {
  if (r == 0) return 0;
  return expm1_basic(n * log1p_basic(r));
}

double annuity_factor(double r, double n) {
  if (r == 0) return n;
  return growth_minus_one(r, n) / r;
}

double future_value(double present, double contribution, double r, double n) {
  return present * (1 + growth_minus_one(r, n)) + contribution * annuity_factor(r, n);
}

PeriodsResult months_to_target(double target, double present, double contribution, double r) {
  if (present >= target) return {0, Unreachable::none};
  if (r == 0) {
    if (contribution <= 0) return {0, Unreachable::no_saving};
    return {(target - present) / contribution, Unreachable::none};
  }
  // (1+r)^n = (C + T r) / (C + P r), so n = log1p((T - P) r / (C + P r)) / log1p(r).
  const double denom = contribution + present * r;
  if (denom <= 0) {
    return {0, r > 0 ? Unreachable::no_saving : Unreachable::balance_shrinks};
  }
  if (r < 0 && contribution + target * r <= 0) return {0, Unreachable::ceiling_below_target};
  const double x = (target - present) * r / denom;
  return {log1p_basic(x) / log1p_basic(r), Unreachable::none};
}

double payment_for_target(double target, double present, double r, double n) {
  return (target - present * (1 + growth_minus_one(r, n))) / annuity_factor(r, n);
}

}  // namespace nestegg
