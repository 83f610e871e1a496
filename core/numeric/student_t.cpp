// SPDX-License-Identifier: MIT
#include "student_t.hpp"

#include "basic_math.hpp"
#include "normal_cdf.hpp"

#include <cmath>
#include <limits>

namespace nestegg {

// Continued fraction for I_x(a, b) (Numerical Recipes' betacf, written from the formula).
static double beta_continued_fraction(double a, double b, double x) {
  const double tiny = 1e-300, eps = 1e-16;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::fabs(d) < tiny) d = tiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double m2 = 2.0 * m;
    double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    c = 1 + num / c;
    if (std::fabs(d) < tiny) d = tiny;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    c = 1 + num / c;
    if (std::fabs(d) < tiny) d = tiny;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < eps) break;
  }
  return h;
}

double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double log_front = lgamma_basic(a + b) - lgamma_basic(a) - lgamma_basic(b) + a * log_basic(x) + b * log1p_basic(-x);
  const double front = exp_basic(log_front);
  // The fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return front * beta_continued_fraction(a, b, x) / a;
  return 1 - front * beta_continued_fraction(b, a, 1 - x) / b;
}

double student_t_cdf(double t, double dof) {
  if (std::isinf(t)) return t > 0 ? 1 : 0;
  if (t * t < dof) {
    // Near the centre dof/(dof + t^2) rounds to 1; the complementary form keeps the digits.
    const double half = 0.5 * incomplete_beta(0.5, dof / 2, t * t / (dof + t * t));  // P(0 < T < |t|)
    return t >= 0 ? 0.5 + half : 0.5 - half;
  }
  const double tail = 0.5 * incomplete_beta(dof / 2, 0.5, dof / (dof + t * t));  // P(T > |t|)
  return t >= 0 ? 1 - tail : tail;
}

// Newton's method on the CDF from Cornish and Fisher's expansion (Abramowitz & Stegun 26.7.5), which
// is within a few per cent of the quantile even at dof = 1, inside a bracket that every CDF value
// narrows; a step that would leave the bracket bisects instead. About four CDF evaluations instead
// of bisection's sixty, to the same precision.
double student_t_quantile(double p, double dof) {
  if (p <= 0) return -std::numeric_limits<double>::infinity();
  if (p >= 1) return std::numeric_limits<double>::infinity();
  double lo = -1, hi = 1;
  while (student_t_cdf(lo, dof) > p) lo *= 2;
  while (student_t_cdf(hi, dof) < p) hi *= 2;
  const double z = normal_quantile(p), z2 = z * z;
  const double g1 = (z2 + 1) * z / 4, g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  const double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  const double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
  double t = z + (g1 + (g2 + (g3 + g4 / dof) / dof) / dof) / dof;
  if (!(t > lo && t < hi)) t = 0.5 * (lo + hi);
  // log of the density's constant: Gamma((dof + 1) / 2) / (Gamma(dof / 2) sqrt(dof pi))
  const double log_c = lgamma_basic((dof + 1) / 2) - lgamma_basic(dof / 2) - 0.5 * log_basic(dof * 3.14159265358979323846);
  for (int i = 0; i < 200 && hi - lo > 1e-15 * std::max(1.0, std::fabs(lo)); ++i) {
    const double f = student_t_cdf(t, dof) - p;
    if (f == 0) return t;
    (f < 0 ? lo : hi) = t;
    const double density = exp_basic(log_c - (dof + 1) / 2 * log1p_basic(t * t / dof));
    const double next = t - f / density;
    if (std::fabs(next - t) <= 1e-15 * std::max(1.0, std::fabs(t))) return next > lo && next < hi ? next : t;
    t = next > lo && next < hi ? next : 0.5 * (lo + hi);
  }
  return t;
}

static void mean_and_variance(const std::vector<double>& x, double& mean, double& var) {
  mean = 0;
  for (double v : x) mean += v;
  mean /= double(x.size());
  var = 0;
  for (double v : x) var += (v - mean) * (v - mean);
  var /= double(x.size() - 1);
}

bool welch_t_test(const std::vector<double>& a, const std::vector<double>& b, WelchResult& out) {
  if (a.size() < 2 || b.size() < 2) return false;
  double ma, va, mb, vb;
  mean_and_variance(a, ma, va);
  mean_and_variance(b, mb, vb);
  const double sa = va / double(a.size()), sb = vb / double(b.size());
  if (sa + sb == 0) return false;
  out.mean_difference = mb - ma;
  out.t = out.mean_difference / std::sqrt(sa + sb);
  out.dof = (sa + sb) * (sa + sb) / (sa * sa / double(a.size() - 1) + sb * sb / double(b.size() - 1));
  out.p_value = 2 * (1 - student_t_cdf(std::fabs(out.t), out.dof));
  return true;
}

double normal_quantile(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  double x;
  if (p < 0.02425 || p > 1 - 0.02425) {
    const double q = std::sqrt(-2 * log_basic(p < 0.5 ? p : 1 - p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    if (p > 0.5) x = -x;
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // Halley refinement; the CDF and exp from basic operations, so that the quantile is the same
  // natively and in wasm (libm's erfc and exp are not).
  const double e = normal_cdf(x) - p;
  const double u = e * std::sqrt(2 * 3.14159265358979323846) * exp_basic(x * x / 2);
  return x - u / (1 + x * u / 2);
}

}  // namespace nestegg
