// SPDX-License-Identifier: MIT
#include "ets_jacobian.hpp"

#include <algorithm>
#include <cmath>

#include "basic_math.hpp"

namespace nestegg {

namespace {

// What one step of the filter does to a derivative, as coefficients of a linear map that is the
// same for every direction: the per-direction loop then has no branches, whatever the model.
struct StepMap {
  double phi, trend;        // d phib = phi d trend + trend d phi (zeros without a trend)
  double f_q, f_s;          // d f = f_q d q + f_s d s
  double e_f, logf_f, obs_f;  // d e = e_f d f; d log|f| = logf_f d f; d obs = obs_f d f (a missing month)
  double p_obs, p_s;        // d p = p_obs d obs + p_s d s
  double p_minus_q;         // level' = q + alpha (p - q)
  double k, k_alpha, k_beta;  // trend' = phib + k (level' - level - phib); d k by alpha and beta
  double gain;              // level' - level - phib
  double s_obs, s_q, s_gamma;  // d s' = d s + gamma (s_obs d obs + s_q d q - d s) + s_gamma d gamma
};

}  // namespace

bool ets_normal_equations(const std::vector<double>& y, int m_in, const EtsSpec& spec, const EtsParams& par,
                          const EtsState& initial, const std::vector<EtsDirection>& dirs, EtsNormalEquations& out) {
  const Component season = spec.season;
  const int m = season == Component::none ? 1 : m_in;
  const size_t p = dirs.size(), n = y.size();
  const bool mult_error = spec.error == Component::multiplicative, has_trend = spec.trend == Component::additive;
  // Per direction: the smoothing seeds, the running derivatives of level and trend, this step's
  // derivative of the error and the sum of d log|f|; then the seasonal ring's derivatives (slot
  // t % m holds the state used at time t, as in ets.cpp), the ring itself, J'J and J'e.
  const size_t mm = size_t(m);
  out.work.assign(8 * p + mm * p + mm + p * p + p, 0.0);
  double* d_alpha = out.work.data();
  double* d_beta = d_alpha + p;
  double* d_gamma = d_beta + p;
  double* d_phi = d_gamma + p;
  double* d_level = d_phi + p;
  double* d_trend = d_level + p;
  double* de = d_trend + p;
  double* d_logf = de + p;
  double* d_ring = d_logf + p;
  double* ring = d_ring + mm * p;
  double* a = ring + mm;
  double* b = a + p * p;
  for (size_t j = 0; j < p; ++j) {
    d_alpha[j] = dirs[j].alpha, d_beta[j] = dirs[j].beta, d_gamma[j] = dirs[j].gamma, d_phi[j] = dirs[j].phi;
    d_level[j] = dirs[j].level;
    d_trend[j] = has_trend ? dirs[j].trend : 0.0;
  }
  if (season != Component::none)
    for (int k = 0; k < m; ++k) {
      const size_t slot = size_t((m - 1 - k) % m);
      ring[slot] = initial.season[size_t(k)];
      for (size_t j = 0; j < p; ++j) d_ring[slot * p + j] = dirs[j].season[size_t(k)];
    }
  size_t p_seeded = p;  // directions from here on move no smoothing parameter
  while (p_seeded > 0 && d_alpha[p_seeded - 1] == 0 && d_beta[p_seeded - 1] == 0 && d_gamma[p_seeded - 1] == 0 &&
         d_phi[p_seeded - 1] == 0)
    --p_seeded;
  const double alpha = par.alpha, beta = has_trend ? par.beta : 0.0, gamma = par.gamma, phi = par.phi;
  double level = initial.level, trend = has_trend ? initial.trend : 0.0, sse = 0, log_f = 0, product = 1, scale2 = 0;
  int observed = 0;
  StepMap c{};
  for (size_t t = 0, slot = 0; t < n; ++t, slot = slot + 1 == size_t(m) ? 0 : slot + 1) {
    double& s = ring[slot];
    const double phib = has_trend ? phi * trend : 0.0, q = level + phib;
    const double f = season == Component::additive ? q + s : season == Component::multiplicative ? q * s : q;
    if (!std::isfinite(f) || (mult_error && !(f > 0))) return false;  // as ets_filter
    const bool missing = std::isnan(y[t]);
    const double obs = missing ? f : y[t];
    const double e = missing ? 0.0 : mult_error ? (obs - f) / f : obs - f;
    const double pv = season == Component::additive ? obs - s : season == Component::multiplicative ? obs / s : obs;
    const double new_level = q + alpha * (pv - q);
    c.phi = has_trend ? phi : 0.0;
    c.trend = trend;
    c.f_q = season == Component::multiplicative ? s : 1.0;
    c.f_s = season == Component::additive ? 1.0 : season == Component::multiplicative ? q : 0.0;
    c.e_f = missing ? 0.0 : mult_error ? -obs / (f * f) : -1.0;
    c.logf_f = mult_error && !missing ? 1 / f : 0.0;
    c.obs_f = missing ? 1.0 : 0.0;
    c.p_obs = season == Component::multiplicative ? 1 / s : 1.0;
    c.p_s = season == Component::additive ? -1.0 : season == Component::multiplicative ? -obs / (s * s) : 0.0;
    c.p_minus_q = pv - q;
    c.gain = new_level - level - phib;
    c.k = beta / alpha;
    c.k_alpha = -c.gain * beta / (alpha * alpha);
    c.k_beta = has_trend ? c.gain / alpha : 0.0;
    c.s_obs = season == Component::additive ? 1.0 : season == Component::multiplicative ? 1 / q : 0.0;
    c.s_q = season == Component::additive ? -1.0 : season == Component::multiplicative ? -obs / (q * q) : 0.0;
    c.s_gamma = season == Component::additive ? obs - q - s : season == Component::multiplicative ? obs / q - s : 0.0;
    const double g = season == Component::none ? 0.0 : gamma;
    double* ds = &d_ring[slot * p];
    // Directions that move a smoothing parameter, then those that move only initial states.
    for (size_t j = 0; j < p_seeded; ++j) {
      const double dphib = c.phi * d_trend[j] + c.trend * d_phi[j];
      const double dq = d_level[j] + dphib, dsj = ds[j];
      const double df = c.f_q * dq + c.f_s * dsj;
      de[j] = c.e_f * df;
      d_logf[j] += c.logf_f * df;
      const double dobs = c.obs_f * df;
      const double dl = dq + alpha * (c.p_obs * dobs + c.p_s * dsj - dq) + c.p_minus_q * d_alpha[j];
      d_trend[j] = dphib + c.k * (dl - d_level[j] - dphib) + c.k_alpha * d_alpha[j] + c.k_beta * d_beta[j];
      ds[j] = dsj + g * (c.s_obs * dobs + c.s_q * dq - dsj) + c.s_gamma * d_gamma[j];
      d_level[j] = dl;
    }
    for (size_t j = p_seeded; j < p; ++j) {
      const double dphib = c.phi * d_trend[j];
      const double dq = d_level[j] + dphib, dsj = ds[j];
      const double df = c.f_q * dq + c.f_s * dsj;
      de[j] = c.e_f * df;
      d_logf[j] += c.logf_f * df;
      const double dobs = c.obs_f * df;
      const double dl = dq + alpha * (c.p_obs * dobs + c.p_s * dsj - dq);
      d_trend[j] = dphib + c.k * (dl - d_level[j] - dphib);
      ds[j] = dsj + g * (c.s_obs * dobs + c.s_q * dq - dsj);
      d_level[j] = dl;
    }
    if (!missing) {
      ++observed;
      sse += e * e;
      scale2 += mult_error ? 1.0 : f * f;
      for (size_t i = 0; i < p; ++i) {
        const double di = de[i];
        b[i] += e * di;
        double* row = &a[i * p];
        for (size_t j = i; j < p; ++j) row[j] += di * de[j];
      }
      if (mult_error) {
        product *= std::fabs(f);
        if (product > 1e250 || product < 1e-250) {
          log_f += log_basic(product);
          product = 1;
        }
      }
    }
    if (has_trend) trend = phib + c.k * c.gain;
    if (season == Component::additive) s += gamma * (obs - q - s);
    if (season == Component::multiplicative) s += gamma * (obs / q - s);
    level = new_level;
  }
  if (observed == 0 || !(sse >= 0)) return false;
  const double sum_log_f = mult_error ? log_f + log_basic(product) : 0.0;
  out.lik = observed * log_basic(std::max(sse, ets_sse_floor(scale2))) + 2 * sum_log_f;
  if (!std::isfinite(out.lik)) return false;
  // r = e G: J = G (de + e c') with c = d log G = mean of d log|f|; G^2 is common to J'J and J'r
  // and left out of both (the step does not depend on it).
  out.jtj.resize(p * p);  // every entry is written below
  out.jtr.resize(p);
  for (size_t i = 0; i < p; ++i) {
    const double ci = d_logf[i] / observed;
    out.jtr[i] = b[i] + sse * ci;
    for (size_t j = i; j < p; ++j) {
      const double cj = d_logf[j] / observed;
      out.jtj[i * p + j] = out.jtj[j * p + i] = a[i * p + j] + b[i] * cj + ci * b[j] + sse * ci * cj;
    }
  }
  return true;
}

}  // namespace nestegg
