// SPDX-License-Identifier: MIT
// Every bad request in tests/fixtures/bad_requests.json gets its structured error, and the engine
// answers the next good request correctly. The wasm build runs the same file in validation.test.mjs.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "engine.hpp"

using namespace nestegg;
using nlohmann::json;

static json load_fixture(const char* name) {
  std::ifstream in(std::string(NESTEGG_FIXTURES) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

static const char* kGood = R"({"target_amount":10000,"current_amount":1000,"monthly_contribution":450,"start_date":"2024-01-15"})";

TEST_CASE("every bad request gets its error code and field, and the next call works") {
  const json cases = load_fixture("bad_requests.json");
  REQUIRE(cases.size() >= 50);
  Engine engine;
  for (const auto& c : cases) {
    INFO(c["name"].get<std::string>());
    const json out = json::parse(engine.call(c["method"].get<std::string>(), c["body"].get<std::string>()));
    REQUIRE(out.contains("error"));
    CHECK(out.size() == 1);
    CHECK(out["error"]["code"] == c["code"]);
    CHECK(out["error"]["field"] == c["field"]);
    CHECK_FALSE(out["error"]["message"].get<std::string>().empty());
    const json good = json::parse(engine.call("goals.timeline", kGood));
    CHECK(good["months_needed"] == 20);
  }
  CHECK(engine.metrics().total_errors() == cases.size());
}

TEST_CASE("oversized inputs are refused, not processed") {
  EngineConfig config;
  config.limits.max_request_bytes = 4096;
  Engine engine(config);
  const std::string big = "{\"target_amount\": 1, \"pad\": \"" + std::string(5000, 'x') + "\"}";
  CHECK(json::parse(engine.call("goals.timeline", big))["error"]["code"] == "too_large");

  Engine defaults;
  json req = json::parse(R"({"target_amount":20000,"current_amount":9000,"target_date":"2026-06-01","as_of":"2025-01-01"})");
  req["contributions"] = json::array();
  for (int i = 0; i < 100001; ++i) req["contributions"].push_back(1);
  const json out = json::parse(defaults.call("goals.adjust", req.dump()));
  CHECK(out["error"]["code"] == "too_large");
  CHECK(out["error"]["field"] == "contributions");
  // A month span that would expand past the limit is refused too (1 501 months, as_of's the last).
  req["contributions"] = json::parse(R"([{"month":"1900-01","amount":1},{"month":"2025-01","amount":1}])");
  EngineConfig small;
  small.limits.max_array_items = 1000;
  CHECK(json::parse(Engine(small).call("goals.adjust", req.dump()))["error"]["code"] == "too_large");
  // A review's find: each goal of insights.nudges was held to the limit alone, so 50 goals of two
  // months 8 000 years apart expanded 10 KB into 4.8 million months. Every goal's together now.
  json goal = json::parse(R"({"target_amount": 1e6, "current_amount": 1000, "target_date": "9999-12-31",
      "contributions": [{"month": "5000-01", "amount": 1}, {"month": "9999-11", "amount": 1}]})");
  json nudges = {{"as_of", "9999-12-30"}, {"goals", json::array()}};
  for (int g = 0; g < 2; ++g) nudges["goals"].push_back(goal), nudges["goals"][size_t(g)]["name"] = "g" + std::to_string(g);
  json out2 = json::parse(defaults.call("insights.nudges", nudges.dump()));
  CHECK(out2["error"]["code"] == "too_large");
  CHECK(out2["error"]["field"] == "goals[1].contributions[1].month");
  nudges["goals"].erase(1);
  out2 = json::parse(defaults.call("insights.nudges", nudges.dump()));
  CHECK_FALSE(out2.contains("error"));  // one goal's 59 999 months are within it
  // Plain-number contributions count toward the total too (a review's find: 3 x 8 passed a limit of 10).
  EngineConfig ten;
  ten.limits.max_array_items = 10;
  json plain = {{"as_of", "2026-12-30"}, {"goals", json::array()}};
  for (int g = 0; g < 3; ++g) {
    json one = json::parse(R"({"target_amount": 1000, "current_amount": 10, "target_date": "2027-12-31"})");
    one["name"] = "p" + std::to_string(g);
    one["contributions"] = json(std::vector<int>(4, 5));
    plain["goals"].push_back(one);
  }
  const json over = json::parse(Engine(ten).call("insights.nudges", plain.dump()));  // 4 + 4 + 4 = 12 months
  CHECK(over["error"]["code"] == "too_large");
  CHECK(over["error"]["field"] == "goals[2].contributions");
  plain["goals"].erase(2);  // 8
  CHECK_FALSE(json::parse(Engine(ten).call("insights.nudges", plain.dump())).contains("error"));
}

// A review's find: the byte limit alone let an 8 MiB request of "[],[],..." take 184 MiB of wasm
// memory, over a Worker's 128 MB, before any field was read. max_json_values stops it as it reads.
TEST_CASE("a request holds at most max_json_values values and keys, a packed series' numbers aside") {
  Engine engine;
  std::string flood = "{\"x\": [";
  for (int i = 0; i < 2000000; ++i) flood += i ? ",[]" : "[]";
  flood += "], \"target_amount\": 1000, \"monthly_contribution\": 100}";
  REQUIRE(flood.size() < size_t(8) << 20);
  json out = json::parse(engine.call("goals.timeline", flood));
  CHECK(out["error"]["code"] == "too_large");
  CHECK(out["error"]["field"] == "x[999997]");  // the root, "x", x and x[0..999996] are the first million
  CHECK(json::parse(engine.call("goals.timeline", R"({"target_amount": 1000, "monthly_contribution": 100, "start_date": "2026-01-15"})"))["months_needed"] == 10);

  // 64 values and keys: three series of 200 fit, being packed (read straight into doubles, not into the
  // document: not counted); a series that cannot be packed (a string in it) is counted item by item.
  EngineConfig config;
  config.limits.max_json_values = 64;
  Engine small(config);
  json req = {{"categories", json::object()}, {"horizon", 3}, {"method", "naive"}};
  for (const char* name : {"food", "rent", "fun"}) req["categories"][name] = std::vector<double>(200, 100.25);
  out = json::parse(small.call("forecast.expenses", req.dump()));
  CHECK_FALSE(out.contains("error"));
  req["categories"]["fun"][5] = "x";
  out = json::parse(small.call("forecast.expenses", req.dump()));
  CHECK(out["error"]["code"] == "too_large");
  CHECK(out["error"]["field"] == "categories.fun[58]");  // the root, categories, 3 keys, fun and fun[0..57] are 64
}

// Dated contributions: a month not given counts as 0, between two given months and after the last
// one up to as_of's month (in progress: counted only when given). A review's find: a saver who
// stopped in February was still "saving" at February's pace in June. Worked by hand, window 6.
TEST_CASE("months without a dated contribution up to as_of's month count as zero") {
  Engine engine;
  json req = json::parse(R"({"target_amount": 20000, "current_amount": 1200, "target_date": "2028-01-01",
      "as_of": "2026-06-15", "contributions": [{"month": "2026-01", "amount": 600}, {"month": "2026-02", "amount": 600}]})");
  json out = json::parse(engine.call("goals.adjust", req.dump()));
  // January to May: 600, 600, 0, 0, 0.
  CHECK(out["performance"]["months_recorded"] == 5);
  CHECK(out["current_pace"] == 240);  // 1200 / 5
  CHECK(out["performance"]["total_contributed"] == 1200);
  CHECK(out["performance"]["min"] == 0);
  // June given: January to June, 1500 / 6.
  req["contributions"].push_back({{"month", "2026-06"}, {"amount", 300}});
  out = json::parse(engine.call("goals.adjust", req.dump()));
  CHECK(out["performance"]["months_recorded"] == 6);
  CHECK(out["current_pace"] == 250);
  // Given up to May, the month before as_of's: nothing added.
  req["contributions"] = json::parse(R"([{"month": "2026-04", "amount": 500}, {"month": "2026-05", "amount": 700}])");
  out = json::parse(engine.call("goals.adjust", req.dump()));
  CHECK(out["performance"]["months_recorded"] == 2);
  CHECK(out["current_pace"] == 600);
  // The months to as_of count toward the limit: the 1 000 months from 1943-02 to 2026-05 are
  // refused at 999 and taken at 1 000.
  EngineConfig small;
  small.limits.max_array_items = 999;
  req["contributions"] = json::parse(R"([{"month": "1943-02", "amount": 1}])");
  out = json::parse(Engine(small).call("goals.adjust", req.dump()));
  CHECK(out["error"]["code"] == "too_large");
  CHECK(out["error"]["field"] == "contributions");
  small.limits.max_array_items = 1000;
  CHECK(json::parse(Engine(small).call("goals.adjust", req.dump()))["performance"]["months_recorded"] == 1000);
}

