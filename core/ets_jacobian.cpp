// SPDX-License-Identifier: MIT
#include "ets_jacobian.hpp"

#include <cmath>

namespace nestegg {

namespace {

template <Component kSeason>
bool run(const std::vector<double>& y, int m, Component error, Component trend_kind, const EtsParams& par,
         const EtsState& initial, const std::vector<EtsDirection>& dirs, EtsNormalEquations& out) {
  const size_t p = dirs.size(), n = y.size();
  const bool mult_error = error == Component::multiplicative, has_trend = trend_kind == Component::additive;
  std::vector<double> ring(size_t(m), 0.0), d_ring(size_t(m) * p, 0.0), d_level(p), d_trend(p), de(p), d_logf(p, 0.0);
  for (size_t j = 0; j < p; ++j) {
    d_level[j] = dirs[j].level;
    d_trend[j] = dirs[j].trend;
  }
  if (kSeason != Component::none)
    for (int k = 0; k < m; ++k) {
      const size_t slot = size_t((m - 1 - k) % m);
      ring[slot] = initial.season[size_t(k)];
      for (size_t j = 0; j < p; ++j) d_ring[slot * p + j] = dirs[j].season[size_t(k)];
    }
  const double alpha = par.alpha, beta = par.beta, gamma = par.gamma, phi = par.phi, k_ba = beta / alpha;
  std::vector<double> a(p * p, 0.0), b(p, 0.0);
  double level = initial.level, trend = initial.trend, sse = 0, log_f = 0, product = 1;
  int observed = 0;
  for (size_t t = 0, slot = 0; t < n; ++t, slot = slot + 1 == size_t(m) ? 0 : slot + 1) {
    double& s = ring[slot];
    const double phib = has_trend ? phi * trend : 0.0, q = level + phib;
    const double f = kSeason == Component::additive ? q + s : kSeason == Component::multiplicative ? q * s : q;
    if (!std::isfinite(f) || (mult_error && f == 0)) return false;
    const bool missing = std::isnan(y[t]);
    const double obs = missing ? f : y[t];
    const double e = missing ? 0.0 : mult_error ? (obs - f) / f : obs - f;
    const double pv = kSeason == Component::additive ? obs - s : kSeason == Component::multiplicative ? obs / s : obs;
    const double new_level = q + alpha * (pv - q);
    const double trend_gain = new_level - level - phib;
    double* ds = &d_ring[slot * p];
    for (size_t j = 0; j < p; ++j) {
      const EtsDirection& dj = dirs[j];
      const double dphib = has_trend ? dj.phi * trend + phi * d_trend[j] : 0.0;
      const double dq = d_level[j] + dphib;
      const double df = kSeason == Component::additive         ? dq + ds[j]
                        : kSeason == Component::multiplicative ? dq * s + q * ds[j]
                                                               : dq;
      const double dobs = missing ? df : 0.0;
      de[j] = missing ? 0.0 : mult_error ? -obs / (f * f) * df : -df;
      if (mult_error && !missing) d_logf[j] += df / f;
      const double dp = kSeason == Component::additive         ? dobs - ds[j]
                        : kSeason == Component::multiplicative ? dobs / s - obs / (s * s) * ds[j]
                                                               : dobs;
      const double dl = dq + alpha * (dp - dq) + dj.alpha * (pv - q);
      if (has_trend) {
        const double dk = dj.beta / alpha - beta * dj.alpha / (alpha * alpha);
        d_trend[j] = dphib + k_ba * (dl - d_level[j] - dphib) + dk * trend_gain;
      }
      if (kSeason == Component::additive) ds[j] += gamma * (dobs - dq - ds[j]) + dj.gamma * (obs - q - s);
      if (kSeason == Component::multiplicative)
        ds[j] += gamma * (dobs / q - obs / (q * q) * dq - ds[j]) + dj.gamma * (obs / q - s);
      d_level[j] = dl;
    }
    if (!missing) {
      ++observed;
      sse += e * e;
      for (size_t i = 0; i < p; ++i) {
        b[i] += e * de[i];
        for (size_t j = i; j < p; ++j) a[i * p + j] += de[i] * de[j];
      }
      if (mult_error) {
        product *= std::fabs(f);
        if (product > 1e250 || product < 1e-250) {
          log_f += std::log(product);
          product = 1;
        }
      }
    }
    if (has_trend) trend = phib + k_ba * trend_gain;
    if (kSeason == Component::additive) s += gamma * (obs - q - s);
    if (kSeason == Component::multiplicative) s += gamma * (obs / q - s);
    level = new_level;
  }
  if (observed == 0 || !(sse > 0)) return false;
  const double sum_log_f = mult_error ? log_f + std::log(product) : 0.0;
  out.lik = observed * std::log(sse) + 2 * sum_log_f;
  if (!std::isfinite(out.lik)) return false;
  // r = e G: J = G (de + e c') with c = d log G = mean of d log|f|; G^2 is common to J'J and J'r
  // and left out of both (the step does not depend on it), but not out of the sum of squares.
  out.ssq = mult_error ? sse * std::exp(2 * sum_log_f / observed) : sse;
  out.jtj.assign(p * p, 0.0);
  out.jtr.assign(p, 0.0);
  for (size_t i = 0; i < p; ++i) {
    const double ci = mult_error ? d_logf[i] / observed : 0.0;
    out.jtr[i] = b[i] + sse * ci;
    for (size_t j = i; j < p; ++j) {
      const double cj = mult_error ? d_logf[j] / observed : 0.0;
      const double v = a[i * p + j] + b[i] * cj + ci * b[j] + sse * ci * cj;
      out.jtj[i * p + j] = out.jtj[j * p + i] = v;
    }
  }
  return true;
}

}  // namespace

bool ets_normal_equations(const std::vector<double>& y, int m, const EtsSpec& spec, const EtsParams& par,
                          const EtsState& initial, const std::vector<EtsDirection>& directions,
                          EtsNormalEquations& out) {
  switch (spec.season) {
    case Component::none: return run<Component::none>(y, 1, spec.error, spec.trend, par, initial, directions, out);
    case Component::additive:
      return run<Component::additive>(y, m, spec.error, spec.trend, par, initial, directions, out);
    default: return run<Component::multiplicative>(y, m, spec.error, spec.trend, par, initial, directions, out);
  }
}

}  // namespace nestegg
