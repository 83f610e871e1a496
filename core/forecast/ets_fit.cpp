// SPDX-License-Identifier: MIT
// Estimating ETS models (ets_fit) and choosing among them (ets_auto), as forecast::ets does with
// its defaults: opt.crit = "lik", bounds = "both", ic = "aicc", restrict = TRUE, no
// multiplicative trend.
#include <array>
#include <cmath>
#include <limits>

#include "ets.hpp"

#include "basic_math.hpp"
#include "ets_init.hpp"
#include "ets_jacobian.hpp"
#include "levenberg_marquardt.hpp"
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
  fit.bic = fit.filter.lik + log_basic(double(n)) * np;
  fit.aicc = n - np - 1 > 0 ? fit.aic + 2.0 * np * (np + 1) / (n - np - 1) : kInf;
  if (!std::isfinite(fit.filter.lik)) fit.aicc = fit.aic = fit.bic = kInf;
  // ets() divides by n minus every parameter, fixed or estimated, and every free initial state.
  const bool trend = fit.spec.trend != Component::none, season = fit.spec.season != Component::none;
  const int all = 1 + trend + season + fit.spec.damped + 1 + trend + (season ? fit.m - 1 : 0);
  fit.dof = n - all;
  fit.sigma2 = fit.filter.sse / double(fit.dof > 0 ? fit.dof : std::max(n, 1));
}

// Maximum likelihood by Levenberg-Marquardt on Gauss-Newton's normal equations (ets_jacobian.hpp).
// The coordinates make R's usual bounds a box: alpha and phi as they are, beta and gamma as the
// fraction of the range alpha leaves them (beta < alpha, gamma < 1 - alpha), then the free initial
// states. Parameters that belong on a bound (alpha = 0.9999, phi = 0.98 are common) get there in
// one projected step and stay; the admissible region and positive multiplicative seasons are
// barriers (a refused point shortens the step). `x` is in the Nelder-Mead layout, in and out.
void optimise(const std::vector<double>& y, int m, const EtsSpec& spec, const Layout& free, const EtsParams& base,
              const double lower[4], const double upper[4], const EtsState* fixed_initial, int max_iterations,
              std::vector<double>& x) {
  const size_t n_smoothing = size_t(free.smoothing());
  auto beta_range = [&](double alpha) { return std::min(alpha, upper[1]) - lower[1]; };
  auto gamma_range = [&](double alpha) { return std::min(1 - alpha, upper[2]) - lower[2]; };
  auto to_params = [&](const double* v, EtsParams& par) {
    size_t i = 0;
    par = base;
    if (free.alpha) par.alpha = v[i++];
    if (free.beta) par.beta = lower[1] + beta_range(par.alpha) * v[i++];
    if (free.gamma) par.gamma = lower[2] + gamma_range(par.alpha) * v[i++];
    if (free.phi) par.phi = v[i++];
  };
  LmOptions options;
  options.max_iterations = max_iterations;
  options.rel_tol = 1e-9;  // of the sum of squares: n 1e-9 in -2 log L, twice in a row
  options.patience = 2;
  options.initial_damping = 1;  // the first full Gauss-Newton step from R's start often overshoots
  options.lower.assign(x.size(), -kInf);
  options.upper.assign(x.size(), kInf);
  std::vector<double> v = x;
  {
    auto fraction = [](double part, double range) { return part > 0 && range > 0 ? std::min(part / range, 1.0) : 0.0; };
    const double alpha = free.alpha ? x[0] : base.alpha;
    size_t i = 0;
    if (free.alpha) options.lower[i] = lower[0], options.upper[i++] = upper[0];
    if (free.beta) v[i] = fraction(x[i] - lower[1], beta_range(alpha)), options.lower[i] = 0, options.upper[i++] = 1;
    if (free.gamma) v[i] = fraction(x[i] - lower[2], gamma_range(alpha)), options.lower[i] = 0, options.upper[i++] = 1;
    if (free.phi) options.lower[i] = lower[3], options.upper[i++] = upper[3];
  }
  // How each coordinate moves the filter's inputs; the initial states' directions are fixed.
  const size_t season_size = spec.season == Component::none ? 0 : size_t(m);
  std::vector<EtsDirection> dirs(v.size());
  for (EtsDirection& d : dirs) d.season.assign(season_size, 0.0);
  if (!fixed_initial) {
    size_t i = n_smoothing;
    dirs[i++].level = 1;
    if (spec.trend != Component::none) dirs[i++].trend = 1;
    for (size_t k = 0; k + 1 < season_size; ++k, ++i) {
      dirs[i].season[k] = 1;
      dirs[i].season.back() = -1;  // the last seasonal state is implied by the others
    }
  }
  EtsState state;
  EtsParams par;
  EtsNormalEquations ne;
  // Where the point is feasible, sets par and state from it.
  auto feasible = [&](const std::vector<double>& w) {
    to_params(w.data(), par);
    if (!admissible(spec, par, m)) return false;
    if (fixed_initial) state = *fixed_initial;
    else state_from(w.data() + n_smoothing, spec, m, state);
    if (spec.season == Component::multiplicative)
      for (double s : state.season)
        if (s < 0) return false;
    return true;
  };
  // The filter alone: n log ssq = -2 log L + c.
  auto sum_of_squares = [&](const std::vector<double>& w, double& ssq) {
    if (!feasible(w)) return false;
    const EtsFilterResult f = ets_filter(y, m, spec, par, state, false);
    if (!std::isfinite(f.lik)) return false;  // an exact fit's SSE of 0 is a least square like any other
    ssq = spec.error == Component::additive ? f.sse : exp_basic(f.lik / f.observed);
    return true;
  };
  auto normal_equations = [&](const std::vector<double>& w, std::vector<double>& jtj, std::vector<double>& jtr) {
    // par and state are w's already: the optimiser asks here only after sum_of_squares(w)
    size_t i = 0;
    if (free.alpha) {  // beta's and gamma's ranges move with alpha
      EtsDirection& d = dirs[i];
      d.alpha = 1;
      d.beta = free.beta && par.alpha < upper[1] ? w[i + 1] : 0.0;
      d.gamma = free.gamma && 1 - par.alpha < upper[2] ? -w[i + 1 + size_t(free.beta)] : 0.0;
      ++i;
    }
    if (free.beta) dirs[i++].beta = beta_range(par.alpha);
    if (free.gamma) dirs[i++].gamma = gamma_range(par.alpha);
    if (free.phi) dirs[i++].phi = 1;
    if (!ets_normal_equations(y, m, spec, par, state, dirs, ne)) return false;
    jtj.swap(ne.jtj);
    jtr.swap(ne.jtr);
    return true;
  };
  const LeastSquaresProblem problem{sum_of_squares, normal_equations};
  v = levenberg_marquardt(problem, v, options).x;
  to_params(v.data(), par);
  x = v;
  size_t i = 0;
  if (free.alpha) x[i++] = par.alpha;
  if (free.beta) x[i++] = par.beta;
  if (free.gamma) x[i++] = par.gamma;
  if (free.phi) x[i++] = par.phi;
}

