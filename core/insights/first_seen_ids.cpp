// SPDX-License-Identifier: MIT
#include "first_seen_ids.hpp"

namespace nestegg {

namespace {

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

void FirstSeenIds::grow() {
  slots_.assign(slots_.empty() ? 64 : 2 * slots_.size(), 0);
  const size_t mask = slots_.size() - 1;
  for (uint32_t k = 0; k < names_.size(); ++k) {
    size_t i = size_t(fnv1a(names_[k])) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = k + 1;
  }
}

uint32_t FirstSeenIds::id(std::string_view name) {
  if (2 * (names_.size() + 1) > slots_.size()) grow();
  const size_t mask = slots_.size() - 1;
  for (size_t i = size_t(fnv1a(name)) & mask;; i = (i + 1) & mask) {
    const uint32_t slot = slots_[i];
    if (slot == 0) {
      names_.emplace_back(name);
      slots_[i] = uint32_t(names_.size());
      return slots_[i] - 1;
    }
    if (names_[slot - 1] == name) return slot - 1;
  }
}

}  // namespace nestegg
