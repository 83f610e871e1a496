// SPDX-License-Identifier: MIT
#include "benchmarks_handlers.hpp"

#include <cmath>

#include "error.hpp"
#include "field_rules.hpp"
#include "request.hpp"

namespace nestegg {

using nlohmann::json;

namespace {

double tenth(double x) { return round_to(x, 10); }
// Rates, ratios and shares to six decimals: the float noise of a division off (0.2, not 0.19999999999999996).
double fraction(double x) { return round_to(x, 1e6); }

std::string category_list() {
  std::string s;
  for (size_t k = 0; k < kCeCategories; ++k) s += (k ? ", " : "") + std::string(kCeCategoryNames[k]);
  return s;
}

// `spending`: an object of CE category -> amount in the request's period.
void read_spending(const Fields& f, double per_year, PeerInput& in) {
  const json* v = f.optional_value("spending");
  if (!v) return;
  if (!v->is_object()) fail_at(code::wrong_type, "spending", " must be an object of category -> amount, got %s", describe(*v));
  for (auto it = v->begin(); it != v->end(); ++it) {
    const FieldPath at("spending", it.key());
    size_t k = 0;
    while (k < kCeCategories && it.key() != kCeCategoryNames[k]) ++k;
    if (k == kCeCategories) {
      const std::string list = category_list();
      fail_at(code::invalid_value, at, " is no category of the peer table (%.*s)", int(list.size()), list.data());
    }
    in.spending[k] = checked_number(it.value(), at, kAmount) * per_year;
  }
}

void write(JsonWriter& w, const std::optional<PercentileEstimate>& p) {
  if (!p) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("lower").number(tenth(p->lower));
  w.key("point").number(tenth(p->point));
  w.key("upper").number(tenth(p->upper));
  w.end_object();
}

// A money figure to the cent, a rate or share to six decimals; the peer mean as the table holds it.
void write(JsonWriter& w, const MetricComparison& m) {
  w.begin_object();
  if (!m.peer) w.key("difference").null();
  else if (m.money) w.key("difference").cents(m.user - *m.peer);
  else w.key("difference").number(fraction(m.user - *m.peer));
  w.key("metric").string(m.metric);
  if (m.note) w.key("note").string(m.note);
  if (!m.peer) w.key("peer").null();
  else w.key("peer").number(m.money ? *m.peer : fraction(*m.peer));
  if (m.peer_share) w.key("peer_share").number(fraction(*m.peer_share));
  write(w.key("percentile"), m.percentile);
  if (m.money && m.peer && *m.peer > 0) w.key("ratio").number(fraction(m.user / *m.peer));
  else w.key("ratio").null();
  if (m.money) w.key("user").cents(m.user);
  else w.key("user").number(fraction(m.user));
  if (m.user_share) w.key("user_share").number(fraction(*m.user_share));
  w.end_object();
}

void write(JsonWriter& w, const Spread& s) {
  w.begin_object();
  w.key("hi").number(s.hi);
  w.key("lo").number(s.lo);
  w.key("sigma").number(s.sigma);
  w.end_object();
}

const char* dimension_name(CeDimension d) {
  return d == CeDimension::age ? "age" : d == CeDimension::income_quintile ? "income_quintile" : "all";
}

void write_peer_comparison(JsonWriter& w, const PeerComparison& c) {
  const CeGroup& g = *c.group;
  w.begin_object();
  w.key("comparisons").begin_array();
  for (const MetricComparison& m : c.metrics) write(w, m);
  w.end_array();
  w.key("consumer_units_thousands").number(g.consumer_units_thousands);
  w.key("dimension").string(dimension_name(g.dimension));
  w.key("group").string(g.id);
  w.key("label").string(g.label);
  w.key("persons_per_consumer_unit").number(g.persons_per_consumer_unit);
  if (c.selected_by == "income") {  // the lowest quintile has no lower limit, the highest no upper
    w.key("quintile_limits").begin_object();
    w.key("approximate").boolean(true);
    w.key("lower").cents(g.quintile > 1 ? std::optional<double>(quintile_boundary(g.quintile)) : std::nullopt);
    w.key("upper").cents(g.quintile < 5 ? std::optional<double>(quintile_boundary(g.quintile + 1)) : std::nullopt);
    w.end_object();
  }
  w.key("selected_by").string(c.selected_by);
  w.key("source").string(g.source);
  w.end_object();
}

void write_peer_source(JsonWriter& w) {
  w.begin_object();
  w.key("citation").string("U.S. Bureau of Labor Statistics, Consumer Expenditure Surveys, 2023");
  w.key("licence").string("public domain (U.S. Government work, 17 U.S.C. 105)");
  w.key("tables").string("Table 1300 (age of reference person), Table 1101 (quintiles of income before taxes)");
  w.key("units").string("nominal 2023 U.S. dollars per consumer unit per year; means, not medians");
  w.key("url").string("https://www.bls.gov/cex/tables/calendar-year/mean-item-share-average-standard-error.htm");
  w.key("year").integer(kCeYear);
  w.end_object();
}

// Caveats as constant text appended in a loop (an initializer list of json strings cost a
// construction and a landing pad per item in the .wasm).
const char* const kCaveats[] = {
    "Peer figures are means per consumer unit, pulled up by high spenders and earners; the typical household is below them.",
    "The table holds no spread of households: each percentile assumes a lognormal spread with an assumed log-sd "
    "(model.spreads); its lower/upper are the range over that assumption, not a statistical confidence interval.",
    "The means' own standard errors (published by BLS) are not in the shipped table and are not included.",
    "Savings rates are derived (income after taxes minus expenditures); CE expenditures include personal insurance and "
    "pensions (retirement contributions, Social Security tax), so they understate saving.",
    "Only six categories are shipped (food, housing, transportation, healthcare, entertainment, personal insurance and "
    "pensions); BLS definitions may differ from the user's own categories.",
    "U.S. households in 2023 dollars: other countries or later years (inflation) compare only loosely; a consumer unit "
    "is not always the same as the user's household (persons_per_consumer_unit).",
    "consumer_units_thousands is the population a group represents, not the number of households interviewed."};
const char* const kQuintileCaveats[] = {
    "Income quintile figures come from secondary transcriptions of BLS Table 1101 checked against FRED; their "
    "category means are missing except second-quintile housing.",
    "The two lowest quintiles spend more than their reported income (under-reported income, spending from "
    "assets or transfers): their savings rates are not real saving behaviour.",
    "BLS's quintile limits are not in the table: the quintile was chosen with approximate limits (geometric "
    "means of adjacent quintiles' mean incomes), so an income near a limit may belong to the next quintile."};

void write_peer_caveats(JsonWriter& w, const std::vector<PeerComparison>& peers) {
  w.begin_array();
  for (const char* text : kCaveats) w.string(text);
  for (const PeerComparison& p : peers) {
    if (p.group->dimension != CeDimension::income_quintile) continue;
    const bool shown[3] = {true, p.group->quintile <= 2, p.selected_by == "income"};
    for (size_t k = 0; k < 3; ++k) {
      if (shown[k]) w.string(kQuintileCaveats[k]);
    }
  }
  w.end_array();
}

}  // namespace

void read_peer_age(const Fields& f, PeerInput& in) {
  if (const auto age = f.optional_integer("age", 15, 120)) in.age = int(*age);
  if (!f.has("age_group")) return;
  const std::string id = f.text("age_group", 1, 16);
  const CeGroup* g = find_ce_group(id);
  if (!g || g->dimension != CeDimension::age) {
    fail_at(code::invalid_value, "age_group", " must be one of: under_25, 25_34, 35_44, 45_54, 55_64, 65_74, 75_plus, 65_plus");
  }
  if (in.age) fail(code::invalid_value, "age_group", "give age or age_group, not both");
  in.age_group = id;
}

void benchmarks_compare(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  PeerInput in;
  read_peer_age(f, in);
  const std::string period = f.choice_or("period", "annual", {"annual", "monthly"});
  const double per_year = period == "monthly" ? 12 : 1;
  if (const auto q = f.optional_integer("income_quintile", 1, 5)) in.income_quintile = int(*q);
  if (const auto v = f.optional_number("income", kAmount)) in.income_before_taxes = *v * per_year;
  if (const auto v = f.optional_number("income_after_taxes", kAmount)) in.income_after_taxes = *v * per_year;
  if (const auto v = f.optional_number("expenditures", kAmount)) in.expenditures = *v * per_year;
  if (const auto v = f.optional_number("savings_rate", Range{-10, 1})) in.savings_rate = *v;
  read_spending(f, per_year, in);
  warn_unread(f, ctx);
  if (!in.age && !in.age_group && !in.income_quintile && !in.income_before_taxes) {
    fail(code::missing_field, "age", "give age, age_group, income or income_quintile to choose the peer group");
  }
  bool any_spending = false;
  for (const auto& s : in.spending) any_spending = any_spending || s.has_value();
  if (!in.income_before_taxes && !in.income_after_taxes && !in.expenditures && !in.savings_rate && !any_spending) {
    fail(code::missing_field, "expenditures",
         "give at least one figure to compare: income, income_after_taxes, expenditures, spending or savings_rate");
  }

  const std::vector<PeerComparison> peers = compare_to_peers(in);
  write_peer_caveats(w.key("caveats"), peers);
  w.key("model").begin_object();
  w.key("distribution").string("lognormal per group, mean = the peer mean");
  w.key("percentile").string("100 * Phi(ln(user / peer) / sigma + sigma / 2)");
  w.key("spreads").begin_object();
  write(w.key("category"), kCategorySpread);
  write(w.key("expenditures"), kSpendingSpread);
  write(w.key("income"), kIncomeSpread);
  w.end_object();
  w.end_object();
  w.key("peers").begin_array();
  for (const PeerComparison& p : peers) write_peer_comparison(w, p);
  w.end_array();
  w.key("period").string(period);
  write_peer_source(w.key("source"));
}

}  // namespace nestegg
