// SPDX-License-Identifier: MIT
// A recurring series' kind (core/insights/recurring_kind.hpp) and what it changes downstream: rent
// and insurance are bills and a transfer to savings is not spending, so neither is offered for
// cancelling (recommendations.generate) and a larger transfer is no "got dearer" nudge.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "engine.hpp"
#include "recurring_kind.hpp"

using nlohmann::json;
using nestegg::RecurringKind;

TEST_CASE("recurring kinds: by category first, then words in the merchant's name") {
  using nestegg::classify_recurring;
  CHECK(classify_recurring("netflix", "entertainment") == RecurringKind::subscription);
  CHECK(classify_recurring("oakwood property mgmt", "Housing") == RecurringKind::bill);
  CHECK(classify_recurring("state farm insurance", "") == RecurringKind::bill);
  CHECK(classify_recurring("verizon wireless", "phone") == RecurringKind::bill);
  CHECK(classify_recurring("transfer to savings", "") == RecurringKind::transfer);
  CHECK(classify_recurring("acme", "investing") == RecurringKind::transfer);
}

TEST_CASE("recurring kinds downstream: only subscriptions are cancelled, a transfer is no nudge") {
  nestegg::EngineConfig config;
  config.log_level = nestegg::LogLevel::off;
  nestegg::Engine engine(config);
  const json subscriptions = json::parse(R"([
    {"id": "subscription:netflix", "merchant": "netflix", "amount": 17.99, "previous_amount": 15.49, "monthly_cost": 17.99, "kind": "subscription"},
    {"id": "subscription:oakwood property mgmt", "merchant": "oakwood property mgmt", "amount": 1974, "previous_amount": 1924, "monthly_cost": 1974, "kind": "bill"},
    {"id": "subscription:transfer to savings", "merchant": "transfer to savings", "amount": 600, "previous_amount": 500, "monthly_cost": 600, "kind": "transfer"}])");
  const json recs = engine.call_json("recommendations.generate", {{"as_of", "2026-01-15"}, {"monthly_income", 6000},
                                                                  {"spending", {{"housing", 1974}, {"groceries", 600}}},
                                                                  {"subscriptions", subscriptions}});
  REQUIRE_FALSE(recs.contains("error"));
  std::vector<std::string> ids;
  for (const json& r : recs["recommendations"]) ids.push_back(r["id"]);
  CHECK(std::count(ids.begin(), ids.end(), "rec:cancel:subscription:netflix") == 1);
  CHECK(std::count(ids.begin(), ids.end(), "rec:cancel:subscription:oakwood property mgmt") == 0);
  CHECK(std::count(ids.begin(), ids.end(), "rec:cancel:subscription:transfer to savings") == 0);

  const json nudges = engine.call_json("insights.nudges", {{"as_of", "2026-01-15"}, {"subscriptions", subscriptions}});
  REQUIRE_FALSE(nudges.contains("error"));
  std::vector<std::string> nudge_ids;
  for (const json& n : nudges["nudges"]) nudge_ids.push_back(n["id"]);
  CHECK(std::count(nudge_ids.begin(), nudge_ids.end(), "subscription_price_up:netflix") == 1);
  CHECK(std::count(nudge_ids.begin(), nudge_ids.end(), "subscription_price_up:oakwood property mgmt") == 1);  // rent rose: worth knowing
  CHECK(std::count(nudge_ids.begin(), nudge_ids.end(), "subscription_price_up:transfer to savings") == 0);
}
