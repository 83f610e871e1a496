// SPDX-License-Identifier: MIT
// savings.predict never answers money it cannot write: a model whose sigma or coefficients (an
// edited or imported model; the reader takes them up to 1e300) carry a bound or a prediction past
// the doubles is refused on the model, where it came back as null bounds.
#include <catch2/catch.hpp>

#include <cmath>

#include <nlohmann/json.hpp>

#include "engine.hpp"

using nlohmann::json;

TEST_CASE("savings.predict refuses predictions or bounds that overflow, naming the model") {
  nestegg::Engine engine;
  const json trained = engine.call_json(
      "savings.train", {{"design", {{"columns", {"x"}}, {"rows", {{1}, {2}, {3}, {4}, {5}}}, {"y", {1, 3, 2, 5, 4}}}},
                        {"cv_folds", 0}});
  REQUIRE(trained.contains("model"));
  auto refused = [](const json& out) {
    return out.contains("error") && out["error"]["code"] == "invalid_value" && out["error"]["field"] == "model";
  };
  json wide = trained["model"];
  wide["sigma"] = 1e300;  // t x sigma x sqrt(1 + leverage) is past the doubles
  CHECK(refused(engine.call_json("savings.predict", {{"model", wide}, {"rows", {{6}}}})));
  CHECK(refused(engine.call_json("savings.predict", {{"model", wide}, {"rows", {{6}}}, {"output", "columns"}})));
  json steep = trained["model"];
  steep["coefficients"] = {1e300};
  CHECK(refused(engine.call_json("savings.predict", {{"model", steep}, {"rows", {{1e10}}}})));
  // The same model within range answers, finite: the refusal is about the numbers, not the model.
  const json ok = engine.call_json("savings.predict", {{"model", trained["model"]}, {"rows", {{6}}}});
  REQUIRE(ok.contains("predictions"));
  const json& p = ok["predictions"][0];
  CHECK(std::isfinite(p["prediction"].get<double>()));
  CHECK(p["lower"]["95"].get<double>() <= p["prediction"].get<double>());
  CHECK(p["prediction"].get<double>() <= p["upper"]["95"].get<double>());
}
