// SPDX-License-Identifier: MIT
// A statement description to the merchant it names, so "NETFLIX.COM 866-579-7172",
// "Netflix.com" and "NETFLIX COM*A1B2" are one merchant ("netflix"), and "STARBUCKS STORE #01234
// SEATTLE WA" and "Starbucks 00987 Portland OR" are one ("starbucks"). The rules, in order:
//   1. ASCII letters to lower case; apostrophes dropped ("Joe's" -> "joes"); non-ASCII characters
//      kept as written (a Cyrillic or CJK name is a name: "Яндекс Плюс" stays two words); every
//      other ASCII character that is not a letter or digit becomes a space;
//   2. split into words; leading payment-rail words are dropped ("pos", "sq", "tst", "paypal",
//      "pp", "debit", "purchase", "checkcard", "card", "visa", "ach");
//   3. the first word holding a digit that follows a word of letters, and everything after it, is
//      cut: store numbers, phone numbers, references and the city after them ("7 eleven" keeps its
//      leading 7); a "store", "no" or "st" word right before the cut goes too;
//   4. "www", "com", "net", "org" anywhere and trailing "inc", "llc", "ltd", "co", "corp" are dropped;
//   5. the words joined by single spaces, at most 48 bytes, cut at a character's start. A description that leaves no
//      word (all digits or symbols) keeps its step-1 text, trimmed, so it is never empty.
#pragma once
#include <string>
#include <string_view>

namespace nestegg {

std::string merchant_name(std::string_view description);

}  // namespace nestegg
