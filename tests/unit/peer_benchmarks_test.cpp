// SPDX-License-Identifier: MIT
// benchmarks.compare: the compiled peer table read back against the repo's JSON copy and against
// BLS's published headline figures; the lognormal percentile against its closed form worked by
// hand; group choice at the age and quintile edges; the response's source, caveats and errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "engine.hpp"
#include "peer_benchmarks.hpp"

using namespace nestegg;
using json = nlohmann::json;

namespace {

json ce_json() {
  std::ifstream in(std::string(NESTEGG_FIXTURES) + "/../../core/insights/data/ce_survey_2023.json");
  REQUIRE(in.good());
  return json::parse(in);
}

double value_or_missing(const json& v) { return v.is_null() ? kCeMissing : v.get<double>(); }

void check_row(const json& row, const CeGroup& g) {
  INFO(g.id);
  CHECK(row["label"].get<std::string>() == g.label);
  CHECK(row["number_of_consumer_units_thousands"].get<double>() == g.consumer_units_thousands);
  CHECK(row["income_before_taxes"].get<double>() == g.income_before_taxes);
  CHECK(row["income_after_taxes"].get<double>() == g.income_after_taxes);
  CHECK(row["average_annual_expenditures"].get<double>() == g.expenditures);
  CHECK(row["persons_per_consumer_unit"].get<double>() == g.persons_per_consumer_unit);
  for (size_t k = 0; k < kCeCategories; ++k) {
    const json& c = row["expenditures"][kCeCategoryNames[k]];
    CHECK(value_or_missing(c["mean"]) == g.category_mean[k]);
    CHECK(value_or_missing(c["share_pct"]) == g.category_share_pct[k]);
  }
  // The JSON's derived savings rate (rounded to 4 decimals) from the table's own figures.
  CHECK(std::fabs(1 - g.expenditures / g.income_after_taxes - row["derived"]["savings_rate"].get<double>()) < 5e-5);
}

Engine quiet_engine() {
  EngineConfig config;
  config.log_level = LogLevel::off;
  return Engine(config);
}

}  // namespace

TEST_CASE("the compiled CE table equals the repo's JSON copy, value for value", "[benchmarks]") {
  const json d = ce_json();
  REQUIRE(kCeGroupCount == 1 + d["by_age"].size() + d["by_income_quintile"].size());
  check_row(d["all_units"], *find_ce_group("all"));
  for (const json& row : d["by_age"]) check_row(row, *find_ce_group(row["group"].get<std::string>()));
  for (const json& row : d["by_income_quintile"]) check_row(row, *find_ce_group(row["group"].get<std::string>()));
}

TEST_CASE("the table's headline figures are BLS's published ones (news release USDL-24-1862, FRED)", "[benchmarks]") {
  // Typed from the release, not from the JSON: average annual expenditures $77,280; housing
  // $25,436 (32.9 %), food $9,985 (12.9 %); 134,556 thousand CUs; second-quintile housing $18,656.
  const CeGroup& all = *find_ce_group("all");
  CHECK(all.expenditures == 77280);
  CHECK(all.category_mean[1] == 25436);
  CHECK(all.category_share_pct[1] == 32.9);
  CHECK(all.category_mean[0] == 9985);
  CHECK(all.category_share_pct[0] == 12.9);
  CHECK(all.consumer_units_thousands == 134556);
  CHECK(find_ce_group("second_20")->category_mean[1] == 18656);
  CHECK(find_ce_group("second_20")->category_share_pct[1] == kCeMissing);
  // The age groups' and the quintiles' CU counts each add to the whole (65+ is 65-74 plus 75+).
  double ages = 0, quintiles = 0;
  for (size_t i = 0; i < kCeGroupCount; ++i) {
    const CeGroup& g = kCeGroups[i];
    if (g.dimension == CeDimension::age && std::string(g.id) != "65_plus") ages += g.consumer_units_thousands;
    if (g.dimension == CeDimension::income_quintile) quintiles += g.consumer_units_thousands;
  }
  CHECK(ages == 134556);
  CHECK(quintiles == 134556);
}