// How far one fit goes: ets_auto first runs every seasonal candidate a few Levenberg-Marquardt
// steps, then finishes only the most promising from where they stopped.
constexpr int kFullSteps = 100;

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
  // R narrows beta's and gamma's upper bounds by the starting alpha only to place their starting
  // values (initparam's copies); the search itself keeps beta < alpha and gamma < 1 - alpha.
  if (free.beta) {
    p.beta = lower[1] + 0.1 * (std::min(upper[1], p.alpha) - lower[1]);
    if (p.beta < 0 || p.beta > p.alpha) p.beta = p.alpha - 1e-3;
  }
  if (free.gamma) {
    p.gamma = lower[2] + 0.05 * (std::min(upper[2], 1 - p.alpha) - lower[2]);
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
  if (!x.empty() && optimizer == EtsOptimizer::levenberg_marquardt && objective(x.data()) < kInf) {
    optimise(y, m, spec, free, p, lower, upper, fixed.initial, search.max_iterations, x);
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

std::string inadmissible_ets_parameter(const EtsSpec& spec, const EtsFixed& fixed, int m) {
  const bool has_trend = spec.trend != Component::none, has_season = spec.season != Component::none && m > 1;
  const auto given = [](double x) { return !std::isnan(x); };
  const auto outside = [](double x, double lo, double hi) { return x < lo || x > hi; };
  // check.param(): each given parameter in its usual range, relative to alpha where alpha is given.
  if (given(fixed.alpha) && outside(fixed.alpha, kLower[0], kUpper[0])) return "alpha";
  if (has_trend && given(fixed.beta) &&
      (outside(fixed.beta, kLower[1], kUpper[1]) || (given(fixed.alpha) && fixed.beta > fixed.alpha)))
    return "beta";
  if (has_season && given(fixed.gamma) &&
      (outside(fixed.gamma, kLower[2], kUpper[2]) || (given(fixed.alpha) && fixed.gamma > 1 - fixed.alpha)))
    return "gamma";
  if (spec.damped && given(fixed.phi) && outside(fixed.phi, kLower[3], kUpper[3])) return "phi";
  // The admissible region needs every smoothing parameter; with some estimated, the fit keeps to it.
  const bool all_given = given(fixed.alpha) && (!has_trend || given(fixed.beta)) && (!has_season || given(fixed.gamma)) &&
                         (!spec.damped || given(fixed.phi));
  const EtsParams p{fixed.alpha, has_trend ? fixed.beta : 0.0, has_season ? fixed.gamma : 0.0, spec.damped ? fixed.phi : 1.0};
  if (all_given && !admissible(spec, p, has_season ? m : 1)) return has_season ? "gamma" : has_trend ? "beta" : "alpha";
  return {};
}

EtsFit ets_fit(const std::vector<double>& y, int m, const EtsSpec& spec, const EtsFixed& fixed,
               EtsOptimizer optimizer) {
  return fit_one(y, m, spec, fixed, optimizer, Search{});
}

namespace {

// A multiplicative error says y = f (1 + e) with e ~ N(0, sigma2): a model of positive values only
// while e > -1 is all but certain. A fit that gives a negative next value more than a 5 % chance
// (sigma above 1 / 1.645, sigma2 above 0.37) is the likelihood's degenerate edge, where forecasts far
// below the data make every error relatively huge: one month of 10 000 after eleven of 500 gave MNN
// a level of 0.44 and forecasts of 11.21; 24 months near 500 with one of 3127, ETS(M,A,N) with
// sigma2 0.78 and 95 % bounds of +-164 000 a year out. The search does not choose such a fit (a
// model asked for by name still gets it). On the M3 subset this bound, 0.5 and 1 score alike.
// For the same reason a multiplicative-error fit whose point forecasts ever fall to zero or below
// (within kLongRun steps: a declining trend, undamped or damped to a limit under zero) is passed
// over: a model of positive values forecasting none, whose variance, growing with the squared
// forecast, then runs away. Checked over the long run, not the horizon asked for, so that the first
// twelve months' forecast does not change when 24 are asked for. On M3 these rules took auto from
// 12.45 to 12.33 sMAPE (yearly 16.32 -> 16.13, monthly 13.65 -> 13.49) and ets alone from 13.10 to
// 12.68: measured after they were written, not tuned on it.
constexpr double kMaxRelativeVariance = 1 / (1.6448536269514722 * 1.6448536269514722);
constexpr int kLongRun = 1200;

bool degenerate(const EtsFit& fit) {
  if (fit.spec.error != Component::multiplicative) return false;
  if (!(fit.sigma2 <= kMaxRelativeVariance)) return true;
  for (double f : ets_point_forecast(fit.spec, fit.par, fit.filter.final_state, fit.m, kLongRun))
    if (!(f > 0)) return true;
  return false;
}

}  // namespace

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
  // candidates converge quickly anyway.
  if (optimizer == EtsOptimizer::nelder_mead || m <= 1) {
    for (const EtsSpec& spec : candidates) {
      EtsFit fit = ets_fit(y, m, spec, no_fixed_params(), optimizer);
      if (fit.aicc < best.aicc && !degenerate(fit)) best = std::move(fit);
    }
    return best;
  }
  // Two stages: kFirstSteps iterations for every candidate rank them (the ranking rarely changes
  // after that: the later steps of a seasonal model polish its initial states), then the
  // kFinalists best continue from where they stopped.
  constexpr int kFirstSteps = 10, kFinalists = 3;
  std::vector<double> first_aicc(candidates.size(), kInf);
  std::vector<std::vector<double>> stopped(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i)
    first_aicc[i] = fit_one(y, m, candidates[i], no_fixed_params(), optimizer, Search{kFirstSteps, nullptr, &stopped[i]}).aicc;
  for (int k = 0; k < kFinalists;) {  // the best remaining candidate, first one on ties
    size_t pick = candidates.size();
    for (size_t i = 0; i < candidates.size(); ++i)
      if (std::isfinite(first_aicc[i]) && (pick == candidates.size() || first_aicc[i] < first_aicc[pick])) pick = i;
    if (pick == candidates.size()) break;
    first_aicc[pick] = kInf;
    EtsFit fit = fit_one(y, m, candidates[pick], no_fixed_params(), optimizer, Search{kFullSteps, &stopped[pick], nullptr});
    if (degenerate(fit)) continue;  // the next candidate takes its place among the finalists
    ++k;
    if (fit.aicc < best.aicc) best = std::move(fit);
  }
  return best;
}

}  // namespace nestegg
