// SPDX-License-Identifier: MIT
#include "recurring_kind.hpp"

#include <cctype>

namespace nestegg {
namespace {

std::string lower(const std::string& s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool any_of(const std::string& text, std::initializer_list<const char*> words, bool whole) {
  for (const char* w : words) {
    if (whole ? text == w : text.find(w) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

const char* recurring_kind_name(RecurringKind k) {
  return k == RecurringKind::bill ? "bill" : k == RecurringKind::transfer ? "transfer" : "subscription";
}

bool parse_recurring_kind(const std::string& text, RecurringKind& out) {
  for (RecurringKind k : {RecurringKind::subscription, RecurringKind::bill, RecurringKind::transfer}) {
    if (text == recurring_kind_name(k)) {
      out = k;
      return true;
    }
  }
  return false;
}

RecurringKind classify_recurring(const std::string& merchant, const std::string& category) {
  const std::string c = lower(category), m = lower(merchant);
  if (any_of(c, {"transfer", "transfers", "savings", "saving", "investment", "investments", "investing", "retirement"}, true) ||
      any_of(m, {"transfer", "savings", "brokerage", "401k", "ira contribution"}, false))
    return RecurringKind::transfer;
  if (any_of(c, {"housing", "rent", "mortgage", "utilities", "utility", "electricity", "water", "gas", "insurance", "phone",
                 "mobile", "internet", "loan", "loans", "debt", "tax", "taxes", "childcare", "tuition", "healthcare", "medical"},
             true) ||
      any_of(m, {"rent", "mortgage", "property mgmt", "insurance", "utility", "electric", "water", "loan"}, false))
    return RecurringKind::bill;
  return RecurringKind::subscription;
}

}  // namespace nestegg
