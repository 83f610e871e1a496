// SPDX-License-Identifier: MIT
#include "ets_gradient.hpp"

#include <cmath>
#include <limits>

namespace nestegg {

namespace {

struct Step {
  double level, trend, season, q, f, e, p, new_level;
};

// Compiled once per season type (it decides the inner loop's shape); error and trend are run-time
// branches, predictable ones: a third of the code in the size-budgeted .wasm for little time.
template <Component kSeason>
double run(const std::vector<double>& y, int m, Component kError, Component kTrend, const EtsParams& par,
           const EtsState& initial, EtsGradient& g) {
  const int n = int(y.size());
  std::vector<double> ring(static_cast<size_t>(m), 0.0);
  if (kSeason != Component::none)
    for (int k = 0; k < m; ++k) ring[size_t((m - 1 - k) % m)] = initial.season[size_t(k)];
  std::vector<Step> steps(static_cast<size_t>(n));
  const double alpha = par.alpha, beta = par.beta, gamma = par.gamma, phi = par.phi, k_ba = beta / alpha;
  double level = initial.level, trend = initial.trend, sse = 0, log_f = 0, product = 1;
  int observed = 0;
  // Forward: the filter of ets.cpp, keeping what the backward pass needs.
  for (int t = 0, slot = 0; t < n; ++t, slot = slot + 1 == m ? 0 : slot + 1) {
    Step& st = steps[size_t(t)];
    double& s = ring[size_t(slot)];
    st.level = level;
    st.trend = trend;
    st.season = s;
    const double phib = kTrend == Component::additive ? phi * trend : 0.0;
    st.q = level + phib;
    st.f = kSeason == Component::additive ? st.q + s : kSeason == Component::multiplicative ? st.q * s : st.q;
    if (!std::isfinite(st.f) || (kError == Component::multiplicative && st.f == 0))
      return std::numeric_limits<double>::infinity();
    // A missing month moves on by its own forecast (obs = f), as in ets.cpp, and adds no error.
    const bool missing = std::isnan(y[size_t(t)]);
    const double obs = missing ? st.f : y[size_t(t)];
    st.e = missing ? 0.0 : kError == Component::additive ? obs - st.f : (obs - st.f) / st.f;
    sse += st.e * st.e;
    observed += !missing;
    if (kError == Component::multiplicative && !missing) {  // one log per series, as in ets.cpp
      product *= std::fabs(st.f);
      if (product > 1e250 || product < 1e-250) {
        log_f += std::log(product);
        product = 1;
      }
    }
    st.p = kSeason == Component::additive ? obs - s : kSeason == Component::multiplicative ? obs / s : obs;
    level = st.q + alpha * (st.p - st.q);
    st.new_level = level;
    if (kTrend == Component::additive) trend = phib + k_ba * (level - st.level - phib);
    if (kSeason == Component::additive) s += gamma * (obs - st.q - s);
    if (kSeason == Component::multiplicative) s += gamma * (obs / st.q - s);
  }
  double lik = observed * std::log(sse);
  if (kError == Component::multiplicative) lik += 2 * (log_f + std::log(product));

  // Backward: adjoints of the state after each step, then of the inputs to it.
  const double c = 2.0 * observed / sse;  // d lik / d e_t = c e_t
  double a_level = 0, a_trend = 0, a_alpha = 0, a_beta_ratio = 0, a_gamma = 0, a_phi = 0;
  std::vector<double> a_ring(static_cast<size_t>(m), 0.0);
  int slot = (n - 1) % m;
  for (int t = n - 1; t >= 0; --t, slot = slot == 0 ? m - 1 : slot - 1) {
    const Step& st = steps[size_t(t)];
    const bool missing = std::isnan(y[size_t(t)]);
    const double obs = missing ? st.f : y[size_t(t)];
    const double phib = kTrend == Component::additive ? phi * st.trend : 0.0;
    double a_new_level = a_level, a_q = 0, a_s = 0, a_phib = 0, a_l = 0, a_b = 0;
    if (kTrend == Component::additive) {  // trend' = phib + k (level' - level - phib)
      a_new_level += a_trend * k_ba;
      a_phib += a_trend * (1 - k_ba);
      a_l -= a_trend * k_ba;
      a_beta_ratio += a_trend * (st.new_level - st.level - phib);
    }
    if (kSeason != Component::none) {  // season' from the old season, q and the observation
      const double a_new_s = a_ring[size_t(slot)];
      a_s += a_new_s * (1 - gamma);
      if (kSeason == Component::additive) {
        a_q -= a_new_s * gamma;
        a_gamma += a_new_s * (obs - st.q - st.season);
      } else {
        a_q -= a_new_s * gamma * obs / (st.q * st.q);
        a_gamma += a_new_s * (obs / st.q - st.season);
      }
    }
    // level' = q + alpha (p - q)
    a_q += a_new_level * (1 - alpha);
    const double a_p = a_new_level * alpha;
    a_alpha += a_new_level * (st.p - st.q);
    if (kSeason == Component::additive) a_s -= a_p;
    if (kSeason == Component::multiplicative) a_s -= a_p * obs / (st.season * st.season);
    // The error and log|f| terms through f; a missing month has none, but its stand-in obs = f
    // reaches the new level (through p) and the new season.
    double a_f;
    if (!missing) {
      a_f = kError == Component::additive ? -c * st.e : -c * st.e * obs / (st.f * st.f) + 2 / st.f;
    } else {
      const double a_new_s = kSeason == Component::none ? 0.0 : a_ring[size_t(slot)];
      a_f = kSeason == Component::additive         ? a_p + a_new_s * gamma
            : kSeason == Component::multiplicative ? a_p / st.season + a_new_s * gamma / st.q
                                                   : a_p;
    }
    if (kSeason == Component::multiplicative) {
      a_q += a_f * st.season;
      a_s += a_f * st.q;
    } else {
      a_q += a_f;
      if (kSeason == Component::additive) a_s += a_f;
    }
    // q = level + phib, phib = phi trend
    a_l += a_q;
    a_phib += a_q;
    if (kTrend == Component::additive) {
      a_b += a_phib * phi;
      a_phi += a_phib * st.trend;
    }
    a_level = a_l;
    a_trend = a_b;
    if (kSeason != Component::none) a_ring[size_t(slot)] = a_s;
  }
  g.alpha = a_alpha - a_beta_ratio * beta / (alpha * alpha);
  g.beta = a_beta_ratio / alpha;
  g.gamma = a_gamma;
  g.phi = a_phi;
  g.level = a_level;
  g.trend = a_trend;
  g.season.assign(size_t(kSeason == Component::none ? 0 : m), 0.0);
  if (kSeason != Component::none)
    for (int k = 0; k < m; ++k) g.season[size_t(k)] = a_ring[size_t((m - 1 - k) % m)];
  return lik;
}

}  // namespace

double ets_likelihood_gradient(const std::vector<double>& y, int m, const EtsSpec& spec, const EtsParams& par,
                               const EtsState& initial, EtsGradient& grad) {
  switch (spec.season) {
    case Component::none: return run<Component::none>(y, 1, spec.error, spec.trend, par, initial, grad);
    case Component::additive: return run<Component::additive>(y, m, spec.error, spec.trend, par, initial, grad);
    default: return run<Component::multiplicative>(y, m, spec.error, spec.trend, par, initial, grad);
  }
}

}  // namespace nestegg
