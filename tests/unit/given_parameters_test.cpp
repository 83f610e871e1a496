// SPDX-License-Identifier: MIT
// Caller-given model parameters outside the model's space are refused with invalid_value on the
// field (issue 15), not refitted or quietly turned into explosive forecasts. ARIMA against the AR(2)
// stationarity triangle (phi1 + phi2 < 1, phi2 - phi1 < 1, |phi2| < 1: Box & Jenkins), unit roots
// on the boundary, MA(1) invertibility |theta| < 1; ETS against R's ets() check.param bounds.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "engine.hpp"

using nlohmann::json;

namespace {

json forecast(nestegg::Engine& engine, json request) {
  json series = json::array();
  for (int t = 0; t < 36; ++t) series.push_back(100 + 0.5 * t + 8 * ((t * 7) % 5) - 16);
  request["series"] = series;
  request["horizon"] = 6;
  if (!request.contains("period")) request["period"] = 1;
  return engine.call_json("forecast.expenses", request);
}

json arima(nestegg::Engine& engine, json order, json coefficients, json seasonal = nullptr) {
  json r = {{"method", "arima"}, {"order", order}, {"coefficients", coefficients}};
  if (!seasonal.is_null()) {
    r["seasonal_order"] = seasonal;
    r["period"] = 4;
  }
  return forecast(engine, r);
}

bool refused_on(const json& out, const std::string& field) {
  return out.contains("error") && out["error"]["code"] == "invalid_value" && out["error"]["field"] == field;
}

}  // namespace

TEST_CASE("given ARIMA coefficients: stationary and invertible only, by the closed-form regions") {
  nestegg::Engine engine{nestegg::EngineConfig{}};
  // AR(2) triangle: inside accepted (real and complex roots), each edge crossed refused.
  CHECK_FALSE(arima(engine, {2, 0, 0}, {{"ar", {0.5, 0.3}}}).contains("error"));
  CHECK_FALSE(arima(engine, {2, 0, 0}, {{"ar", {1.2, -0.5}}}).contains("error"));  // complex pair, modulus sqrt(2)
  CHECK(refused_on(arima(engine, {2, 0, 0}, {{"ar", {0.3, 0.8}}}), "coefficients.ar"));   // phi1 + phi2 = 1.1
  CHECK(refused_on(arima(engine, {2, 0, 0}, {{"ar", {-0.9, 0.2}}}), "coefficients.ar"));  // phi2 - phi1 = 1.1
  CHECK(refused_on(arima(engine, {2, 0, 0}, {{"ar", {0.2, -1.05}}}), "coefficients.ar")); // |phi2| > 1
  CHECK(refused_on(arima(engine, {2, 0, 0}, {{"ar", {0.5, 0.5}}}), "coefficients.ar"));   // a root at z = 1 exactly
  // AR(1): 0.99 is stationary, 1 is a random walk (difference instead), 1.5 explodes.
  CHECK_FALSE(arima(engine, {1, 0, 0}, {{"ar", {0.99}}}).contains("error"));
  CHECK(refused_on(arima(engine, {1, 0, 0}, {{"ar", {1.0}}}), "coefficients.ar"));
  CHECK(refused_on(arima(engine, {1, 0, 0}, {{"ar", {1.5}}}), "coefficients.ar"));
  // MA(1): 1 + theta z has its root at -1/theta, outside the circle iff |theta| < 1.
  CHECK_FALSE(arima(engine, {0, 0, 1}, {{"ma", {-0.95}}}).contains("error"));
  CHECK(refused_on(arima(engine, {0, 0, 1}, {{"ma", {-1.0}}}), "coefficients.ma"));
  CHECK(refused_on(arima(engine, {0, 0, 1}, {{"ma", {2.5}}}), "coefficients.ma"));
  // Seasonal factors, polynomials in z^m, by the same rules.
  CHECK_FALSE(arima(engine, {0, 0, 0}, {{"sar", {0.6}}}, {1, 0, 0}).contains("error"));
  CHECK(refused_on(arima(engine, {0, 0, 0}, {{"sar", {1.1}}}, {1, 0, 0}), "coefficients.sar"));
  CHECK(refused_on(arima(engine, {0, 0, 0}, {{"sma", {-1.2}}}, {0, 0, 1}), "coefficients.sma"));
}

