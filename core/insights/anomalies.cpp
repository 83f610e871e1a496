// SPDX-License-Identifier: MIT
#include "anomalies.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace nestegg {

namespace {

constexpr size_t kMinMerchantCharges = 8;
constexpr size_t kMinCategoryCharges = 20;
constexpr size_t kMinCategoryMonthCharges = 12;  // so the monthly arrays stay <= n / 12 x 120
constexpr double kMinLogScale = 0.05;
constexpr double kMinDuplicate = 20;
constexpr int64_t kMaxMonths = 120;
constexpr int64_t kMinMonths = 12;
constexpr int64_t kSeasonalMonths = 36;  // three of each calendar month: a median of two is a mean
constexpr double kMadToSigma = 1.4826;

std::string money_text(double x) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

std::string one_decimal(double x) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

double median_in_place(std::vector<double>& v) {
  const size_t m = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + long(m), v.end());
  if (v.size() % 2) return v[m];
  const double hi = v[m];
  return (*std::max_element(v.begin(), v.begin() + long(m)) + hi) / 2;
}

struct Baseline {
  double median = 0;
  double scale = 0;  // 1.4826 MAD, floored
  size_t n = 0;
};

// Median and robust scale of `values`; `floor` bounds the scale from below.
Baseline robust_baseline(std::vector<double> values, double floor) {
  Baseline b;
  b.n = values.size();
  b.median = median_in_place(values);
  for (double& v : values) v = std::fabs(v - b.median);
  b.scale = std::max(kMadToSigma * median_in_place(values), floor);
  return b;
}

double spent(const Ledger& l, uint32_t i) { return -(*l.transactions)[i].amount; }

void unusual_amounts(const Ledger& l, const std::vector<bool>& skip, double threshold, std::vector<Anomaly>& out) {
  const auto& tx = *l.transactions;
  // Category baselines, built once from every non-recurring charge.
  std::unordered_map<std::string, std::vector<double>> by_category;
  for (const auto& charges : l.charges) {
    for (uint32_t i : charges) {
      if (!skip[i]) by_category[tx[i].category].push_back(std::log(spent(l, i)));
    }
  }
  std::unordered_map<std::string, Baseline> category_baseline;
  for (auto& [name, logs] : by_category) {
    if (logs.size() >= kMinCategoryCharges) category_baseline.emplace(name, robust_baseline(std::move(logs), kMinLogScale));
  }
  for (size_t m = 0; m < l.charges.size(); ++m) {
    std::vector<uint32_t> own;
    for (uint32_t i : l.charges[m]) {
      if (!skip[i]) own.push_back(i);
    }
    if (own.empty()) continue;
    Baseline merchant_baseline;
    if (own.size() >= kMinMerchantCharges) {
      std::vector<double> logs;
      for (uint32_t i : own) logs.push_back(std::log(spent(l, i)));
      merchant_baseline = robust_baseline(std::move(logs), kMinLogScale);
    }
    for (uint32_t i : own) {
      const Baseline* b = merchant_baseline.n ? &merchant_baseline : nullptr;
      if (!b) {
        const auto it = category_baseline.find(tx[i].category);
        if (it == category_baseline.end()) continue;
        b = &it->second;
      }
      const double z = (std::log(spent(l, i)) - b->median) / b->scale;
      if (!(z > threshold)) continue;
      Anomaly a;
      a.kind = AnomalyKind::unusual_amount;
      a.date = tx[i].date;
      a.amount = spent(l, i);
      a.expected = std::exp(b->median);
      a.merchant = l.merchant_names[m];
      a.category = tx[i].category;
      a.score = z;
      a.reason = money_text(a.amount) + " at " + a.merchant + " is " + one_decimal(a.amount / a.expected) +
                 "x the usual " + money_text(a.expected) + " (robust z " + one_decimal(z) + " against " +
                 std::to_string(b->n) + " charges " +
                 (b == &merchant_baseline ? std::string("at this merchant") : "in category \"" + a.category + "\"") + ")";
      out.push_back(std::move(a));
    }
  }
}

void duplicates(const Ledger& l, std::vector<Anomaly>& out) {
  const auto& tx = *l.transactions;
  for (size_t m = 0; m < l.charges.size(); ++m) {
    const auto& charges = l.charges[m];
    for (size_t a = 0; a < charges.size();) {
      size_t b = a;
      std::vector<int64_t> cents;
      while (b < charges.size() && l.day[charges[b]] == l.day[charges[a]]) cents.push_back(std::llround(spent(l, charges[b++]) * 100));
      std::sort(cents.begin(), cents.end());
      for (size_t k = 1; k < cents.size(); ++k) {
        if (cents[k] != cents[k - 1] || double(cents[k]) < kMinDuplicate * 100) continue;
        Anomaly d;
        d.kind = AnomalyKind::duplicate;
        d.date = tx[charges[a]].date;
        d.amount = double(cents[k]) / 100;
        d.expected = d.amount;
        d.merchant = l.merchant_names[m];
        d.category = tx[charges[a]].category;
        d.reason = "charged " + money_text(d.amount) + " more than once at " + d.merchant + " on " + format_date(*d.date);
        out.push_back(std::move(d));
      }
      a = b;
    }
  }
}

