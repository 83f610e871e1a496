// SPDX-License-Identifier: MIT
// How amounts leave the engine: every money field in a response is rounded to the cent, half away
// from zero, from the binary double the computation produced. Fields named *_exact are not rounded.
#pragma once
#include <cmath>
#include <string>

#include "exact_decimal.hpp"

namespace nestegg {

inline constexpr double kMaxAmount = 1e12;  // amounts accepted: 0 .. 1e12 (or +-1e12 where signed)

inline double to_cents(double x) {
  const double r = std::round(x * 100.0) / 100.0;
  return r == 0 ? 0.0 : r;  // never print -0
}

// x rounded half away from zero to 1 / scale (10, 100, 1e6), never -0. A number too large to have
// digits there is whole at that scale already and is left as it is: x * 1e6 overflowed past
// 1.8e302 (a health measure of 8.5e303 months was written null).
inline double round_to(double x, double scale) {
  if (!(std::fabs(x) < 0x1p52 / scale)) return x;
  const double r = std::round(x * scale) / scale;
  return r == 0 ? 0.0 : r;
}

// Up to the next cent. An amount that is whole cents but carries float noise stays put: the guard
// is 1e-9 cent plus 1e-12 of the amount, at most 1e-5 cent (355811.83 - 128027.62 - 722 x 236.63
// came out 56937.35000000003, 3e-9 cent over, and was charged a cent more). Never more: a guard
// of 1e-12 of 1e10 is a whole cent, and a saving rounded down by it fell a cent short. Callers
// that promise a target is reached check it after rounding and add what is missing.
inline double ceil_cents(double x) {
  const double c = x * 100.0;
  const double guard = 1e-9 + std::fmin(1e-12 * std::fabs(c), 1e-5);
  const double r = std::ceil(c - guard) / 100.0;
  return r == 0 ? 0.0 : r;
}

// Down to the cent, with the same guard the other way: for an amount a plan promises to reach
// ("saving this until the date reaches this amount"), which rounding to the nearest cent could
// overstate by up to half a cent.
inline double floor_cents(double x) {
  const double c = x * 100.0;
  const double guard = 1e-9 + std::fmin(1e-12 * std::fabs(c), 1e-5);
  const double r = std::floor(c + guard) / 100.0;
  return r == 0 ? 0.0 : r;
}

// Money in a sentence (a text, message or rationale): the cent to_cents gives, with two decimals
// ("625.00", "-12.05"), so a sentence says what the response's amount says.
inline std::string money_text(double x) { return format_fixed(to_cents(x), 2); }

}  // namespace nestegg
