// SPDX-License-Identifier: MIT
// Time-value-of-money for a savings balance: a starting amount that compounds monthly, plus a
// fixed contribution paid at the END of each month (an "ordinary annuity", numpy-financial's
// when='end'). All rates here are MONTHLY rates r = annual_rate / 12.
//
// Why not the textbook formulas as written: (1+r)^n - 1 and log(1+r) lose every significant digit
// when |r| < 1e-9 (numpy-financial and Excel both do). Here (1+r)^n - 1 is expm1(n*log1p(r)), and
// the number of periods is log1p(x)/log1p(r), which stay exact down to r = 0, where an exact
// zero-rate branch takes over.
#pragma once
#include <optional>

namespace nestegg {

// (1+r)^n - 1, accurate for tiny r.
double growth_minus_one(double r, double n);
// Future value of 1 paid at the end of each of n months: ((1+r)^n - 1) / r, or n when r == 0.
double annuity_factor(double r, double n);

// Balance after n months (n may be fractional: the continuous extension used by NPER).
double future_value(double present, double contribution, double r, double n);

enum class Unreachable {
  none,
  no_saving,            // nothing saved and nothing growing: the balance never moves
  balance_shrinks,      // a negative return eats more than is contributed each month
  ceiling_below_target  // with a negative return the balance levels off below the target
};

struct PeriodsResult {
  double months = 0;  // fractional months; 0 when already reached; meaningless when unreachable
  Unreachable why = Unreachable::none;
};

// Months until the balance first reaches `target` (numpy-financial's nper with pv=-present,
// pmt=-contribution, fv=target). Requires present, contribution, target >= 0.
PeriodsResult months_to_target(double target, double present, double contribution, double r);

// Contribution per month that reaches `target` after exactly n > 0 months (numpy's pmt, sign
// flipped). Negative when the present amount alone overshoots: callers clamp as they see fit.
double payment_for_target(double target, double present, double r, double n);

}  // namespace nestegg