TEST_CASE("invalid UTF-8 never breaks the response") {
  Engine engine;
  const std::string bad_method = "goals.\xff\xfe";
  const json out = json::parse(engine.call(bad_method, "{}"));
  CHECK(out["error"]["code"] == "unknown_method");
  CHECK(json::parse(engine.call("goals.timeline", "{\"target_amount\": \"\xff\"}"))["error"]["code"] == "invalid_json");
}

TEST_CASE("unknown fields are warned about, not silently accepted") {
  Engine engine;
  const json out = json::parse(engine.call(
      "goals.timeline", R"({"target_amount":100,"monthly_contribution":10,"montly_contribution":20,"start_date":"2024-01-01"})"));
  REQUIRE(out.contains("warnings"));
  CHECK(out["warnings"][0]["code"] == "unknown_field");
  CHECK(out["warnings"][0]["field"] == "montly_contribution");
}

TEST_CASE("unknown fields past the first 50 of a call are counted in one warning") {
  // A review's request of 200 000 unknown keys answered 200 000 warnings: 21.6 MB from 2.3 MB.
  // Here 10 inside a bill (read first) and 45 at the top: 50 told, then "5 more".
  Engine engine;
  json r = {{"starting_balance", 1000}, {"months", 1}, {"start_date", "2026-03-01"},
            {"bills", {{{"name", "rent"}, {"amount", 100}, {"day", 10}}}}};
  for (int i = 0; i < 10; ++i) r["bills"][0]["in" + std::to_string(i)] = 1;
  for (int i = 0; i < 45; ++i) r["top" + std::to_string(i)] = 1;
  const json out = json::parse(engine.call("forecast.cashflow", r.dump()));
  REQUIRE(out.contains("warnings"));
  const json& w = out["warnings"];
  REQUIRE(w.size() == 51);
  for (size_t i = 0; i < 50; ++i) {
    CHECK(w[i]["code"] == "unknown_field");
    CHECK(w[i]["field"] != "");
  }
  CHECK(w[50]["code"] == "unknown_field");
  CHECK(w[50]["field"] == "");
  CHECK(w[50]["message"] == "5 more fields are not fields of this method; they were ignored");
  // 50 exactly: every one told, no count.
  r.erase("top44"), r.erase("top43"), r.erase("top42"), r.erase("top41"), r.erase("top40");
  const json fifty = json::parse(engine.call("forecast.cashflow", r.dump()))["warnings"];
  CHECK(fifty.size() == 50);
  CHECK(fifty.back()["field"] != "");
}

