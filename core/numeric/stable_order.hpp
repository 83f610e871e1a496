// SPDX-License-Identifier: MIT
// One sort for every order the engine shows a list in (nudges, movers, subscriptions, anomalies,
// recommendations, merchants, an object's keys). libc++'s std::sort is a template: each comparator
// given to it put its own introsort, about 1-2 KB, into the .wasm, for lists of tens of items. Here
// the sorting code exists once and a comparator costs a small function (README "Where the bytes
// go"). It is a stable bottom-up merge sort, O(n log n), so the result depends only on the order
// and the input's order on ties: with a total order, the same list as std::sort gives.
#pragma once
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "function_ref.hpp"

namespace nestegg {

// The positions 0..n-1 ordered so that before(a, b) puts a ahead of b, ties in position order.
// `before` must be a strict weak order. n at most 2^32 - 1.
std::vector<uint32_t> stable_order(size_t n, FunctionRef<bool(uint32_t, uint32_t)> before);

// Sorts `items` by `before` (a strict weak order on T), stably, through stable_order: only this
// move loop is generated per element type.
template <class T, class Before>
void sort_stably(std::vector<T>& items, Before before) {
  auto by_position = [&](uint32_t a, uint32_t b) { return before(items[a], items[b]); };
  const std::vector<uint32_t> order = stable_order(items.size(), by_position);
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (uint32_t i : order) sorted.push_back(std::move(items[i]));
  items.swap(sorted);
}

}  // namespace nestegg
