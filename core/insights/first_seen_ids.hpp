// SPDX-License-Identifier: MIT
// Strings numbered in the order they first appear: the first distinct string is 0, the next new
// one 1, and so on, each appended to `names` as it is numbered. For the ledger's merchants and
// categories (up to limits.max_array_items statement lines, a few hundred distinct names).
//
// An open-addressing table of ids (FNV-1a with murmur3's finaliser, linear probing, at most half
// full) over the names themselves: std::unordered_map did this here with a node and a copy of each
// name and prime-sized buckets, 2.8 KB of the .wasm for one use. A statement's descriptions are
// the caller's: names made to share a hash's low bits would pile into one run of slots and make
// every lookup walk it (quadratic: seconds for 100 000 lines). A run longer than any half-full
// table shows by chance (kMaxProbes) is taken for that, and the table is rebuilt under another
// seed, which the same names do not collide under. The numbering never depends on the hash.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nestegg {

class FirstSeenIds {
 public:
  static constexpr size_t kMaxProbes = 64;
  static constexpr unsigned kMaxSeeds = 8;  // after that, long runs are walked as they are

  // `names` must start empty and grow only through id().
  explicit FirstSeenIds(std::vector<std::string>& names) : names_(names) {}
  uint32_t id(std::string_view name);
  unsigned reseeds() const { return seed_; }  // how many times a long run made the table rebuild
  static uint64_t hash(std::string_view name, uint64_t seed);

 private:
  void rebuild(size_t slots);
  std::vector<std::string>& names_;
  std::vector<uint32_t> slots_;  // id + 1, or 0 for an empty slot; a power of two long
  unsigned seed_ = 0;
};

}  // namespace nestegg