TEST_CASE("a refused value is echoed as it was sent, not rounded to one that passes") {
  // A review's cases: "must be between -0.99 and 1, got 1" of 1.0000000001.
  Engine engine;
  auto message = [&](const char* request) {
    return json::parse(engine.call("goals.timeline", request))["error"]["message"].get<std::string>();
  };
  CHECK(message(R"({"target_amount":100,"monthly_contribution":10,"annual_return_rate":1.0000000001})") ==
        "annual_return_rate must be between -0.99 and 1, got 1.0000000001");
  CHECK(message(R"({"target_amount":100,"monthly_contribution":1000000000000.001})") ==
        "monthly_contribution must be between 0 and 1e+12, got 1000000000000.001");
  CHECK(message(R"({"target_amount":100,"monthly_contribution":10,"annual_return_rate":1.5})") ==
        "annual_return_rate must be between -0.99 and 1, got 1.5");
}

TEST_CASE("config is validated and applied") {
  CHECK_THROWS_AS(parse_config(json::parse(R"({"log_level":"loud"})")), NesteggError);
  CHECK_THROWS_AS(parse_config(json::parse(R"({"features":{"goals.nope":false}})")), NesteggError);
  CHECK_THROWS_AS(parse_config(json::parse(R"({"limits":{"max_paths":0}})")), NesteggError);
  CHECK_THROWS_AS(parse_config(json::parse(R"({"colour":"blue"})")), NesteggError);
  try {
    parse_config(json::parse(R"({"limits":{"max_paths":"many"}})"));
    FAIL("expected an error");
  } catch (const NesteggError& e) {
    CHECK(e.error().field == "config.limits.max_paths");
  }
  Engine engine(parse_config(json::parse(R"({"features":{"goals.simulate":false},"today":"2030-05-17"})")));
  CHECK(json::parse(engine.call("goals.simulate", "{}"))["error"]["code"] == "disabled");
  const json t = json::parse(engine.call("goals.timeline", R"({"target_amount":100,"monthly_contribution":10})"));
  CHECK(t["start_date"] == "2030-05-17");
  CHECK(t["target_date"] == "2031-03-17");
}

