// SPDX-License-Identifier: MIT
// savings.predict never answers money it cannot write: a model whose coefficients (an edited or
// imported model; the reader takes them up to 1e300) carry a prediction past the doubles is
// refused on the model, where it came back as null; a sigma up to the reader's 1e300 gives finite
// bounds, computed without squaring it.
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
  json steep = trained["model"];
  steep["coefficients"] = {1e300};  // 1e300 x 1e10: the prediction itself is past the doubles
  CHECK(refused(engine.call_json("savings.predict", {{"model", steep}, {"rows", {{1e10}}}})));
  CHECK(refused(engine.call_json("savings.predict", {{"model", steep}, {"rows", {{1e10}}}, {"output", "columns"}})));
  // sigma at the reader's limit, 1e300, squares past the doubles, but the bounds do not: t x sigma
  // on each side (the leverage term is nothing beside sigma^2), t(0.90, 3) = 1.637744353696210 and
  // t(0.975, 3) = 3.182446305284263 from the t table. They came back null before.
  json wide = trained["model"];
  wide["sigma"] = 1e300;
  for (const char* output : {"rows", "columns"}) {
    const json big = engine.call_json("savings.predict", {{"model", wide}, {"rows", {{6}}}, {"output", output}});
    REQUIRE(big.contains("predictions"));
    const json& p = std::string(output) == "rows" ? big["predictions"][0] : big["predictions"];
    auto at = [&](const json& v) { return v.is_array() ? v[0].get<double>() : v.get<double>(); };
    const double point = at(p["prediction"]);
    CHECK_THAT(at(p["upper"]["80"]) - point, Catch::Matchers::WithinRel(1.637744353696210e300, 1e-9));
    CHECK_THAT(point - at(p["lower"]["95"]), Catch::Matchers::WithinRel(3.182446305284263e300, 1e-9));
  }
  // The same model within range answers, finite: the refusal is about the numbers, not the model.
  const json ok = engine.call_json("savings.predict", {{"model", trained["model"]}, {"rows", {{6}}}});
  REQUIRE(ok.contains("predictions"));
  const json& p = ok["predictions"][0];
  CHECK(std::isfinite(p["prediction"].get<double>()));
  CHECK(p["lower"]["95"].get<double>() <= p["prediction"].get<double>());
  CHECK(p["prediction"].get<double>() <= p["upper"]["95"].get<double>());
}