// Centred rolling median of 5 (shorter at the ends).
std::vector<double> rolling_median(const std::vector<double>& x) {
  std::vector<double> out(x.size());
  for (size_t t = 0; t < x.size(); ++t) {
    const size_t lo = t >= 2 ? t - 2 : 0, hi = std::min(x.size(), t + 3);
    std::vector<double> w(x.begin() + long(lo), x.begin() + long(hi));
    out[t] = median_in_place(w);
  }
  return out;
}

void category_months(const Ledger& l, const std::vector<bool>& skip, double threshold, std::vector<Anomaly>& out) {
  const auto& tx = *l.transactions;
  int64_t last = INT64_MIN;
  for (size_t i = 0; i < tx.size(); ++i) {
    if (tx[i].amount < 0 && !skip[i]) last = std::max(last, month_index(tx[i].date));
  }
  if (last == INT64_MIN) return;
  // Categories with kMinCategoryMonthCharges charges in the window.
  std::unordered_map<std::string, size_t> counts;
  int64_t first = last;
  for (size_t i = 0; i < tx.size(); ++i) {
    const int64_t mi = month_index(tx[i].date);
    if (tx[i].amount < 0 && !skip[i] && !tx[i].category.empty() && mi > last - kMaxMonths) {
      ++counts[tx[i].category];
      first = std::min(first, mi);
    }
  }
  const int64_t months = last - first + 1;
  if (months < kMinMonths) return;
  std::unordered_map<std::string, std::vector<double>> totals;
  for (size_t i = 0; i < tx.size(); ++i) {
    const int64_t mi = month_index(tx[i].date);
    if (tx[i].amount >= 0 || skip[i] || mi < first) continue;
    const auto c = counts.find(tx[i].category);
    if (c == counts.end() || c->second < kMinCategoryMonthCharges) continue;
    auto& series = totals[tx[i].category];
    if (series.empty()) series.assign(size_t(months), 0.0);
    series[size_t(mi - first)] += -tx[i].amount;
  }
  for (auto& [category, x] : totals) {
    const std::vector<double> level = rolling_median(x);
    std::vector<double> seasonal(12, 0.0);
    if (months >= kSeasonalMonths) {
      for (int64_t c = 0; c < 12; ++c) {
        std::vector<double> excess;
        for (int64_t t = 0; t < months; ++t) {
          if ((first + t) % 12 == c) excess.push_back(x[size_t(t)] - level[size_t(t)]);
        }
        seasonal[size_t(c)] = median_in_place(excess);
      }
    }
    std::vector<double> residual(x.size());
    for (size_t t = 0; t < x.size(); ++t) residual[t] = x[t] - level[t] - seasonal[size_t((first + int64_t(t)) % 12)];
    std::vector<double> copy = x;
    const double typical = median_in_place(copy);
    const Baseline b = robust_baseline(residual, 0.05 * typical);
    if (!(b.scale > 0)) continue;
    for (size_t t = 0; t < x.size(); ++t) {
      const double z = (residual[t] - b.median) / b.scale;
      if (!(z > threshold)) continue;
      const int64_t mi = first + int64_t(t);
      Anomaly a;
      a.kind = AnomalyKind::category_month;
      a.month = Date{int(mi / 12), int(mi % 12) + 1, 1};
      a.amount = x[t];
      a.expected = std::max(0.0, level[t] + seasonal[size_t(mi % 12)]);
      a.category = category;
      a.score = z;
      a.reason = category + " spending of " + money_text(a.amount) + " in " + format_month(*a.month) + " against " +
                 money_text(a.expected) + " usual for the month (robust z " + one_decimal(z) +
                 (months >= kSeasonalMonths ? " on the seasonal residual)" : " on the residual from the 5-month median)");
      out.push_back(std::move(a));
    }
  }
}

Date sort_date(const Anomaly& a) { return a.date ? *a.date : *a.month; }

}  // namespace

const char* anomaly_kind_name(AnomalyKind k) {
  switch (k) {
    case AnomalyKind::unusual_amount: return "unusual_amount";
    case AnomalyKind::duplicate: return "duplicate";
    case AnomalyKind::category_month: return "category_month";
  }
  return "unusual_amount";
}

std::vector<Anomaly> find_anomalies(const Ledger& ledger, const std::vector<bool>& skip, double threshold) {
  std::vector<Anomaly> out;
  unusual_amounts(ledger, skip, threshold, out);
  duplicates(ledger, out);
  category_months(ledger, skip, threshold, out);
  std::stable_sort(out.begin(), out.end(), [](const Anomaly& a, const Anomaly& b) {
    const Date da = sort_date(a), db = sort_date(b);
    if (!(da == db)) return da < db;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.merchant + a.category < b.merchant + b.category;
  });
  return out;
}

}  // namespace nestegg