TEST_CASE("metrics count calls and errors per method, also as Prometheus text") {
  Engine engine;
  engine.call("goals.timeline", kGood);
  engine.call("goals.timeline", "{");
  engine.call("nope", "{}");
  const json m = engine.metrics().to_json();
  CHECK(m["methods"]["goals.timeline"]["calls"] == 2);
  CHECK(m["methods"]["goals.timeline"]["errors_by_code"]["invalid_json"] == 1);
  CHECK(m["methods"]["unknown"]["calls"] == 1);
  const std::string prom = engine.metrics().to_prometheus();
  CHECK(prom.find("nestegg_calls_total{method=\"goals.timeline\"} 2") != std::string::npos);
  CHECK(prom.find("nestegg_errors_total{method=\"goals.timeline\",code=\"invalid_json\"} 1") != std::string::npos);
  CHECK(prom.find("nestegg_call_duration_seconds_bucket{method=\"goals.timeline\",le=\"+Inf\"} 2") != std::string::npos);
}

TEST_CASE("logs are JSON lines through the sink, and a throwing sink is harmless") {
  Engine engine;
  std::vector<std::string> lines;
  engine.set_log_sink([&](const std::string& l) { lines.push_back(l); });
  engine.call("goals.timeline", kGood, "req-42");
  engine.call("goals.timeline", "{");
  REQUIRE(lines.size() == 2);
  const json first = json::parse(lines[0]), second = json::parse(lines[1]);
  CHECK(first["level"] == "info");
  CHECK(first["request_id"] == "req-42");
  CHECK(second["level"] == "warn");
  CHECK(second["error"]["code"] == "invalid_json");
  engine.set_log_sink([](const std::string&) { throw std::runtime_error("sink down"); });
  CHECK(json::parse(engine.call("goals.timeline", kGood))["months_needed"] == 20);
}