TEST_CASE("given ETS and Theta parameters: R's ets() bounds, relative ones included") {
  nestegg::Engine engine{nestegg::EngineConfig{}};
  const auto ets = [&](const char* spec, json parameters) {
    return forecast(engine, {{"method", "ets"}, {"spec", spec}, {"parameters", parameters}});
  };
  CHECK_FALSE(ets("ANN", {{"alpha", 0.3}}).contains("error"));
  CHECK(refused_on(ets("ANN", {{"alpha", 0}}), "parameters.alpha"));  // below 1e-4: no learning at all
  CHECK(refused_on(ets("ANN", {{"alpha", 1}}), "parameters.alpha"));  // above 0.9999
  CHECK_FALSE(ets("AAN", {{"alpha", 0.5}, {"beta", 0.5}}).contains("error"));
  CHECK(refused_on(ets("AAN", {{"alpha", 0.5}, {"beta", 0.6}}), "parameters.beta"));  // beta > alpha
  CHECK_FALSE(ets("AAdN", {{"alpha", 0.5}, {"beta", 0.1}, {"phi", 0.98}}).contains("error"));
  CHECK(refused_on(ets("AAdN", {{"alpha", 0.5}, {"beta", 0.1}, {"phi", 0.5}}), "parameters.phi"));
  CHECK(refused_on(forecast(engine, {{"method", "ets"}, {"spec", "AAA"}, {"period", 4},
                                     {"parameters", {{"alpha", 0.3}, {"beta", 0.1}, {"gamma", 0.75}}}}),
                   "parameters.gamma"));  // gamma > 1 - alpha
  CHECK_FALSE(forecast(engine, {{"method", "theta"}, {"parameters", {{"alpha", 0.4}}}}).contains("error"));
  CHECK(refused_on(forecast(engine, {{"method", "theta"}, {"parameters", {{"alpha", 0}}}}), "parameters.alpha"));
}

TEST_CASE("given initial states come together: l0 with b0 for a trend, never b0 or s alone") {
  // b0 without l0 was ignored ("not a field of this method") and every state estimated; l0 without
  // b0 fixed b0 at 0 for a trend model. Both are now refused, naming the missing field.
  nestegg::Engine engine;
  auto missing = [](const json& out, const std::string& field) {
    return out.contains("error") && out["error"]["code"] == "missing_field" && out["error"]["field"] == field;
  };
  CHECK(missing(forecast(engine, {{"method", "ets"}, {"spec", "AAN"}, {"parameters", {{"alpha", 0.5}, {"b0", 3}}}}), "parameters.l0"));
  CHECK(missing(forecast(engine, {{"method", "ets"}, {"spec", "AAN"}, {"parameters", {{"s", {1, 2}}}}}), "parameters.l0"));
  CHECK(missing(forecast(engine, {{"method", "holt"}, {"parameters", {{"l0", 100}}}}), "parameters.b0"));
  // Without a trend l0 alone is the whole state, and with both the states are used as given.
  const json ses = forecast(engine, {{"method", "ses"}, {"parameters", {{"alpha", 0.5}, {"l0", 100}}}});
  REQUIRE(ses.contains("series"));
  CHECK(ses["series"]["model"]["parameters"]["l0"] == 100.0);
  const json holt = forecast(engine, {{"method", "holt"}, {"parameters", {{"l0", 100}, {"b0", 0.5}}}});
  REQUIRE(holt.contains("series"));
  CHECK(holt["series"]["model"]["parameters"]["b0"] == 0.5);
}
