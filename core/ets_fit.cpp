// SPDX-License-Identifier: MIT
// Estimating ETS models (ets_fit) and choosing among them (ets_auto), as forecast::ets does with
// its defaults: opt.crit = "lik", bounds = "both", ic = "aicc", restrict = TRUE, no
// multiplicative trend.
#include <array>
#include <cmath>
#include <limits>

#include "ets.hpp"
#include "ets_gradient.hpp"
#include "ets_init.hpp"
#include "lbfgs.hpp"
#include "nelder_mead.hpp"
#include "polynomial.hpp"

namespace nestegg {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// forecast::ets defaults: lower = c(1e-4, 1e-4, 1e-4, 0.8), upper = c(0.9999, 0.9999, 0.9999, 0.98)
constexpr double kLower[4] = {1e-4, 1e-4, 1e-4, 0.8};
constexpr double kUpper[4] = {0.9999, 0.9999, 0.9999, 0.98};

// The admissible region (Hyndman et al. 2008, ch. 10): forecasts whose weights on the past decay.
bool admissible(const EtsSpec& s, const EtsParams& p, int m) {
  const double phi = s.damped ? p.phi : 1.0;
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (s.season == Component::none || m <= 1) {
    if (p.alpha < 1 - 1 / phi || p.alpha > 1 + 1 / phi) return false;
    if (s.trend != Component::none && (p.beta < p.alpha * (phi - 1) || p.beta > (1 + phi) * (2 - p.alpha))) return false;
    return true;
  }
  const double a = p.alpha, b = s.trend == Component::none ? 0.0 : p.beta, g = p.gamma;
  if (g < std::max(1 - 1 / phi - a, 0.0) || g > 1 + 1 / phi - a) return false;
  if (a < 1 - 1 / phi - g * (1 - m + phi + phi * m) / (2 * phi * m)) return false;
  if (b < -(1 - phi) * (g / m + a)) return false;
  std::array<double, kMaxPeriod + 2> poly;
  poly[0] = phi * (1 - a - g);
  poly[1] = a + b - a * phi + g - 1;
  for (int i = 2; i < m; ++i) poly[size_t(i)] = a + b - a * phi;
  poly[size_t(m)] = a + b - phi;
  poly[size_t(m + 1)] = 1;
  // polyroot's max modulus <= 1 + 1e-10, i.e. every root within that disc
  return roots_inside(poly.data(), m + 1, 1 + 1e-10);
}

// Which smoothing parameters the optimiser moves, in R's order (alpha, beta, gamma, phi).
struct Layout {
  bool alpha, beta, gamma, phi;
  int smoothing() const { return int(alpha) + int(beta) + int(gamma) + int(phi); }
};

bool usual_bounds(const EtsParams& p, const Layout& free) {
  if (free.alpha && (p.alpha < kLower[0] || p.alpha > kUpper[0])) return false;
  if (free.beta && (p.beta < kLower[1] || p.beta > p.alpha || p.beta > kUpper[1])) return false;
  if (free.phi && (p.phi < kLower[3] || p.phi > kUpper[3])) return false;
  if (free.gamma && (p.gamma < kLower[2] || p.gamma > 1 - p.alpha || p.gamma > kUpper[2])) return false;
  return true;
}

void state_from(const double* x, const EtsSpec& s, int m, EtsState& st) {
  st.level = x[0];
  st.trend = s.trend == Component::none ? 0.0 : x[1];
  st.season.clear();
  if (s.season != Component::none) {
    const double* seas = x + (s.trend == Component::none ? 1 : 2);
    double sum = 0;
    for (int k = 0; k + 1 < m; ++k) {
      st.season.push_back(seas[k]);
      sum += seas[k];
    }
    st.season.push_back((s.season == Component::multiplicative ? m : 0) - sum);
  }
}

void finish(EtsFit& fit, const std::vector<double>& y, int estimated) {
  fit.filter = ets_filter(y, fit.m, fit.spec, fit.par, fit.initial, true);
  const int n = fit.filter.observed;
  const int np = estimated + 1;  // R counts the variance too
  fit.loglik = -0.5 * fit.filter.lik;
  fit.aic = fit.filter.lik + 2 * np;
  fit.bic = fit.filter.lik + std::log(double(n)) * np;
  fit.aicc = n - np - 1 > 0 ? fit.aic + 2.0 * np * (np + 1) / (n - np - 1) : kInf;
  if (!std::isfinite(fit.filter.lik)) fit.aicc = fit.aic = fit.bic = kInf;
  // ets() divides by n minus every parameter, fixed or estimated, and every free initial state.
  const bool trend = fit.spec.trend != Component::none, season = fit.spec.season != Component::none;
  const int all = 1 + trend + season + fit.spec.damped + 1 + trend + (season ? fit.m - 1 : 0);
  const int dof = n - all;
  fit.sigma2 = fit.filter.sse / double(dof > 0 ? dof : std::max(n, 1));
}

// An algebraic sigmoid, (0, 1) <- R, and its inverse: only sqrt and division, which IEEE 754
// rounds exactly on every platform. exp() differs in the last bit between glibc and Emscripten's
// musl, and the optimiser's path would follow that difference into a different optimum.
double sigmoid(double u) { return 0.5 * (1 + u / std::sqrt(1 + u * u)); }
double sigmoid_slope(double u) {
  const double r = 1 / std::sqrt(1 + u * u);
  return 0.5 * r * r * r;
}
double inverse_sigmoid(double p) {
  const double t = 2 * std::min(std::max(p, 1e-9), 1 - 1e-9) - 1;
  return t / std::sqrt(1 - t * t);
}

// Maximum likelihood by L-BFGS on the exact gradient. The smoothing parameters are mapped through
// sigmoids onto R's "usual" region (alpha in its bounds, beta below alpha, gamma below
// 1 - alpha, phi in [0.8, 0.98]), so the search is unconstrained there; the admissible region and
// positive multiplicative seasons are barriers (+inf). `x` is in the Nelder-Mead layout, in and out.
void optimise_with_gradient(const std::vector<double>& y, int m, const EtsSpec& spec, const Layout& free,
                            const EtsParams& base, const double lower[4], const double upper[4],
                            const EtsState* fixed_initial, int max_iterations, std::vector<double>& x) {
  const size_t n_smoothing = size_t(free.smoothing());
  struct Map {
    EtsParams par;
    double s_alpha = 0, s_beta = 0, s_gamma = 0, s_phi = 0;  // sigmoid values
    double d_alpha = 0, d_beta = 0, d_gamma = 0, d_phi = 0;  // and slopes
    bool beta_tied = false, gamma_tied = false;               // upper bound set by alpha
  };
  auto to_params = [&](const double* u, Map& mp) {
    size_t i = 0;
    mp.par = base;
    if (free.alpha) {
      mp.s_alpha = sigmoid(u[i]);
      mp.d_alpha = sigmoid_slope(u[i++]);
      mp.par.alpha = lower[0] + (upper[0] - lower[0]) * mp.s_alpha;
    }
    if (free.beta) {
      mp.beta_tied = mp.par.alpha < upper[1];
      const double hi = std::min(mp.par.alpha, upper[1]);
      mp.s_beta = sigmoid(u[i]);
      mp.d_beta = sigmoid_slope(u[i++]);
      mp.par.beta = lower[1] + (hi - lower[1]) * mp.s_beta;
    }
    if (free.gamma) {
      mp.gamma_tied = 1 - mp.par.alpha < upper[2];
      const double hi = std::min(1 - mp.par.alpha, upper[2]);
      mp.s_gamma = sigmoid(u[i]);
      mp.d_gamma = sigmoid_slope(u[i++]);
      mp.par.gamma = lower[2] + (hi - lower[2]) * mp.s_gamma;
    }
    if (free.phi) {
      mp.s_phi = sigmoid(u[i]);
      mp.d_phi = sigmoid_slope(u[i++]);
      mp.par.phi = lower[3] + (upper[3] - lower[3]) * mp.s_phi;
    }
  };
  // Starting point: R's, mapped into u.
  std::vector<double> u = x;
  {
    size_t i = 0;
    double alpha = base.alpha;
    if (free.alpha) { alpha = x[i]; u[i] = inverse_sigmoid((x[i] - lower[0]) / (upper[0] - lower[0])); ++i; }
    if (free.beta) { u[i] = inverse_sigmoid((x[i] - lower[1]) / (std::min(alpha, upper[1]) - lower[1])); ++i; }
    if (free.gamma) { u[i] = inverse_sigmoid((x[i] - lower[2]) / (std::min(1 - alpha, upper[2]) - lower[2])); ++i; }
    if (free.phi) { u[i] = inverse_sigmoid((x[i] - lower[3]) / (upper[3] - lower[3])); ++i; }
  }
  EtsState state;
  EtsGradient g;
  Map mp;
  auto objective = [&](const std::vector<double>& v, std::vector<double>& grad) {
    to_params(v.data(), mp);
    if (!admissible(spec, mp.par, m)) return kInf;
    if (fixed_initial) state = *fixed_initial;
    else state_from(v.data() + n_smoothing, spec, m, state);
    if (spec.season == Component::multiplicative)
      for (double s : state.season)
        if (s < 0) return kInf;
    const double lik = ets_likelihood_gradient(y, m, spec, mp.par, state, g);
    if (!std::isfinite(lik)) return kInf;
    size_t i = 0;
    // chain rule: d theta / d u = range * sigmoid'(u), and beta's and gamma's ranges move with alpha
    if (free.alpha) {
      double ga = g.alpha;
      if (free.beta && mp.beta_tied) ga += g.beta * mp.s_beta;
      if (free.gamma && mp.gamma_tied) ga -= g.gamma * mp.s_gamma;
      grad[i++] = ga * (upper[0] - lower[0]) * mp.d_alpha;
    }
    if (free.beta) grad[i++] = g.beta * (std::min(mp.par.alpha, upper[1]) - lower[1]) * mp.d_beta;
    if (free.gamma) grad[i++] = g.gamma * (std::min(1 - mp.par.alpha, upper[2]) - lower[2]) * mp.d_gamma;
    if (free.phi) grad[i++] = g.phi * (upper[3] - lower[3]) * mp.d_phi;
    if (!fixed_initial) {
      grad[i++] = g.level;
      if (spec.trend != Component::none) grad[i++] = g.trend;
      // the last seasonal state is implied by the others: d last / d s_k = -1
      for (int k = 0; k + 1 < int(g.season.size()); ++k) grad[i++] = g.season[size_t(k)] - g.season.back();
    }
    return std::max(lik, -1e10);
  };
  const LbfgsResult r = lbfgs(objective, u, max_iterations);
  to_params(r.x.data(), mp);
  x = r.x;
  size_t i = 0;
  if (free.alpha) x[i++] = mp.par.alpha;
  if (free.beta) x[i++] = mp.par.beta;
  if (free.gamma) x[i++] = mp.par.gamma;
  if (free.phi) x[i++] = mp.par.phi;
}

// How far one fit goes: ets_auto first runs every candidate a few gradient steps, then finishes
// only the most promising from where they stopped.
constexpr int kFullSteps = 200;

struct Search {
  int max_iterations = kFullSteps;
  const std::vector<double>* start = nullptr;  // optimiser vector to start from (ets_auto's stage 2)
  std::vector<double>* end = nullptr;          // where the optimiser stopped
};

// initparam(): R's starting point for the free parameters, and the bounds that whatever is fixed
// implies for the others (a given alpha caps beta and gamma, and so on).
EtsParams start_params(const EtsSpec& spec, const EtsFixed& fixed, const Layout& free, int m, double lower[4],
                       double upper[4]) {
  const bool has_trend = spec.trend != Component::none, has_season = spec.season != Component::none;
  EtsParams p{fixed.alpha, has_trend ? fixed.beta : 0.0, has_season ? fixed.gamma : 0.0,
              spec.damped ? fixed.phi : 1.0};
  for (int i = 0; i < 4; ++i) lower[i] = kLower[i], upper[i] = kUpper[i];
  if (!free.alpha) { upper[1] = std::min(p.alpha, upper[1]); upper[2] = std::min(1 - p.alpha, upper[2]); }
  if (has_trend && !free.beta) lower[0] = std::max(p.beta, lower[0]);
  if (has_season && !free.gamma) upper[0] = std::min(1 - p.gamma, upper[0]);
  if (free.alpha) {
    p.alpha = lower[0] + 0.2 * (upper[0] - lower[0]) / m;
    if (p.alpha > 1 || p.alpha < 0) p.alpha = lower[0] + 2e-3;
  }
  if (free.beta) {
    upper[1] = std::min(upper[1], p.alpha);
    p.beta = lower[1] + 0.1 * (upper[1] - lower[1]);
    if (p.beta < 0 || p.beta > p.alpha) p.beta = p.alpha - 1e-3;
  }
  if (free.gamma) {
    upper[2] = std::min(upper[2], 1 - p.alpha);
    p.gamma = lower[2] + 0.05 * (upper[2] - lower[2]);
    if (p.gamma < 0 || p.gamma > 1 - p.alpha) p.gamma = 1 - p.alpha - 1e-3;
  }
  if (free.phi) {
    p.phi = lower[3] + 0.99 * (upper[3] - lower[3]);
    if (p.phi < 0 || p.phi > 1) p.phi = upper[3] - 1e-3;
  }
  return p;
}

EtsFit fit_one(const std::vector<double>& y, int m_in, const EtsSpec& spec, const EtsFixed& fixed,
               EtsOptimizer optimizer, const Search& search) {
  EtsFit fit;
  fit.spec = spec;
  const int m = spec.season == Component::none ? 1 : m_in;
  fit.m = m;
  const bool has_trend = spec.trend != Component::none, has_season = spec.season != Component::none;
  const Layout free{std::isnan(fixed.alpha), has_trend && std::isnan(fixed.beta),
                    has_season && std::isnan(fixed.gamma), spec.damped && std::isnan(fixed.phi)};
  double lower[4], upper[4];
  const EtsParams p = start_params(spec, fixed, free, m, lower, upper);
  if (fixed.initial) {  // everything given: nothing to estimate but what remains free
    fit.initial = *fixed.initial;
    if (!has_season) fit.initial.season.clear();
  }
  std::vector<double> x;
  if (free.alpha) x.push_back(p.alpha);
  if (free.beta) x.push_back(p.beta);
  if (free.gamma) x.push_back(p.gamma);
  if (free.phi) x.push_back(p.phi);
  const size_t n_smoothing = x.size();
  if (!fixed.initial) {
    const std::vector<double> init = ets_initial_states(y, m, spec);
    x.insert(x.end(), init.begin(), init.end());
  }
  if (search.start && search.start->size() == x.size()) x = *search.start;
  const int n_obs = [&] { int c = 0; for (double v : y) c += !std::isnan(v); return c; }();
  if (int(x.size()) >= n_obs - 1) {  // etsmodel(): too few observations for this model
    fit.par = p;
    fit.aicc = fit.aic = fit.bic = kInf;
    return fit;
  }

  auto unpack = [&](const double* v, EtsParams& q) {
    size_t i = 0;
    q = p;
    if (free.alpha) q.alpha = v[i++];
    if (free.beta) q.beta = v[i++];
    if (free.gamma) q.gamma = v[i++];
    if (free.phi) q.phi = v[i++];
  };
  EtsState trial_state;
  auto objective = [&](const double* v) {
    EtsParams q;
    unpack(v, q);
    if (!usual_bounds(q, free) || !admissible(spec, q, m)) return kInf;
    if (!fixed.initial) state_from(v + n_smoothing, spec, m, trial_state);
    const EtsState& st = fixed.initial ? fit.initial : trial_state;
    if (spec.season == Component::multiplicative)
      for (double s : st.season)
        if (s < 0) return kInf;
    double lik = ets_filter(y, m, spec, q, st, false).lik;
    if (std::isnan(lik)) return kInf;
    return std::max(lik, -1e10);  // a perfect fit would otherwise run off to -inf
  };
  if (!x.empty() && optimizer == EtsOptimizer::lbfgs && objective(x.data()) < kInf) {
    optimise_with_gradient(y, m, spec, free, p, lower, upper, fixed.initial, search.max_iterations, x);
  } else if (!x.empty()) {
    const NelderMeadResult r = nelder_mead(objective, x);
    x = r.x;
  }
  unpack(x.data(), fit.par);
  if (!fixed.initial) state_from(x.data() + n_smoothing, spec, m, fit.initial);
  finish(fit, y, int(x.size()));
  if (search.end) *search.end = x;
  return fit;
}

}  // namespace

