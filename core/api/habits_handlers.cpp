// SPDX-License-Identifier: MIT
#include "habits_handlers.hpp"

#include <algorithm>
#include <map>

#include "error.hpp"
#include "habits.hpp"
#include "money.hpp"
#include "request.hpp"
#include "transaction_reader.hpp"

namespace nestegg {

using nlohmann::json;

namespace {

json date_or_null(const std::optional<Date>& d) { return d ? json(format_date(*d)) : json(nullptr); }
json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json recurring_json(const RecurringSeries& r) {
  json changes = json::array();
  for (const PriceChange& c : r.price_changes) {
    changes.push_back(object({{"date", format_date(c.date)}, {"from", to_cents(c.from)}, {"to", to_cents(c.to)}}));
  }
  return object({{"id", "subscription:" + r.merchant},
                 {"merchant", r.merchant},
                 {"period", period_name(r.period)},
                 {"interval_days", r.interval_days},
                 {"amount", to_cents(r.amount)},
                 {"previous_amount", r.previous_amount ? json(to_cents(*r.previous_amount)) : json(nullptr)},
                 {"price_changes", std::move(changes)},
                 {"first_date", format_date(r.first_date)},
                 {"last_date", format_date(r.last_date)},
                 {"next_expected_date", date_or_null(r.next_expected_date)},
                 {"occurrences", r.occurrences},
                 {"missed", r.missed},
                 {"monthly_cost", to_cents(r.monthly_cost)},
                 {"annual_cost", to_cents(r.annual_cost)},
                 {"confidence", r.confidence},
                 {"status", r.active ? "active" : "lapsed"},
                 {"kind", recurring_kind_name(r.kind)},
                 {"category", text_or_null(r.category)},
                 {"account", text_or_null(r.account)}});
}

json bucket_json(const SpendBucket& b) {
  return object({{"count", b.count},
                 {"total", to_cents(b.total)},
                 {"share", b.share},
                 {"days", b.days},
                 {"daily_average", to_cents(b.daily_average)}});
}

json patterns_json(const TimingPatterns& p) {
  static const char* const names[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  json by_weekday = json::array();
  for (size_t w = 0; w < 7; ++w) {
    json b = bucket_json(p.by_weekday[w]);
    put(b, "weekday", names[w]);
    by_weekday.push_back(std::move(b));
  }
  return object({{"from_date", format_date(p.from)},
                 {"to_date", format_date(p.to)},
                 {"total", to_cents(p.total)},
                 {"by_weekday", std::move(by_weekday)},
                 {"weekday", bucket_json(p.weekday)},
                 {"weekend", bucket_json(p.weekend)},
                 {"weekend_ratio", p.weekend_ratio},
                 {"time_of_month", object({{"early", bucket_json(p.early)},
                                           {"mid", bucket_json(p.mid)},
                                           {"late", bucket_json(p.late)}})}});
}

json merchants_json(const Concentration& c) {
  json top = json::array();
  for (const MerchantSpend& m : c.top) {
    top.push_back(object({{"merchant", m.merchant},
                          {"count", m.count},
                          {"total", to_cents(m.total)},
                          {"share", m.share},
                          {"category", text_or_null(m.category)}}));
  }
  return object({{"total", to_cents(c.total)},
                 {"count", c.merchants},
                 {"hhi", c.hhi},
                 {"effective_merchants", c.effective_merchants},
                 {"top_share", c.top_share},
                 {"top", std::move(top)}});
}

// `id` is kind:date:merchant (category for a month), with ":2", ":3"... on the second and later
// anomalies that would share it (two outliers at one merchant on one day): ids stay unique.
json anomaly_json(const Anomaly& a, std::map<std::string, int>& seen) {
  const std::string when = a.date ? format_date(*a.date) : format_month(*a.month);
  const std::string& who = a.kind == AnomalyKind::category_month ? a.category : a.merchant;
  std::string id = std::string("anomaly:") + anomaly_kind_name(a.kind) + ":" + when + ":" + who;
  const int n = ++seen[id];
  if (n > 1) id += ":" + std::to_string(n);
  return object({{"id", std::move(id)},
                 {"times", a.times},
                 {"kind", anomaly_kind_name(a.kind)},
                 {"date", date_or_null(a.date)},
                 {"month", a.month ? json(format_month(*a.month)) : json(nullptr)},
                 {"amount", to_cents(a.amount)},
                 {"expected", to_cents(a.expected)},
                 {"merchant", text_or_null(a.merchant)},
                 {"category", text_or_null(a.category)},
                 {"score", a.score ? json(*a.score) : json(nullptr)},
                 {"index", a.transaction >= 0 ? json(a.transaction) : json(nullptr)},
                 {"reason", a.reason}});
}

}  // namespace

json insights_habits(const json& request, CallContext& ctx) {
  const Fields f(request);
  const std::vector<Transaction> transactions = read_transactions(f, ctx);
  Date last = transactions[0].date;
  for (const Transaction& t : transactions) last = std::max(last, t.date);
  HabitsOptions options;
  options.as_of = f.date_or("as_of", last);
  if (options.as_of < last) {
    throw NesteggError(code::date_order, "as_of must be on or after the last transaction (" + format_date(last) + ")",
                       "as_of");
  }
  options.top_merchants = size_t(f.integer_or("top_merchants", 10, 1, 100));
  options.anomaly_threshold = f.number_or("anomaly_threshold", 3.5, Range{2, 50});
  warn_unread(f, ctx);

  const Habits h = analyse_habits(transactions, options);
  json subscriptions = json::array(), lapsed = json::array(), anomalies = json::array();
  for (const RecurringSeries& r : h.subscriptions) subscriptions.push_back(recurring_json(r));
  for (const RecurringSeries& r : h.lapsed) lapsed.push_back(recurring_json(r));
  std::map<std::string, int> seen_ids;
  for (const Anomaly& a : h.anomalies) anomalies.push_back(anomaly_json(a, seen_ids));
  return object({{"as_of", format_date(options.as_of)},
                 {"transactions", int64_t(transactions.size())},
                 {"subscriptions", std::move(subscriptions)},
                 {"subscriptions_monthly_cost", to_cents(h.subscriptions_monthly_cost)},
                 {"lapsed", std::move(lapsed)},
                 {"patterns", patterns_json(h.patterns)},
                 {"merchants", merchants_json(h.merchants)},
                 {"anomalies", std::move(anomalies)}});
}

}  // namespace nestegg
