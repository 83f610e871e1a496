// SPDX-License-Identifier: MIT
#include "anomalies.hpp"

#include <algorithm>
#include <cmath>

#include "basic_math.hpp"
#include "exact_decimal.hpp"
#include "format_text.hpp"
#include "money.hpp"
#include "stable_order.hpp"

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

// A ratio or a robust z with one decimal, rounded half away from zero as money is ("+ 0.0": never "-0.0").
std::string one_decimal(double x) { return format_fixed(std::round(x * 10) / 10 + 0.0, 1); }

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

constexpr size_t kNeighbours = 8;     // charges either side that make a charge's local level
constexpr double kPriorCharges = 20;  // weight of the category's scale in a merchant's (in charges)

// Charges of one merchant (or category), by date, with each one's residual from its local level:
// the median log amount of up to 8 charges either side, the charge itself left out, so a price
// that drifts (dining up 1.5 % a month) moves the level with it.
struct Scored {
  std::vector<uint32_t> charges;
  std::vector<double> level, residual;
  double center = 0, scale = 0;  // median residual and 1.4826 MAD
  uint32_t category = 0;         // of the first charge: whose pooled scale it borrows
  bool own_merchant = true;
};

Scored residuals(const Ledger& l, std::vector<uint32_t> charges, bool own_merchant) {
  Scored s;
  const size_t n = charges.size();
  std::vector<double> y(n);
  for (size_t j = 0; j < n; ++j) y[j] = log_basic(spent(l, charges[j]));
  s.level.resize(n);
  s.residual.resize(n);
  for (size_t j = 0; j < n; ++j) {
    std::vector<double> w;
    for (size_t k = j >= kNeighbours ? j - kNeighbours : 0; k < std::min(n, j + kNeighbours + 1); ++k) {
      if (k != j) w.push_back(y[k]);
    }
    s.level[j] = median_in_place(w);
    s.residual[j] = y[j] - s.level[j];
  }
  const Baseline b = robust_baseline(s.residual, 0);
  s.center = b.median;
  s.scale = b.scale;
  s.category = l.category[charges[0]];
  s.own_merchant = own_merchant;
  s.charges = std::move(charges);
  return s;
}

void flag_unusual(const Ledger& l, const Scored& s, double scale, double threshold, std::vector<Anomaly>& out) {
  const auto& tx = *l.transactions;
  for (size_t j = 0; j < s.charges.size(); ++j) {
    const uint32_t i = s.charges[j];
    const double z = (s.residual[j] - s.center) / scale;
    if (!(z > threshold)) continue;
    Anomaly a;
    a.kind = AnomalyKind::unusual_amount;
    a.date = tx[i].date;
    a.amount = spent(l, i);
    a.expected = exp_basic(s.level[j]);
    a.merchant = l.merchant_names[l.merchant[i]];
    a.category = tx[i].category;
    a.score = z;
    a.transaction = int64_t(i);
    const std::string amount = money_text(a.amount), ratio = one_decimal(a.amount / a.expected),
                      usual = money_text(a.expected), robust_z = one_decimal(z);
    // The last three %s%.*s%s: "at this merchant", or in category "<category>".
    a.reason = format_text("%.*s at %.*s is %.*sx the usual %.*s (robust z %.*s against %zu charges %s%.*s%s)",
                           int(amount.size()), amount.data(), int(a.merchant.size()), a.merchant.data(),
                           int(ratio.size()), ratio.data(), int(usual.size()), usual.data(), int(robust_z.size()),
                           robust_z.data(), s.charges.size(), s.own_merchant ? "at this merchant" : "in category \"",
                           s.own_merchant ? 0 : int(a.category.size()), a.category.data(), s.own_merchant ? "" : "\"");
    out.push_back(std::move(a));
  }
}

