// SPDX-License-Identifier: MIT
// The Theta method against R's forecast::thetaf() (tests/fixtures/theta_reference.json, from
// tests/forecast/make_theta_reference.R): R datasets and M3 series, yearly, quarterly with and
// without a season, monthly. Handed R's smoothing estimates (alpha, l0), nestegg must reproduce
// the rest (the seasonality test, decomposition, drift, sigma2, forecasts, 80/95 % bounds) to 1e-6;
// estimating them itself, it must fit the adjusted series at least as well as R's optimiser did.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "student_t.hpp"
#include "series_forecast.hpp"
#include "theta.hpp"

using namespace nestegg;
using json = nlohmann::json;
using Catch::Matchers::WithinRel;

namespace {

json reference() {
  std::ifstream in(std::string(NESTEGG_FIXTURES) + "/theta_reference.json");
  REQUIRE(in.good());
  return json::parse(in);
}

std::vector<double> numbers(const json& a) { return a.get<std::vector<double>>(); }

double mse(const ThetaFit& fit) {
  double s = 0;
  for (double e : fit.ses.filter.residuals) s += e * e;
  return s / double(fit.ses.filter.residuals.size());
}

}  // namespace

TEST_CASE("Theta with R's smoothing estimates reproduces thetaf(): season, drift, forecasts and intervals") {
  const json ref = reference();
  int checked = 0, seasonal = 0;
  for (const json& c : ref["cases"]) {
    INFO(c["name"].get<std::string>());
    const ThetaFit fit = theta_fit(numbers(c["series"]), c["period"], c["alpha"], c["l0"]);
    CHECK(!fit.last_season.empty() == c["seasonal"].get<bool>());
    seasonal += c["seasonal"].get<bool>();
    CHECK_THAT(fit.drift, WithinRel(c["drift"].get<double>(), 1e-6));
    CHECK_THAT(fit.ses.sigma2, WithinRel(c["sigma2"].get<double>(), 1e-6));
    const int h = c["horizon"];
    const std::vector<double> mean = theta_point_forecast(fit, h), sd = theta_sd(fit, h);
    const double z80 = normal_quantile(0.9), z95 = normal_quantile(0.975);
    const std::vector<double> want = numbers(c["forecast"]), lo80 = numbers(c["lower80"]), hi80 = numbers(c["upper80"]),
                              lo95 = numbers(c["lower95"]), hi95 = numbers(c["upper95"]);
    for (int i = 0; i < h; ++i) {
      const size_t k = size_t(i);
      CHECK_THAT(mean[k], WithinRel(want[k], 1e-6));
      CHECK_THAT(mean[k] - z80 * sd[k], WithinRel(lo80[k], 1e-6));
      CHECK_THAT(mean[k] + z80 * sd[k], WithinRel(hi80[k], 1e-6));
      CHECK_THAT(mean[k] - z95 * sd[k], WithinRel(lo95[k], 1e-6));
      CHECK_THAT(mean[k] + z95 * sd[k], WithinRel(hi95[k], 1e-6));
    }
    ++checked;
  }
  CHECK(checked >= 12);
  CHECK(seasonal >= 5);
}

TEST_CASE("Theta estimated here fits the adjusted series at least as well as R's simplex") {
  const json ref = reference();
  for (const json& c : ref["cases"]) {
    INFO(c["name"].get<std::string>());
    const ThetaFit fit = theta_fit(numbers(c["series"]), c["period"]);
    const double r_mse = c["mse"];
    CHECK(mse(fit) <= r_mse * (1 + 1e-9));
    // The same optimum, to R's simplex's precision: alpha within 2e-4, forecasts within 2.4e-5 (14 series).
    CHECK_THAT(fit.ses.par.alpha, WithinRel(c["alpha"].get<double>(), 1e-3));
    const std::vector<double> want = numbers(c["forecast"]);
    const std::vector<double> got = theta_point_forecast(fit, int(want.size()));
    for (size_t i = 0; i < want.size(); ++i) CHECK_THAT(got[i], WithinRel(want[i], 1e-4));
  }
}