TEST_CASE("lognormal percentile: the closed form worked by hand", "[benchmarks]") {
  // percentile = 100 Phi(ln(x/m)/sigma + sigma/2). At the mean: Phi(sigma/2); sigma 0.6 ->
  // Phi(0.3) = 0.617911 (normal table: 0.6179).
  CHECK(lognormal_percentile(71867, 71867, 0.6) == Approx(61.7911).margin(1e-3));
  // At the median m exp(-sigma^2/2) exactly 50.
  CHECK(lognormal_percentile(1000 * std::exp(-0.18), 1000, 0.6) == Approx(50).margin(1e-9));
  // One sigma above the median: Phi(1) = 0.841345.
  CHECK(lognormal_percentile(1000 * std::exp(-0.18 + 0.6), 1000, 0.6) == Approx(84.1345).margin(1e-3));
  CHECK(lognormal_percentile(0, 1000, 0.6) == 0);
  // The range over sigma in [0.45, 0.8] at the mean: Phi rises with sigma/2 -> [Phi(0.225), Phi(0.4)]
  // = [58.9010, 65.5422].
  const PercentileEstimate p = estimate_percentile(71867, 71867, kSpendingSpread);
  CHECK(p.point == Approx(61.7911).margin(1e-3));
  CHECK(p.lower == Approx(58.9010).margin(1e-3));
  CHECK(p.upper == Approx(65.5422).margin(1e-3));
  // Well above the mean, the percentile is not monotone in sigma: x = 3m, sigma* = sqrt(2 ln 3)
  // = 1.4823 lies outside [0.5, 1.2], so the extremes are the ends: Phi(ln3/0.5 + 0.25) =
  // Phi(2.4472) = 0.99280 and Phi(ln3/1.2 + 0.6) = Phi(1.5155) = 0.93518.
  const PercentileEstimate q = estimate_percentile(3000, 1000, kCategorySpread);
  CHECK(q.upper == Approx(99.280).margin(2e-3));
  CHECK(q.lower == Approx(93.518).margin(2e-3));
  CHECK((q.lower <= q.point && q.point <= q.upper));
}

TEST_CASE("peer groups: age edges and approximate quintile limits", "[benchmarks]") {
  CHECK(std::string(age_group_for(15)->id) == "under_25");
  CHECK(std::string(age_group_for(24)->id) == "under_25");
  CHECK(std::string(age_group_for(25)->id) == "25_34");
  CHECK(std::string(age_group_for(64)->id) == "55_64");
  CHECK(std::string(age_group_for(65)->id) == "65_74");
  CHECK(std::string(age_group_for(120)->id) == "75_plus");
  // Limits: sqrt(15596 x 40751) = 25210.17, sqrt(40751 x 71057) = 53811.19,
  // sqrt(71057 x 116717) = 91068.98, sqrt(116717 x 264518) = 175709.27.
  CHECK(quintile_boundary(2) == Approx(25210.17).margin(0.01));
  CHECK(quintile_boundary(5) == Approx(175709.27).margin(0.01));
  CHECK(quintile_for_income(25210) == 1);
  CHECK(quintile_for_income(25211) == 2);
  CHECK(quintile_for_income(91068) == 3);
  CHECK(quintile_for_income(91069) == 4);
  CHECK(quintile_for_income(1e9) == 5);
}

