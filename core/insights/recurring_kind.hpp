// SPDX-License-Identifier: MIT
// What a recurring series is to the household: a subscription (a service it may cancel), a bill (a
// need it keeps: rent, utilities, insurance, a phone, a loan — renegotiated, not cancelled) or a
// transfer (money moved to its own savings or investments: not spending at all). Recommendations
// offer to cancel subscriptions only; a dearer transfer is no cause for a nudge.
#pragma once
#include <string>

namespace nestegg {

enum class RecurringKind { subscription, bill, transfer };
const char* recurring_kind_name(RecurringKind k);
// "subscription" / "bill" / "transfer" to the kind; false for another text.
bool parse_recurring_kind(const std::string& text, RecurringKind& out);

// By the series' category (the last charge's, compared without case) and, failing that, words in
// its normalised merchant name. The lists are in recurring_kind.cpp and README "insights.habits".
RecurringKind classify_recurring(const std::string& merchant, const std::string& category);

}  // namespace nestegg