TEST_CASE("Theta: the seasonality test is thetaf()'s, and a season needs positive values") {
  std::vector<double> y;
  for (int t = 0; t < 48; ++t) y.push_back(100 + t + (t % 4 == 0 ? 30 : 0));
  CHECK(theta_seasonal_test(y, 4));
  CHECK(!theta_seasonal_test(std::vector<double>(y.begin(), y.begin() + 8), 4));  // n must exceed 2m
  CHECK(!theta_fit(y, 4).last_season.empty());
  y[5] = 0;
  CHECK(theta_fit(y, 4).last_season.empty());
  std::vector<double> gaps = y;
  gaps[5] = 105;
  gaps[9] = gaps[20] = std::nan("");
  const ThetaFit fit = theta_fit(gaps, 4);
  CHECK(!fit.last_season.empty());
  CHECK(std::isnan(fit.ses.filter.residuals[9]));
  for (double f : theta_point_forecast(fit, 8)) CHECK(std::isfinite(f));
}

TEST_CASE("combination averages its members' forecasts and pools their distributions; auto is the combination") {
  const json ref = reference();
  const json& c = ref["cases"][0];  // AirPassengers
  REQUIRE(c["name"] == "AirPassengers");
  auto run = [&](const char* method) {
    SeriesRequest r;
    r.y = numbers(c["series"]);
    r.period = 12;
    r.horizon = 18;
    r.method = method;
    return forecast_series(r);
  };
  const SeriesForecast ets = run("ets"), arima = run("arima"), theta = run("theta");
  const SeriesForecast all = run("combination"), automatic = run("auto");
  CHECK(theta.model == "Theta, multiplicative season");
  CHECK(all.model == "Combination of " + ets.model + ", " + arima.model + " and " + theta.model);
  CHECK(automatic.model == all.model);
  const SeriesForecast* members[] = {&ets, &arima, &theta};
  const double levels[] = {80, 95};
  // Each member's residual degrees of freedom: the 144 months (less the differences ARIMA takes)
  // less what it estimated, read off its parameters: all but sigma2, and but one seasonal state or
  // index (they sum to m, or to 0). The ARIMA is (p,d,q)(P,D,Q)[12], every parameter a coefficient.
  const std::string& a = arima.model;
  REQUIRE(a.rfind("ARIMA(", 0) == 0);
  const int d = a[8] - '0', seasonal_d = a.find(")(") == std::string::npos ? 0 : a[a.find(")(") + 4] - '0';
  const double dof[] = {144.0 - double(ets.parameters.size()) + 2, 144.0 - d - 12 * seasonal_d - double(arima.parameters.size()) + 1,
                        144.0 - double(theta.parameters.size()) + 2};
  CHECK(ets.model == "ETS(M,A,M)");
  REQUIRE(ets.intervals == "simulated");
  REQUIRE(ets.spread_below.size() == 18);
  CHECK(dof[0] == 144 - 16);  // alpha, beta, gamma, l0, b0 and 11 seasonal states
  CHECK(dof[2] == 144 - 14);  // Theta: alpha, l0, the drift and 11 seasonal indices
  for (size_t i = 0; i < 18; ++i) {
    CHECK_THAT(all.mean[i], WithinRel((ets.mean[i] + arima.mean[i] + theta.mean[i]) / 3, 1e-12));
    CHECK(automatic.mean[i] == all.mean[i]);
    for (size_t l = 0; l < 2; ++l) {
      // The bounds are the tails of the equal mixture of the members' distributions, each member a
      // normal (two half-normals if asymmetric) with its own bounds, widened from the normal's to
      // Student's t quantile on its degrees of freedom, at the level's quantiles.
      const double tail = (1 - levels[l] / 100) / 2, z = normal_quantile(1 - tail);
      auto mixture_cdf = [&](double q) {
        double sum = 0;
        for (size_t k = 0; k < 3; ++k) {
          const SeriesForecast* f = members[k];
          const double widen = student_t_quantile(1 - tail, dof[k]) / z;
          // A simulated member (ETS(M,A,M) here) is read from its spreads, the same at every level.
          const bool simulated = !f->spread_below.empty();
          const double below = simulated ? z * f->spread_below[i] : f->mean[i] - f->lower[l][i];
          const double above = simulated ? z * f->spread_above[i] : f->upper[l][i] - f->mean[i];
          const double sd = (q < f->mean[i] ? below : above) * widen / z;
          sum += 0.5 * std::erfc((f->mean[i] - q) / (sd * std::sqrt(2.0)));
        }
        return sum / 3;
      };
      CHECK(std::fabs(mixture_cdf(all.lower[l][i]) - tail) < 1e-9);
      CHECK(std::fabs(mixture_cdf(all.upper[l][i]) - (1 - tail)) < 1e-9);
      CHECK(all.lower[l][i] <= all.mean[i]);
      CHECK(all.upper[l][i] >= all.mean[i]);
      // never narrower than the mean of the members' bounds (Lichtendahl, Grushka-Cockayne & Winkler,
      // Management Science 59 (2013) 1594-1611: averaging quantiles is sharper than averaging probabilities)
      CHECK(all.upper[l][i] - all.lower[l][i] >=
            (ets.upper[l][i] + arima.upper[l][i] + theta.upper[l][i] - ets.lower[l][i] - arima.lower[l][i] -
             theta.lower[l][i]) / 3 - 1e-9);
    }
  }
  CHECK(!automatic.selection.empty());
}