EtsFit ets_fit(const std::vector<double>& y, int m, const EtsSpec& spec, const EtsFixed& fixed,
               EtsOptimizer optimizer) {
  return fit_one(y, m, spec, fixed, optimizer, Search{});
}

EtsFit ets_auto(const std::vector<double>& y, int m, EtsOptimizer optimizer) {
  std::vector<EtsSpec> candidates;
  bool positive = true;
  for (double v : y) positive = positive && (std::isnan(v) || v > 0);
  const Component seasons[3] = {Component::none, Component::additive, Component::multiplicative};
  for (Component error : {Component::additive, Component::multiplicative}) {
    if (error == Component::multiplicative && !positive) continue;
    for (Component trend : {Component::none, Component::additive}) {
      for (Component season : seasons) {
        if (season != Component::none && m <= 1) continue;
        if (season == Component::multiplicative && (error == Component::additive || !positive)) continue;
        for (bool damped : {true, false}) {
          if (damped && trend == Component::none) continue;
          candidates.push_back({error, trend, season, damped});
        }
      }
    }
  }
  EtsFit best;
  best.aicc = kInf;
  // R's way, every model to the end: with R's optimiser, and without a season, where the six
  // candidates converge in a few dozen steps anyway.
  if (optimizer == EtsOptimizer::nelder_mead || m <= 1) {
    for (const EtsSpec& spec : candidates) {
      EtsFit fit = ets_fit(y, m, spec, no_fixed_params(), optimizer);
      if (fit.aicc < best.aicc) best = std::move(fit);
    }
    return best;
  }
  // Gradient search in two stages: kFirstSteps iterations for every candidate rank them (the
  // ranking rarely changes after that: most of a seasonal model's 100-200 iterations polish the
  // initial states), then the kFinalists best continue from where they stopped.
  constexpr int kFirstSteps = 25, kFinalists = 3;
  std::vector<double> first_aicc(candidates.size(), kInf);
  std::vector<std::vector<double>> stopped(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i)
    first_aicc[i] = fit_one(y, m, candidates[i], no_fixed_params(), optimizer, Search{kFirstSteps, nullptr, &stopped[i]}).aicc;
  for (int k = 0; k < kFinalists; ++k) {  // the best remaining candidate, first one on ties
    size_t pick = candidates.size();
    for (size_t i = 0; i < candidates.size(); ++i)
      if (std::isfinite(first_aicc[i]) && (pick == candidates.size() || first_aicc[i] < first_aicc[pick])) pick = i;
    if (pick == candidates.size()) break;
    first_aicc[pick] = kInf;
    EtsFit fit = fit_one(y, m, candidates[pick], no_fixed_params(), optimizer, Search{kFullSteps, &stopped[pick], nullptr});
    if (fit.aicc < best.aicc) best = std::move(fit);
  }
  return best;
}

}  // namespace nestegg
