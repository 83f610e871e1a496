// SPDX-License-Identifier: MIT
#include "merchant_name.hpp"

#include <algorithm>
#include <vector>

namespace nestegg {

namespace {

constexpr size_t kMaxMerchantLength = 48;

bool in(std::string_view w, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

bool has_digit(std::string_view w) { return std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }); }
// Bytes of a UTF-8 sequence (any non-ASCII character) count as letters: "яндекс", "café", "東京".
bool non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }
bool has_letter(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return (c >= 'a' && c <= 'z') || non_ascii(c); });
}

// Step 1: lower-case letters and digits, everything else a space (apostrophes vanish).
std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') out += char(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || non_ascii(c)) out += c;  // non-ASCII kept as written
    else if (c != '\'') out += ' ';
  }
  return out;
}

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) words.push_back(s.substr(i, j - i));
    i = j;
  }
  return words;
}

// Steps 2-4 on the word list.
std::vector<std::string_view> keep_name_words(const std::vector<std::string_view>& all) {
  size_t start = 0;
  while (start < all.size() &&
         in(all[start], {"pos", "sq", "tst", "paypal", "pp", "debit", "purchase", "checkcard", "card", "visa", "ach"})) {
    ++start;
  }
  std::vector<std::string_view> words;
  bool seen_letters = false, cut = false;
  for (size_t i = start; i < all.size(); ++i) {
    const std::string_view w = all[i];
    if (seen_letters && has_digit(w)) {  // a store number and what follows it
      cut = true;
      break;
    }
    seen_letters = seen_letters || has_letter(w);
    if (!in(w, {"www", "com", "net", "org"})) words.push_back(w);
  }
  // "store #123", "no. 45": the word naming the number goes with it.
  if (cut && words.size() > 1 && in(words.back(), {"store", "no", "st"})) words.pop_back();
  while (words.size() > 1 && in(words.back(), {"inc", "llc", "ltd", "co", "corp"})) words.pop_back();
  return words;
}

std::string trimmed(std::string_view s) {
  const size_t a = s.find_first_not_of(' ');
  if (a == std::string_view::npos) return {};
  return std::string(s.substr(a, s.find_last_not_of(' ') - a + 1));
}

}  // namespace

std::string merchant_name(std::string_view description) {
  const std::string folded = fold(description);
  std::string out;
  for (std::string_view w : keep_name_words(split(folded))) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  if (out.empty()) out = trimmed(folded);
  if (out.empty()) out = "unknown";
  if (out.size() > kMaxMerchantLength) {
    size_t cut = kMaxMerchantLength;  // bytes, backed up to the start of a character: never half of one
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = trimmed(std::string_view(out).substr(0, cut));
  }
  return out;
}

}  // namespace nestegg
