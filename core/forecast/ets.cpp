// SPDX-License-Identifier: MIT
#include "ets.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "basic_math.hpp"
#include "error.hpp"
#include "random.hpp"

namespace nestegg {

namespace {

constexpr double kTol = 1e-10;   // as forecast's etscalc: guards divisions by a vanishing state
constexpr double kHuge = 1e10;

// The running state with the seasonal states in a ring: slot t % m holds the seasonal state
// used at time t, which is also where its update goes. Saves shifting m values every step.
struct Running {
  double level, trend;
  std::array<double, kMaxPeriod> ring{};  // fixed: the likelihood runs thousands of times per fit
  int m;

  Running(const EtsState& s, int m_, int t0) : level(s.level), trend(s.trend), m(m_) {
    if (!s.season.empty())
      for (int k = 0; k < m; ++k) ring[size_t((t0 + m - 1 - k) % m)] = s.season[size_t(k)];
  }
  EtsState at(int t) const {  // the state after observation t-1 (time t next)
    EtsState s{level, trend, {}};
    s.season.resize(size_t(m));
    for (int k = 0; k < m; ++k) s.season[size_t(k)] = ring[size_t(((t - 1 - k) % m + m) % m)];
    return s;
  }
};

double one_step(const EtsSpec& spec, const EtsParams& par, const Running& r, int slot) {
  double f = r.level;
  if (spec.trend == Component::additive) f += par.phi * r.trend;
  if (spec.season == Component::additive) f += r.ring[size_t(slot)];
  else if (spec.season == Component::multiplicative) f *= r.ring[size_t(slot)];
  return f;
}

// forecast's update(): the same for both error types, written in terms of the observation.
// `beta_over_alpha` is passed in because this runs for every month of every likelihood evaluation.
void update(const EtsSpec& spec, const EtsParams& par, double beta_over_alpha, Running& r, int slot, double y) {
  const double old_level = r.level;
  const double phib = spec.trend == Component::additive ? par.phi * r.trend : 0.0;
  const double q = old_level + phib;
  double& s = r.ring[size_t(slot)];
  double p = y;
  if (spec.season == Component::additive) p = y - s;
  else if (spec.season == Component::multiplicative) p = std::fabs(s) < kTol ? kHuge : y / s;
  r.level = q + par.alpha * (p - q);
  if (spec.trend == Component::additive) r.trend = phib + beta_over_alpha * (r.level - old_level - phib);
  if (spec.season == Component::additive) s += par.gamma * (y - q - s);
  else if (spec.season == Component::multiplicative) s += par.gamma * ((std::fabs(q) < kTol ? kHuge : y / q) - s);
}

const char* letter(Component c) { return c == Component::none ? "N" : c == Component::additive ? "A" : "M"; }

}  // namespace

std::string ets_name(const EtsSpec& s) {
  return std::string("ETS(") + letter(s.error) + "," + letter(s.trend) + (s.damped ? "d" : "") + "," +
         letter(s.season) + ")";
}

EtsSpec parse_ets_spec(const std::string& text, const std::string& field) {
  auto bad = [&] {
    fail(code::invalid_value, field, "'%.*s' is not an ETS model: error A|M, trend N|A|Ad, season N|A|M (e.g. \"MAdM\")",
         int(text.size()), text.data());
  };
  if (text.size() != 3 && text.size() != 4) bad();
  auto component = [&](char c, bool none_ok) {
    if (c == 'N' && none_ok) return Component::none;
    if (c == 'A') return Component::additive;
    if (c == 'M') return Component::multiplicative;
    bad();
    return Component::none;
  };
  EtsSpec s;
  s.error = component(text[0], false);
  s.trend = component(text[1], true);
  if (s.trend == Component::multiplicative) bad();
  s.damped = text.size() == 4;
  if (s.damped && (text[2] != 'd' || s.trend == Component::none)) bad();
  s.season = component(text.back(), true);
  return s;
}

EtsFilterResult ets_filter(const std::vector<double>& y, int m, const EtsSpec& spec, const EtsParams& par,
                           const EtsState& initial, bool keep_series) {
  EtsFilterResult out;
  Running r(initial, m, 0);
  const int n = int(y.size());
  if (keep_series) {
    out.residuals.resize(size_t(n));
    out.fitted.resize(size_t(n));
  }
  // sum log|f| as the log of a running product, taken only when the product nears the ends of
  // the double range: one log per series instead of one per month (it dominated M-error fits).
  double product = 1, log_f = 0, scale2 = 0;
  const double beta_over_alpha = par.beta / par.alpha;
  for (int t = 0, slot = 0; t < n; ++t, slot = slot + 1 == m ? 0 : slot + 1) {
    const double f = one_step(spec, par, r, slot);
    // A multiplicative error, y = f (1 + e), is a model of positive forecasts: where f reaches 0
    // the likelihood's 2 sum log|f| term runs to minus infinity and the optimiser follows it (a
    // level of -1e-9 under months of 500, bounds of 1e152).
    if (!std::isfinite(f) || (spec.error == Component::multiplicative && !(f > 0))) {
      out.lik = std::numeric_limits<double>::infinity();
      return out;
    }
    double obs = y[size_t(t)];
    double e = std::numeric_limits<double>::quiet_NaN();
    if (std::isnan(obs)) {
      obs = f;  // a missing month: the state moves on by its own forecast
    } else {
      e = spec.error == Component::additive ? obs - f : (obs - f) / (std::fabs(f) < kTol ? f + kTol : f);
      out.sse += e * e;
      scale2 += spec.error == Component::additive ? f * f : 1.0;
      if (spec.error == Component::multiplicative) {
        product *= std::fabs(f);
        if (product > 1e250 || product < 1e-250) {
          log_f += log_basic(product);
          product = 1;
        }
      }
      ++out.observed;
    }
    if (keep_series) {
      out.residuals[size_t(t)] = e;
      out.fitted[size_t(t)] = f;
    }
    update(spec, par, beta_over_alpha, r, slot, obs);
  }
  out.lik = out.observed * log_basic(std::max(out.sse, ets_sse_floor(scale2)));
  if (spec.error == Component::multiplicative) out.lik += 2 * (log_f + log_basic(product));
  if (keep_series) out.final_state = r.at(n);  // an allocation the optimiser's calls do without
  return out;
}

std::vector<double> ets_point_forecast(const EtsSpec& spec, const EtsParams& par, const EtsState& state, int m,
                                       int h) {
  std::vector<double> f(static_cast<size_t>(h));
  double damp = 0, power = 1;
  for (int i = 0; i < h; ++i) {
    power *= par.phi;
    damp += spec.damped ? power : 1.0;
    double v = state.level + (spec.trend == Component::additive ? damp * state.trend : 0.0);
    const double s = spec.season == Component::none ? 0.0 : state.season[size_t(((m - 1 - i) % m + m) % m)];
    if (spec.season == Component::additive) v += s;
    else if (spec.season == Component::multiplicative) v *= s;
    f[size_t(i)] = v;
  }
  return f;
}

std::vector<double> ets_analytic_sd(const EtsFit& fit, int h) {
  const EtsSpec& s = fit.spec;
  if (s.season == Component::multiplicative) return {};  // class 3: the caller simulates
  // c_j of Hyndman et al. (2008), Table 6.1: alpha + beta * (j or phi_j) + gamma * [m divides j]
  std::vector<double> c(static_cast<size_t>(h), 0.0);
  double damp = 0, power = 1;
  for (int j = 1; j < h; ++j) {
    power *= fit.par.phi;
    damp += s.damped ? power : 1.0;
    double v = fit.par.alpha;
    if (s.trend == Component::additive) v += fit.par.beta * damp;
    if (s.season == Component::additive && j % fit.m == 0) v += fit.par.gamma;
    c[size_t(j)] = v;
  }
  std::vector<double> sd(static_cast<size_t>(h));
  if (s.error == Component::additive) {  // class 1: sigma2 (1 + sum_{j<h} c_j^2)
    double sum = 0;
    for (int i = 0; i < h; ++i) {
      if (i > 0) sum += c[size_t(i)] * c[size_t(i)];
      sd[size_t(i)] = std::sqrt(fit.sigma2 * (1 + sum));
    }
    return sd;
  }
  // class 2 (multiplicative error, additive components), section 6.3: theta_1 = mu_1^2,
  // theta_h = mu_h^2 + sigma2 sum_{j<h} c_j^2 theta_{h-j}; variance (1 + sigma2) theta_h - mu_h^2.
  const std::vector<double> mu = ets_point_forecast(s, fit.par, fit.filter.final_state, fit.m, h);
  std::vector<double> theta(static_cast<size_t>(h));
  for (int i = 0; i < h; ++i) {
    double t = mu[size_t(i)] * mu[size_t(i)];
    for (int j = 1; j <= i; ++j) t += fit.sigma2 * c[size_t(j)] * c[size_t(j)] * theta[size_t(i - j)];
    theta[size_t(i)] = t;
    sd[size_t(i)] = std::sqrt(std::max(0.0, (1 + fit.sigma2) * t - mu[size_t(i)] * mu[size_t(i)]));
  }
  return sd;
}

std::vector<double> ets_simulate(const EtsFit& fit, int h, int paths, unsigned long long seed) {
  std::vector<double> out(size_t(paths) * size_t(h));
  Rng rng(seed);
  const double sd = std::sqrt(fit.sigma2);
  const int n = int(fit.filter.residuals.size());
  const Running start(fit.filter.final_state, fit.m, n);
  const double beta_over_alpha = fit.par.beta / fit.par.alpha;
  for (int p = 0; p < paths; ++p) {
    Running r = start;
    for (int i = 0; i < h; ++i) {
      const int slot = (n + i) % fit.m;
      const double f = one_step(fit.spec, fit.par, r, slot);
      const double e = sd * rng.normal();
      const double y = fit.spec.error == Component::additive ? f + e : f * (1 + e);
      out[size_t(p) * size_t(h) + size_t(i)] = y;
      update(fit.spec, fit.par, beta_over_alpha, r, slot, y);
    }
  }
  return out;
}

EtsFixed no_fixed_params() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  return {nan, nan, nan, nan, nullptr};
}

}  // namespace nestegg
