// SPDX-License-Identifier: MIT
#include "savings_features.hpp"

#include <cmath>

#include "error.hpp"

namespace nestegg {

static bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

static int lag_of(const std::string& token) {
  if (!starts_with(token, "lag_")) return 0;
  const std::string k = token.substr(4);
  if (k.empty() || k.size() > 2 || k.find_first_not_of("0123456789") != std::string::npos) return -1;
  int v = 0;  // one or two digits: no std::stoi (its exceptions and strtol are .wasm bytes)
  for (const char c : k) v = 10 * v + (c - '0');
  return v >= 1 && v <= 24 ? v : -1;
}

int FeatureSpec::max_lag() const {
  int m = 0;
  for (const auto& t : tokens) m = std::max(m, t == "expense_ratio_lag_1" ? 1 : lag_of(t));
  return m;
}

void validate_features(const FeatureSpec& spec) {
  if (spec.target != "savings" && spec.target != "income" && spec.target != "expenses" &&
      !(starts_with(spec.target, "category:") && spec.target.size() > 9)) {
    fail_at(code::invalid_value, "target", " must be savings, income, expenses or category:NAME");
  }
  for (size_t i = 0; i < spec.tokens.size(); ++i) {
    const std::string& t = spec.tokens[i];
    const bool known = t == "trend" || t == "season" || t == "month_of_year" || t == "income" || t == "expenses" ||
                       t == "expense_ratio_lag_1" || lag_of(t) > 0 ||
                       (starts_with(t, "category:") && t.size() > 9) || (starts_with(t, "x:") && t.size() > 2);
    if (!known) {
      fail_at(code::invalid_value, FieldPath::item("features", i),
              " '%.*s' is not a feature (trend, season, month_of_year, lag_1..lag_24, income, "
              "expenses, expense_ratio_lag_1, category:NAME, x:NAME)",
              int(t.size()), t.data());
    }
    for (size_t j = 0; j < i; ++j) {
      if (spec.tokens[j] == t) fail_at(code::invalid_value, FieldPath::item("features", i), " repeats '%.*s'", int(t.size()), t.data());
    }
  }
}

std::vector<std::string> column_names(const FeatureSpec& spec) {
  std::vector<std::string> names;
  for (const auto& t : spec.tokens) {
    if (t == "season") {
      names.push_back("season_sin");
      names.push_back("season_cos");
    } else if (t == "month_of_year") {
      for (int m = 2; m <= 12; ++m) names.push_back(std::string("month_") + (m < 10 ? "0" : "") + std::to_string(m));
    } else {
      names.push_back(t);
    }
  }
  return names;
}

std::optional<double> target_of(const MonthRow& row, const std::string& target) {
  if (row.actual) return row.actual;
  if (target == "savings") {
    if (row.income && row.expenses) return *row.income - *row.expenses;
    return std::nullopt;
  }
  if (target == "income") return row.income;
  if (target == "expenses") return row.expenses;
  auto it = row.categories.find(target.substr(9));
  return it == row.categories.end() ? std::optional<double>(0.0) : std::optional<double>(it->second);
}

// sin(2 pi m / 12) from its exact values (0, 1/2, sqrt 3 / 2, 1 and their signs) rather than libm's
// sin: glibc's and musl's differ in the last bit, and the native and wasm builds must answer alike.
static double season_sine(int m) {
  const double h = std::sqrt(3.0) / 2;  // sqrt is correctly rounded everywhere
  const double quarter[4] = {0, 0.5, h, 1};  // m = 0..3
  m %= 12;
  const double magnitude = m <= 3 ? quarter[m] : m <= 6 ? quarter[6 - m] : m <= 9 ? quarter[m - 6] : quarter[12 - m];
  return m > 6 ? -magnitude : magnitude;
}

// `where` is never empty here ("history[3]", "months[0]"), so FieldPath(where, name) is where + "." + name.
static double need(const std::optional<double>& v, const std::string& where, const char* name) {
  if (!v) fail_at(code::missing_field, FieldPath(where, name), " is required by the features");
  return *v;
}

void month_features(const FeatureSpec& spec, const MonthRow& row, const FeatureState& state, const std::string& where,
                    std::vector<double>& out) {
  out.clear();
  for (const auto& t : spec.tokens) {
    if (t == "trend") {
      out.push_back(double(month_index(row.month) - month_index(state.origin)));
    } else if (t == "season") {
      out.push_back(season_sine(row.month.month - 1));
      out.push_back(season_sine(row.month.month + 2));  // cos t = sin(t + pi / 2), three months on
    } else if (t == "month_of_year") {
      for (int m = 2; m <= 12; ++m) out.push_back(row.month.month == m ? 1.0 : 0.0);
    } else if (t == "income") {
      out.push_back(need(row.income, where, "income"));
    } else if (t == "expenses") {
      out.push_back(need(row.expenses, where, "expenses"));
    } else if (t == "expense_ratio_lag_1") {
      if (!state.last_income || !state.last_expenses || *state.last_income <= 0) {
        fail_at(code::insufficient_data, where, ": expense_ratio_lag_1 needs the previous month's income (> 0) and expenses");
      }
      out.push_back(*state.last_expenses / *state.last_income);
    } else if (const int k = lag_of(t); k > 0) {
      out.push_back(state.recent[state.recent.size() - size_t(k)]);
    } else if (starts_with(t, "category:")) {
      auto it = row.categories.find(t.substr(9));
      out.push_back(it == row.categories.end() ? 0.0 : it->second);
    } else {  // x:NAME
      auto it = row.extra.find(t.substr(2));
      if (it == row.extra.end()) {
        const std::string features = where + ".features";  // never empty: FieldPath adds the "." before the name
        fail_at(code::missing_field, FieldPath(features, std::string_view(t).substr(2)), " is required by the features");
      }
      out.push_back(it->second);
    }
  }
}

void advance_state(const FeatureSpec& spec, FeatureState& state, const MonthRow& row, double value) {
  const size_t keep = size_t(spec.max_lag());
  if (keep > 0) {
    state.recent.push_back(value);
    if (state.recent.size() > keep) state.recent.erase(state.recent.begin());
  }
  state.last_month = row.month;
  state.last_income = row.income;
  state.last_expenses = row.expenses;
}

Design build_design(const FeatureSpec& spec, const std::vector<MonthRow>& history) {
  Design d;
  const std::vector<std::string> names = column_names(spec);
  d.cols = int64_t(names.size());
  if (history.empty()) fail_at(code::insufficient_data, "history", " is empty");
  d.state.origin = history.front().month;
  const int lags = spec.max_lag();
  std::vector<double> row_features;
  for (size_t i = 0; i < history.size(); ++i) {
    const MonthRow& row = history[i];
    const std::string where = "history[" + std::to_string(i) + "]";
    if (i > 0) {
      const int64_t step = month_index(row.month) - month_index(history[i - 1].month);
      if (step <= 0) fail_at(code::date_order, FieldPath(where, "month"), " must come after the month before it");
      if (lags > 0 && step != 1) {
        const std::string before = format_month(history[i - 1].month);
        fail_at(code::date_order, FieldPath(where, "month"), " leaves a gap after %.*s: lag features need consecutive months",
                int(before.size()), before.data());
      }
    }
    const auto value = target_of(row, spec.target);
    if (!value) fail_at(code::missing_field, where, " needs income and expenses for the target");
    if (int(i) >= lags) {
      month_features(spec, row, d.state, where, row_features);
      d.X.insert(d.X.end(), row_features.begin(), row_features.end());
      d.y.push_back(*value);
      d.months.push_back(row.month);
    }
    advance_state(spec, d.state, row, *value);
  }
  d.rows = int64_t(d.y.size());
  return d;
}

}  // namespace nestegg
