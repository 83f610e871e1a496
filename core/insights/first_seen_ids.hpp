// SPDX-License-Identifier: MIT
// Strings numbered in the order they first appear: the first distinct string is 0, the next new
// one 1, and so on, each appended to `names` as it is numbered. For the ledger's merchants and
// categories (up to limits.max_array_items statement lines, a few hundred distinct names).
//
// An open-addressing table of ids (FNV-1a, linear probing, at most half full) over the names
// themselves: std::unordered_map did this here with a node and a copy of each name and
// prime-sized buckets, 2.8 KB of the .wasm for one use.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nestegg {

class FirstSeenIds {
 public:
  // `names` must start empty and grow only through id().
  explicit FirstSeenIds(std::vector<std::string>& names) : names_(names) {}
  uint32_t id(std::string_view name);

 private:
  void grow();
  std::vector<std::string>& names_;
  std::vector<uint32_t> slots_;  // id + 1, or 0 for an empty slot; a power of two long
};

}  // namespace nestegg