void unusual_amounts(const Ledger& l, const std::vector<uint8_t>& skip, double threshold, std::vector<Anomaly>& out) {
  const size_t categories = l.category_names.size();
  // Merchants with a history of their own; the charges of the others pooled by category.
  std::vector<Scored> scored;
  std::vector<std::vector<uint32_t>> by_category(categories);
  for (const auto& charges : l.charges) {
    std::vector<uint32_t> own;
    for (uint32_t i : charges) {
      if (!skip[i]) own.push_back(i);
    }
    if (own.size() >= kMinMerchantCharges) {
      scored.push_back(residuals(l, std::move(own), true));
    } else {
      for (uint32_t i : own) by_category[l.category[i]].push_back(i);
    }
  }
  // A category's pooled scale over its merchants' centred residuals: a merchant with a dozen
  // charges has a MAD too noisy to stand alone (half the true spread one time in ten).
  std::vector<std::vector<double>> pooled(categories);
  for (const Scored& s : scored) {
    for (double e : s.residual) pooled[s.category].push_back(e - s.center);
  }
  std::vector<double> category_scale(categories, 0.0);
  for (size_t c = 0; c < categories; ++c) {
    if (!pooled[c].empty()) category_scale[c] = robust_baseline(std::move(pooled[c]), 0).scale;
  }
  for (const Scored& s : scored) {
    const double n = double(s.charges.size()), prior = category_scale[s.category];
    const double scale = std::sqrt((n * s.scale * s.scale + kPriorCharges * prior * prior) / (n + kPriorCharges));
    flag_unusual(l, s, std::max(scale, kMinLogScale), threshold, out);
  }
  for (auto& charges : by_category) {
    if (charges.size() < kMinCategoryCharges) continue;
    sort_stably(charges, [](uint32_t a, uint32_t b) { return a < b; });  // positions in statement order: by date first
    const Scored s = residuals(l, std::move(charges), false);
    flag_unusual(l, s, std::max(s.scale, kMinLogScale), threshold, out);
  }
}

void duplicates(const Ledger& l, std::vector<Anomaly>& out) {
  const auto& tx = *l.transactions;
  for (size_t m = 0; m < l.charges.size(); ++m) {
    const auto& charges = l.charges[m];
    for (size_t a = 0; a < charges.size();) {
      size_t b = a;
      // (amount in whole cents, transaction) of one day. Doubles and size_t: the pairs the .wasm
      // sorts already (planning's), where (int64_t, uint32_t) pairs brought a sort of their own.
      std::vector<std::pair<double, size_t>> cents;
      while (b < charges.size() && l.day[charges[b]] == l.day[charges[a]]) {
        cents.emplace_back(double(std::llround(spent(l, charges[b]) * 100)), charges[b]);
        ++b;
      }
      std::sort(cents.begin(), cents.end());
      // One anomaly per amount charged more than once that day, with how many times: a hundred
      // identical charges are one finding, not ninety-nine.
      for (size_t k = 0; k < cents.size();) {
        size_t e = k + 1;
        while (e < cents.size() && cents[e].first == cents[k].first) ++e;
        if (e - k >= 2 && double(cents[k].first) >= kMinDuplicate * 100) {
          Anomaly d;
          d.kind = AnomalyKind::duplicate;
          d.date = tx[charges[a]].date;
          d.amount = double(cents[k].first) / 100;
          d.expected = d.amount;
          d.merchant = l.merchant_names[m];
          d.category = tx[cents[k + 1].second].category;
          d.transaction = int64_t(cents[k + 1].second);  // the first repeat
          d.times = int64_t(e - k);
          const std::string amount = money_text(d.amount), date = format_date(*d.date);
          d.reason = format_text("charged %.*s %zu times at %.*s on %.*s", int(amount.size()), amount.data(), e - k,
                                 int(d.merchant.size()), d.merchant.data(), int(date.size()), date.data());
          out.push_back(std::move(d));
        }
        k = e;
      }
      a = b;
    }
  }
}

// The level at each month: the median of the (up to) four months around it, itself left out, so a
// spike neither raises its own baseline nor shrinks its own residual.
std::vector<double> neighbour_median(const std::vector<double>& x) {
  std::vector<double> out(x.size());
  for (size_t t = 0; t < x.size(); ++t) {
    std::vector<double> w;
    for (size_t s = t >= 2 ? t - 2 : 0; s < std::min(x.size(), t + 3); ++s) {
      if (s != t) w.push_back(x[s]);
    }
    out[t] = w.empty() ? x[t] : median_in_place(w);
  }
  return out;
}

