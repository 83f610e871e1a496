// SPDX-License-Identifier: MIT
#include "transaction_reader.hpp"

#include "error.hpp"
#include "field_rules.hpp"

namespace nestegg {

namespace {

void require_count(size_t n, size_t min_items, const FieldPath& at) {
  if (n < min_items) {
    fail_at(code::insufficient_data, at, " must have at least %zu transaction(s)", min_items);
  }
}

// One row through the request reader's own field rules (dates real, amounts finite and in range).
Transaction read_row(const json& item, const std::string& at) {
  if (!item.is_object()) fail_at(code::wrong_type, at, " must be an object {date, amount, description}, got %s", describe(item));
  const Fields row(item, at);
  Transaction t;
  t.date = row.date("date");
  t.amount = row.number("amount", kSignedAmount);
  t.description = row.text("description", 1, kMaxDescriptionLength);
  t.category = row.text_or("category", "", 0, kMaxLabelLength);
  t.account = row.text_or("account", "", 0, kMaxLabelLength);
  return t;
}

std::vector<Transaction> read_rows(const Fields& f, const Limits& limits, const char* name, size_t min_items) {
  const json& arr = f.array(name, 0, size_t(limits.max_array_items));  // refused on size before items are read
  require_count(arr.size(), min_items, f.at(name));
  std::vector<Transaction> out;
  out.reserve(arr.size());
  const std::string at = f.path(name);
  for (size_t i = 0; i < arr.size(); ++i) out.push_back(read_row(arr[i], at + "[" + std::to_string(i) + "]"));
  return out;
}

// A text column's item i, its path built only for an error.
const std::string& column_text(const json& column, size_t i, const std::string& at, size_t min_len, size_t max_len) {
  const json& v = column[i];
  if (!v.is_string()) fail_at(code::wrong_type, FieldPath::item(at, i), " must be a string, got %s", describe(v));
  const std::string& s = v.get_ref<const std::string&>();
  if (s.size() < min_len || s.size() > max_len) {
    fail_at(code::out_of_range, FieldPath::item(at, i), " must be %zu to %zu characters", min_len, max_len);
  }
  return s;
}

std::vector<Transaction> read_columns(const Fields& f, CallContext& ctx, const char* name, size_t min_items) {
  const Fields cols = f.object(name);
  const size_t max = size_t(ctx.limits.max_array_items);
  // Every column's length is checked before any item of any column is read.
  const json& dates = cols.array("date", 0, max);
  const json& amounts = cols.array("amount", 0, max);
  const json& descriptions = cols.array("description", 0, max);
  const json* categories = cols.optional_array("category", 0, max);
  const json* accounts = cols.optional_array("account", 0, max);
  const size_t n = dates.size();
  const auto same_length = [&](const json* column, const char* key) {
    if (column && column->size() != n) {
      const std::string dates_at = cols.path("date");
      fail_at(code::invalid_value, cols.at(key), " must have as many items as %.*s (%zu), got %zu", int(dates_at.size()),
              dates_at.data(), n, column->size());
    }
  };
  same_length(&amounts, "amount");
  same_length(&descriptions, "description");
  same_length(categories, "category");
  same_length(accounts, "account");
  require_count(n, min_items, cols.at("date"));
  const std::string date_at = cols.path("date"), amount_at = cols.path("amount");
  const std::string description_at = cols.path("description"), category_at = cols.path("category"),
                    account_at = cols.path("account");
  std::vector<Transaction> out(n);
  for (size_t i = 0; i < n; ++i) {
    Transaction& t = out[i];
    const auto d = parse_date(column_text(dates, i, date_at, 0, SIZE_MAX));
    if (!d) {
      fail_at(code::invalid_date, FieldPath::item(date_at, i), " must be a real calendar date YYYY-MM-DD between %d and %d",
              kMinYear, kMaxYear);
    }
    t.date = *d;
    t.amount = checked_item(amounts, i, amount_at, kSignedAmount);
    t.description = column_text(descriptions, i, description_at, 1, kMaxDescriptionLength);
    if (categories && !(*categories)[i].is_null()) t.category = column_text(*categories, i, category_at, 0, kMaxLabelLength);
    if (accounts && !(*accounts)[i].is_null()) t.account = column_text(*accounts, i, account_at, 0, kMaxLabelLength);
  }
  warn_unread(cols, ctx);
  return out;
}

}  // namespace

std::vector<Transaction> read_transactions(const Fields& f, CallContext& ctx, const char* name, size_t min_items) {
  const json& v = f.value(name);
  if (v.is_object()) return read_columns(f, ctx, name, min_items);
  if (!v.is_array()) {
    fail_at(code::wrong_type, f.at(name), " must be an array of {date, amount, description} or an object of columns, got %s",
            describe(v));
  }
  return read_rows(f, ctx.limits, name, min_items);
}

}  // namespace nestegg
