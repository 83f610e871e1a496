// SPDX-License-Identifier: MIT
#include "habits_handlers.hpp"

#include <algorithm>
#include <map>

#include "error.hpp"
#include "format_text.hpp"
#include "habits.hpp"
#include "money.hpp"
#include "request.hpp"
#include "transaction_reader.hpp"

namespace nestegg {

using nlohmann::json;

namespace {

void write(JsonWriter& w, const RecurringSeries& r) {
  w.begin_object();
  w.key("account").string_or_null(r.account);
  w.key("amount").cents(r.amount);
  w.key("annual_cost").cents(r.annual_cost);
  w.key("category").string_or_null(r.category);
  w.key("confidence").number(r.confidence);
  w.key("first_date").date(r.first_date);
  w.key("id").string("subscription:" + r.merchant);
  w.key("interval_days").integer(r.interval_days);
  w.key("kind").string(recurring_kind_name(r.kind));
  w.key("last_date").date(r.last_date);
  w.key("merchant").string(r.merchant);
  w.key("missed").integer(r.missed);
  w.key("monthly_cost").cents(r.monthly_cost);
  w.key("next_expected_date").date(r.next_expected_date);
  w.key("occurrences").integer(r.occurrences);
  w.key("period").string(period_name(r.period));
  w.key("previous_amount").cents(r.previous_amount);
  w.key("price_changes").begin_array();
  for (const PriceChange& c : r.price_changes) {
    w.begin_object();
    w.key("date").date(c.date);
    w.key("from").cents(c.from);
    w.key("to").cents(c.to);
    w.end_object();
  }
  w.end_array();
  w.key("status").string(r.active ? "active" : "lapsed");
  w.end_object();
}

void write(JsonWriter& w, const SpendBucket& b, const char* weekday = nullptr) {
  w.begin_object();
  w.key("count").integer(b.count);
  w.key("daily_average").cents(b.daily_average);
  w.key("days").integer(b.days);
  w.key("share").number(b.share);
  w.key("total").cents(b.total);
  if (weekday) w.key("weekday").string(weekday);
  w.end_object();
}

void write(JsonWriter& w, const TimingPatterns& p) {
  static const char* const names[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  w.begin_object();
  w.key("by_weekday").begin_array();
  for (size_t d = 0; d < 7; ++d) write(w, p.by_weekday[d], names[d]);
  w.end_array();
  w.key("from_date").date(p.from);
  w.key("time_of_month").begin_object();
  write(w.key("early"), p.early);
  write(w.key("late"), p.late);
  write(w.key("mid"), p.mid);
  w.end_object();
  w.key("to_date").date(p.to);
  w.key("total").cents(p.total);
  write(w.key("weekday"), p.weekday);
  write(w.key("weekend"), p.weekend);
  w.key("weekend_ratio").number(p.weekend_ratio);
  w.end_object();
}

void write(JsonWriter& w, const Concentration& c) {
  w.begin_object();
  w.key("count").integer(c.merchants);
  w.key("effective_merchants").number(c.effective_merchants);
  w.key("hhi").number(c.hhi);
  w.key("top").begin_array();
  for (const MerchantSpend& m : c.top) {
    w.begin_object();
    w.key("category").string_or_null(m.category);
    w.key("count").integer(m.count);
    w.key("merchant").string(m.merchant);
    w.key("share").number(m.share);
    w.key("total").cents(m.total);
    w.end_object();
  }
  w.end_array();
  w.key("top_share").number(c.top_share);
  w.key("total").cents(c.total);
  w.end_object();
}

// `id` is kind:date:merchant (category for a month), with ":2", ":3"... on the second and later
// anomalies that would share it (two outliers at one merchant on one day): ids stay unique.
void write(JsonWriter& w, const Anomaly& a, std::map<std::string, int>& seen) {
  const std::string when = a.date ? format_date(*a.date) : format_month(*a.month);
  const std::string& who = a.kind == AnomalyKind::category_month ? a.category : a.merchant;
  std::string id = format_text("anomaly:%s:%.*s:%.*s", anomaly_kind_name(a.kind), int(when.size()), when.data(),
                               int(who.size()), who.data());
  const int n = ++seen[id];
  if (n > 1) append_text(id, ":%d", n);
  w.begin_object();
  w.key("amount").cents(a.amount);
  w.key("category").string_or_null(a.category);
  w.key("date").date(a.date);
  w.key("expected").cents(a.expected);
  w.key("id").string(id);
  w.key("index").integer(a.transaction >= 0 ? std::optional<int64_t>(a.transaction) : std::nullopt);
  w.key("kind").string(anomaly_kind_name(a.kind));
  w.key("merchant").string_or_null(a.merchant);
  if (a.month) {
    w.key("month").string(format_month(*a.month));
  } else {
    w.key("month").null();
  }
  w.key("reason").string(a.reason);
  w.key("score").number(a.score);
  w.key("times").integer(a.times);
  w.end_object();
}

}  // namespace

void insights_habits(const json& request, CallContext& ctx, JsonWriter& w) {
  const Fields f(request);
  std::vector<Transaction> transactions = read_transactions(f, ctx);
  Date last = transactions[0].date;
  for (const Transaction& t : transactions) last = std::max(last, t.date);
  HabitsOptions options;
  options.as_of = f.date_or("as_of", last);
  if (options.as_of < last) {
    const std::string date = format_date(last);
    fail_at(code::date_order, "as_of", " must be on or after the last transaction (%.*s)", int(date.size()), date.data());
  }
  options.top_merchants = size_t(f.integer_or("top_merchants", 10, 1, 100));
  options.anomaly_threshold = f.number_or("anomaly_threshold", 3.5, Range{2, 50});
  warn_unread(f, ctx);

  const int64_t count = int64_t(transactions.size());
  const Habits h = analyse_habits(std::move(transactions), options);
  std::map<std::string, int> seen_ids;
  w.key("anomalies").begin_array();
  for (const Anomaly& a : h.anomalies) write(w, a, seen_ids);
  w.end_array();
  w.key("as_of").date(options.as_of);
  w.key("lapsed").begin_array();
  for (const RecurringSeries& r : h.lapsed) write(w, r);
  w.end_array();
  write(w.key("merchants"), h.merchants);
  write(w.key("patterns"), h.patterns);
  w.key("subscriptions").begin_array();
  for (const RecurringSeries& r : h.subscriptions) write(w, r);
  w.end_array();
  w.key("subscriptions_monthly_cost").cents(h.subscriptions_monthly_cost);
  w.key("transactions").integer(count);
}

}  // namespace nestegg