// The seasonal part at each month: the median excess over the level of the same calendar month in
// the other years (never the month itself, for the same reason).
std::vector<double> seasonal_excess(const std::vector<double>& x, const std::vector<double>& level) {
  std::vector<double> out(x.size(), 0.0);
  for (size_t t = 0; t < x.size(); ++t) {
    std::vector<double> others;
    for (size_t s = t % 12; s < x.size(); s += 12) {
      if (s != t) others.push_back(x[s] - level[s]);
    }
    out[t] = median_in_place(others);
  }
  return out;
}

void category_months(const Ledger& l, const std::vector<uint8_t>& skip, double threshold, std::vector<Anomaly>& out) {
  // Charges already flagged on their own are not counted again in their month.
  std::vector<uint8_t> left_out = skip;
  for (const Anomaly& a : out) {
    if (a.transaction >= 0) left_out[size_t(a.transaction)] = true;
  }
  const auto& tx = *l.transactions;
  int64_t last = INT64_MIN;
  for (size_t i = 0; i < tx.size(); ++i) {
    if (tx[i].amount < 0 && !left_out[i]) last = std::max(last, month_index(tx[i].date));
  }
  if (last == INT64_MIN) return;
  // Categories with kMinCategoryMonthCharges charges in the window.
  std::vector<size_t> counts(l.category_names.size(), 0);
  int64_t first = last;
  for (size_t i = 0; i < tx.size(); ++i) {
    const int64_t mi = month_index(tx[i].date);
    if (tx[i].amount < 0 && !left_out[i] && !tx[i].category.empty() && mi > last - kMaxMonths) {
      ++counts[l.category[i]];
      first = std::min(first, mi);
    }
  }
  const int64_t months = last - first + 1;
  if (months < kMinMonths) return;
  std::vector<std::vector<double>> totals(l.category_names.size());
  for (size_t i = 0; i < tx.size(); ++i) {
    const int64_t mi = month_index(tx[i].date);
    if (tx[i].amount >= 0 || left_out[i] || mi < first || counts[l.category[i]] < kMinCategoryMonthCharges) continue;
    auto& series = totals[l.category[i]];
    if (series.empty()) series.assign(size_t(months), 0.0);
    series[size_t(mi - first)] += -tx[i].amount;
  }
  for (size_t c = 0; c < totals.size(); ++c) {
    const std::vector<double>& x = totals[c];
    if (x.empty()) continue;
    const std::string& category = l.category_names[c];
    const std::vector<double> level = neighbour_median(x);
    const std::vector<double> seasonal = months >= kSeasonalMonths ? seasonal_excess(x, level) : std::vector<double>(x.size(), 0.0);
    std::vector<double> residual(x.size());
    for (size_t t = 0; t < x.size(); ++t) residual[t] = x[t] - level[t] - seasonal[t];
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
      a.expected = std::max(0.0, level[t] + seasonal[t]);
      a.category = category;
      a.score = z;
      const std::string amount = money_text(a.amount), when = format_month(*a.month), usual = money_text(a.expected),
                        robust_z = one_decimal(z);
      a.reason = format_text("%.*s spending of %.*s in %.*s against %.*s usual for the month (robust z %.*s%s",
                             int(category.size()), category.data(), int(amount.size()), amount.data(), int(when.size()),
                             when.data(), int(usual.size()), usual.data(), int(robust_z.size()), robust_z.data(),
                             months >= kSeasonalMonths ? " on the seasonal residual)"
                                                       : " on the residual from the months around it)");
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

std::vector<Anomaly> find_anomalies(const Ledger& ledger, const std::vector<uint8_t>& skip, double threshold) {
  std::vector<Anomaly> out;
  unusual_amounts(ledger, skip, threshold, out);
  duplicates(ledger, out);
  category_months(ledger, skip, threshold, out);
  sort_stably(out, [](const Anomaly& a, const Anomaly& b) {
    const Date da = sort_date(a), db = sort_date(b);
    if (!(da == db)) return da < db;
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.merchant != b.merchant) return a.merchant < b.merchant;
    if (a.category != b.category) return a.category < b.category;
    if (a.amount != b.amount) return a.amount < b.amount;  // not the input position: row order changes nothing
    return a.transaction < b.transaction;  // a total order: the same list on every platform
  });
  return out;
}

}  // namespace nestegg
