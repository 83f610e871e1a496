// SPDX-License-Identifier: MIT
#include "first_seen_ids.hpp"

namespace nestegg {

uint64_t FirstSeenIds::hash(std::string_view name, uint64_t seed) {
  uint64_t h = 14695981039346656037ull ^ (seed * 0x9e3779b97f4a7c15ull);
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ull;
  // murmur3's finaliser: every bit of h reaches the low bits the table indexes by.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 33);
}

void FirstSeenIds::rebuild(size_t slots) {
  slots_.assign(slots, 0);
  const size_t mask = slots - 1;
  for (uint32_t k = 0; k < names_.size(); ++k) {
    size_t i = size_t(hash(names_[k], seed_)) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = k + 1;
  }
}

uint32_t FirstSeenIds::id(std::string_view name) {
  if (2 * (names_.size() + 1) > slots_.size()) rebuild(slots_.empty() ? 64 : 2 * slots_.size());
  for (;;) {
    const size_t mask = slots_.size() - 1;
    size_t i = size_t(hash(name, seed_)) & mask;
    for (size_t probes = 0; probes < kMaxProbes || seed_ >= kMaxSeeds; ++probes, i = (i + 1) & mask) {
      const uint32_t slot = slots_[i];
      if (slot == 0) {
        names_.emplace_back(name);
        slots_[i] = uint32_t(names_.size());
        return slots_[i] - 1;
      }
      if (names_[slot - 1] == name) return slot - 1;
    }
    ++seed_;
    rebuild(slots_.size());
  }
}

}  // namespace nestegg