TEST_CASE("text limits count characters, not UTF-8 bytes") {
  // Review finding: 101 "é" (202 bytes) were refused against a 200-character limit.
  nestegg::EngineConfig config;
  config.log_level = nestegg::LogLevel::off;
  nestegg::Engine engine(config);
  std::string e200, e201;
  for (int i = 0; i < 200; ++i) e200 += "é";
  e201 = e200 + "é";
  const auto habits = [&](const std::string& description) {
    return engine.call_json("insights.habits", {{"transactions", {{{"date", "2025-01-03"}, {"amount", -5}, {"description", description}}}}});
  };
  CHECK_FALSE(habits(e200).contains("error"));
  const nlohmann::json over = habits(e201);
  CHECK(over["error"]["code"] == "out_of_range");
  CHECK(over["error"]["field"] == "transactions[0].description");
}

// Category names are keys of the answer as they were given, whatever they hold: one holding a NUL
// character was once cut at it, so "a\u0000x" and "a" came back as one category (the last one's
// numbers under the first one's name). Each series here ends on its own value, which is the naive
// forecast and trends' "last": each name must carry its own.
TEST_CASE("category names holding a NUL or needing escapes are answered under their own names") {
  Engine engine;
  const std::string nul = std::string("a\0x", 3);
  const std::string categories = R"({"a\u0000x": [400, 420, 410, 430, 425, 440, 450, 111],)"
                                 R"( "a": [400, 420, 410, 430, 425, 440, 450, 222],)"
                                 R"( "\"q\"": [400, 420, 410, 430, 425, 440, 450, 333]})";
  const json forecast = json::parse(engine.call("forecast.expenses", R"({"method": "naive", "period": 1, "horizon": 2, "categories": )" + categories + "}"));
  REQUIRE_FALSE(forecast.contains("error"));
  const json& fc = forecast["categories"];
  CHECK(fc.size() == 3);
  CHECK(fc[nul]["forecast"][0] == 111.0);
  CHECK(fc["a"]["forecast"][0] == 222.0);
  CHECK(fc["\"q\""]["forecast"][0] == 333.0);
  const json trends = json::parse(engine.call("insights.trends", R"({"last_month": "2026-11", "window": 3, "categories": )" + categories + "}"));
  REQUIRE_FALSE(trends.contains("error"));
  const json& tc = trends["categories"];
  CHECK(tc.size() == 3);
  CHECK(tc[nul]["id"] == "trend:" + nul);
  CHECK(tc[nul]["last"] == 111.0);
  CHECK(tc["a"]["last"] == 222.0);
}

TEST_CASE("an interval's key is the shortest text of its level: distinct levels never share one") {
  Engine engine;
  const std::string series = R"("categories": {"food": [410, 395, 430, 420, 405, 440, 415, 425, 398, 433, 412, 428]})";
  const json out = json::parse(engine.call(
      "forecast.expenses", R"({)" + series + R"(, "method": "ses", "horizon": 2, "level": [80.00000000001, 80.00000000002, 66.66666666666667, 95]})"));
  REQUIRE_FALSE(out.contains("error"));
  const json& lower = out["categories"]["food"]["lower"];
  CHECK(lower.size() == 4);
  for (const char* key : {"80.00000000001", "80.00000000002", "66.66666666666667", "95"}) CHECK(lower.contains(key));
  // Percentiles are keyed the same way.
  const json sim = json::parse(engine.call("goals.simulate", R"({"current_amount": 1000, "target_amount": 5000, "monthly_contribution": 100,
      "annual_return_rate": 0.05, "annual_volatility": 0.1, "months": 24, "paths": 200, "percentiles": [12.3456789012, 50, 0.00001, 1e-7]})"));
  REQUIRE_FALSE(sim.contains("error"));
  for (const char* key : {"\"12.3456789012\"", "\"0.00001\"", "\"1e-7\""}) CHECK(sim.dump().find(key) != std::string::npos);
}
