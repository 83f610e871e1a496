// SPDX-License-Identifier: MIT
// How amounts leave the engine: every money field in a response is rounded to the cent, half away
// from zero, from the binary double the computation produced. Fields named *_exact are not rounded.
#pragma once
#include <cmath>

namespace nestegg {

inline constexpr double kMaxAmount = 1e12;  // amounts accepted: 0 .. 1e12 (or +-1e12 where signed)

inline double to_cents(double x) {
  const double r = std::round(x * 100.0) / 100.0;
  return r == 0 ? 0.0 : r;  // never print -0
}

// Up to the next cent: a saving rounded this way never falls short of what it must reach.
// The 1e-9 guard keeps an amount that is already whole cents (but carries float noise) put.
inline double ceil_cents(double x) {
  const double r = std::ceil(x * 100.0 - 1e-9) / 100.0;
  return r == 0 ? 0.0 : r;
}

}  // namespace nestegg