// A hostile review's case: a last month ten times the usual. The members then disagree wildly (ETS
// near 975 with a simulated, skewed interval, ARIMA near 679, Theta near 10 017), and at a narrow
// level the ETS member's simulated interval lay wholly below its mean, which read as a point mass:
// the 5 % interval's lower bound came out above the 0.5 % one's. Intervals must nest across
// levels, hold the point forecast, and (where the mixture's own interval holds it) be the mixture's.
TEST_CASE("a combination's intervals nest across levels and hold the point forecast, however far apart the members") {
  std::vector<double> y = {513.1,  559.1,  605.25, 628.92, 612.19, 578.46, 521.45, 488.66, 451.54, 443.55,
                           458.19, 489.75, 551.88, 592.84, 640.2,  649.68, 638.78, 616.75, 571.43, 523.88,
                           475.62, 472.41, 494.02, 526.32, 577.59, 632.37, 682.98, 698.42, 678.99, 645.57,
                           606.39, 546.45, 512.56, 505.36, 522.94, 565.09, 627.46, 670.35, 715.67, 10000};
  for (double last : {10000.0, 1082.27, 715.0}) {
    y.back() = last;
    SeriesRequest r;
    r.y = y;
    r.period = 12;
    r.horizon = 12;
    r.method = "combination";
    r.levels = {0.5, 5, 50, 80, 95, 99.9};
    const SeriesForecast f = forecast_series(r);
    REQUIRE(f.model.rfind("Combination", 0) == 0);
    for (size_t i = 0; i < 12; ++i) {
      for (size_t l = 0; l < r.levels.size(); ++l) {
        INFO("last " << last << ", step " << i + 1 << ", level " << r.levels[l]);
        CHECK(f.lower[l][i] <= f.mean[i]);
        CHECK(f.upper[l][i] >= f.mean[i]);
        if (l == 0) continue;
        CHECK(f.lower[l][i] <= f.lower[l - 1][i] + 1e-9 * std::fabs(f.mean[i]));
        CHECK(f.upper[l][i] >= f.upper[l - 1][i] - 1e-9 * std::fabs(f.mean[i]));
      }
    }
    // A level's bounds are the same whichever other levels are asked for (a later review found
    // the 5 % bounds moved when 0.5 % was asked for too).
    for (size_t l = 0; l < r.levels.size(); ++l) {
      SeriesRequest alone = r;
      alone.levels = {r.levels[l]};
      const SeriesForecast g = forecast_series(alone);
      INFO("last " << last << ", level " << r.levels[l]);
      CHECK(g.lower[0] == f.lower[l]);
      CHECK(g.upper[0] == f.upper[l]);
    }
  }
}