TEST_CASE("benchmarks.compare: a 30-year-old household worked by hand", "[benchmarks]") {
  Engine engine = quiet_engine();
  const json out = engine.call_json("benchmarks.compare", json::parse(R"({"age": 30, "period": "monthly",
    "income_after_taxes": 5000, "expenditures": 4000, "spending": {"food": 808.75, "entertainment": 500}})"));
  INFO(out.dump(1));
  REQUIRE_FALSE(out.contains("error"));
  REQUIRE(out["peers"].size() == 2);  // the age group, then all consumer units
  const json& age = out["peers"][0];
  CHECK(age["group"] == "25_34");
  CHECK(age["consumer_units_thousands"] == 21082);
  const json& c = age["comparisons"];
  // income after taxes 60,000 a year vs 84,939: ratio 0.70639, percentile
  // 100 Phi(ln(60000/84939)/0.9 + 0.45) = 100 Phi(-0.38631 + 0.45) = 100 Phi(0.06369) = 52.54.
  CHECK(c[0]["metric"] == "income_after_taxes");
  CHECK(c[0]["user"] == 60000);
  CHECK(c[0]["difference"] == -24939);
  CHECK(c[0]["percentile"]["point"].get<double>() == Approx(52.5).margin(0.05));
  // expenditures 48,000 vs 71,867: 100 Phi(ln(0.667900)/0.6 + 0.3) = 100 Phi(-0.37271) = 35.47.
  CHECK(c[1]["metric"] == "expenditures");
  CHECK(c[1]["percentile"]["point"].get<double>() == Approx(35.5).margin(0.05));
  // food 9,705 a year vs 9,704: about at the mean, Phi(0.4) = 65.5 for sigma 0.8; its share
  // 9705 / 48000 = 0.20219 vs 13.5 %.
  CHECK(c[2]["metric"] == "spending.food");
  CHECK(c[2]["difference"] == 1);
  CHECK(c[2]["percentile"]["point"].get<double>() == Approx(65.5).margin(0.05));
  CHECK(c[2]["user_share"].get<double>() == Approx(9705.0 / 48000));
  CHECK(c[2]["peer_share"].get<double>() == Approx(0.135));
  // expense ratio 0.8 vs 71867 / 84939 = 0.846101; savings rate 0.2 vs 0.153899.
  CHECK(c[4]["metric"] == "expense_ratio");
  CHECK(c[4]["peer"].get<double>() == Approx(71867.0 / 84939));
  CHECK(c[5]["metric"] == "savings_rate");
  CHECK(c[5]["user"].get<double>() == Approx(0.2));
  CHECK(c[5]["peer"].get<double>() == Approx(0.1539).margin(5e-5));
  CHECK(c[5]["percentile"].is_null());
  CHECK(out["source"]["year"] == 2023);
  CHECK(out["source"]["citation"].get<std::string>().find("Bureau of Labor Statistics") != std::string::npos);
  CHECK(out["caveats"].size() >= 6);
}

TEST_CASE("benchmarks.compare: income picks a quintile; its missing categories say so", "[benchmarks]") {
  Engine engine = quiet_engine();
  const json out = engine.call_json("benchmarks.compare", json::parse(
      R"({"income": 45000, "spending": {"housing": 18656, "food": 6000}})"));
  INFO(out.dump(1));
  REQUIRE_FALSE(out.contains("error"));
  const json& q = out["peers"][0];
  CHECK(q["group"] == "second_20");
  CHECK(q["quintile_limits"]["lower"] == 25210.17);
  CHECK(q["quintile_limits"]["upper"] == 53811.19);
  // housing at the second quintile's mean exactly: Phi(0.4) = 65.5 % (sigma 0.8)
  CHECK(q["comparisons"][1]["metric"] == "spending.food");
  CHECK(q["comparisons"][1]["peer"].is_null());
  CHECK(q["comparisons"][1]["note"].is_string());
  CHECK(q["comparisons"][2]["metric"] == "spending.housing");
  CHECK(q["comparisons"][2]["difference"] == 0);
  CHECK(q["comparisons"][2]["percentile"]["point"].get<double>() == Approx(65.5).margin(0.05));
  bool approximate = false;
  for (const json& c : out["caveats"]) approximate = approximate || c.get<std::string>().find("approximate limits") != std::string::npos;
  CHECK(approximate);
}

TEST_CASE("benchmarks.compare: bad requests name the field", "[benchmarks]") {
  Engine engine = quiet_engine();
  const auto error_field = [&](const char* text) {
    const json out = engine.call_json("benchmarks.compare", json::parse(text));
    INFO(out.dump());
    REQUIRE(out.contains("error"));
    return out["error"]["field"].get<std::string>() + " " + out["error"]["code"].get<std::string>();
  };
  CHECK(error_field(R"({"expenditures": 1000})") == "age missing_field");
  CHECK(error_field(R"({"age": 30})") == "expenditures missing_field");
  CHECK(error_field(R"({"age": 14, "expenditures": 1})") == "age out_of_range");
  CHECK(error_field(R"({"age_group": "30s", "expenditures": 1})") == "age_group invalid_value");
  CHECK(error_field(R"({"age": 30, "age_group": "25_34", "expenditures": 1})") == "age_group invalid_value");
  CHECK(error_field(R"({"age": 30, "spending": {"dining": 5}})") == "spending.dining invalid_value");
  CHECK(error_field(R"({"age": 30, "spending": {"food": -5}})") == "spending.food out_of_range");
  CHECK(error_field(R"({"income_quintile": 6, "expenditures": 1})") == "income_quintile out_of_range");
  CHECK(error_field(R"({"age": 30, "expenditures": 1, "period": "weekly"})") == "period invalid_value");
  CHECK_FALSE(engine.call_json("benchmarks.compare", json::parse(R"({"age": 30, "expenditures": 1})")).contains("error"));
}
