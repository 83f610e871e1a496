// SPDX-License-Identifier: MIT
// Models with every parameter given, unrounded, against R's forecast package
// (tests/fixtures/forecast_reference.json, from tests/forecast/make_reference.R): ETS point
// forecasts and sigma2 from R's own fits, ARIMA forecasts from Arima(fixed = ...). To 1e-6.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <limits>

#include <nlohmann/json.hpp>

#include "arima.hpp"
#include "ets.hpp"

using namespace nestegg;
using json = nlohmann::json;
using Catch::Matchers::WithinRel;

namespace {

json reference() {
  std::ifstream in(std::string(NESTEGG_FIXTURES) + "/forecast_reference.json");
  REQUIRE(in.good());
  return json::parse(in);
}

double or_nan(const json& x) { return x.is_null() ? std::numeric_limits<double>::quiet_NaN() : x.get<double>(); }

std::vector<double> numbers(const json& a) {
  std::vector<double> v;
  for (const auto& x : a) v.push_back(or_nan(x));
  return v;
}

}  // namespace

TEST_CASE("ETS with R's parameters and initial states forecasts what R forecasts") {
  int checked = 0;
  const json ref = reference();  // kept: a range-for over reference()["fixed"] would dangle
  for (const json& c : ref["fixed"]) {
    if (c["kind"] != "ets") continue;
    INFO(c["name"].get<std::string>() << " " << c["model"].get<std::string>());
    const json& p = c["parameters"];
    EtsFixed fixed = no_fixed_params();
    fixed.alpha = or_nan(p["alpha"]);
    fixed.beta = or_nan(p["beta"]);
    fixed.gamma = or_nan(p["gamma"]);
    fixed.phi = or_nan(p["phi"]);
    EtsState initial{p["l0"].get<double>(), p["b0"].is_null() ? 0.0 : p["b0"].get<double>(),
                     p["s"].is_null() ? std::vector<double>{} : numbers(p["s"])};
    fixed.initial = &initial;
    const EtsSpec spec = parse_ets_spec(c["spec"], "spec");
    const EtsFit fit = ets_fit(numbers(c["series"]), c["period"], spec, fixed);
    CHECK(ets_name(fit.spec) == c["model"].get<std::string>());
    const std::vector<double> want = numbers(c["forecast"]);
    const std::vector<double> got = ets_point_forecast(fit.spec, fit.par, fit.filter.final_state, fit.m, int(want.size()));
    for (size_t i = 0; i < want.size(); ++i) CHECK_THAT(got[i], WithinRel(want[i], 1e-6));
    CHECK_THAT(fit.sigma2, WithinRel(c["sigma2"].get<double>(), 1e-6));
    ++checked;
  }
  CHECK(checked >= 10);
}

TEST_CASE("ARIMA with R's fixed coefficients forecasts what R's Arima() forecasts") {
  int checked = 0;
  const json ref = reference();  // kept: a range-for over reference()["fixed"] would dangle
  for (const json& c : ref["fixed"]) {
    if (c["kind"] != "arima") continue;
    INFO(c["name"].get<std::string>() << " " << c["model"].get<std::string>());
    const std::vector<double> o = numbers(c["order"]), so = numbers(c["seasonal_order"]), k = numbers(c["coefficients"]);
    const int m = c["period"];
    ArimaOrder order{int(o[0]), int(o[1]), int(o[2]), int(so[0]), int(so[1]), int(so[2]), m, c["include_constant"]};
    ArimaCoefficients coef;
    size_t at = 0;
    auto take = [&](int count) { std::vector<double> v(k.begin() + long(at), k.begin() + long(at) + count); at += size_t(count); return v; };
    coef.ar = take(order.p);
    coef.ma = take(order.q);
    coef.sar = take(order.P);
    coef.sma = take(order.Q);
    // R's drift is a slope per period; after a seasonal difference the mean is m of them.
    if (order.constant) coef.constant = k[at] * (order.D == 1 ? m : 1);
    const ArimaFit fit = arima_fit(numbers(c["series"]), order, &coef);
    const std::vector<double> want = numbers(c["forecast"]);
    const ArimaForecast got = arima_forecast(fit, int(want.size()));
    for (size_t i = 0; i < want.size(); ++i) CHECK_THAT(got.mean[i], WithinRel(want[i], 1e-6));
    ++checked;
  }
  CHECK(checked >= 4);
}
