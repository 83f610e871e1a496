// SPDX-License-Identifier: MIT
// The engine's one sort, held to the standard library's: std::stable_sort on orders with ties
// (the same permutation, ties kept in input order), std::sort on total orders (the same list),
// and the small cases worked by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>

#include "stable_order.hpp"

using nestegg::sort_stably;
using nestegg::stable_order;

TEST_CASE("stable_order orders positions as std::stable_sort does, ties in input order") {
  std::mt19937 rng(20261204);
  for (size_t n : {0, 1, 2, 3, 7, 8, 9, 31, 64, 100, 1000, 4097}) {
    for (int distinct : {1, 3, 1000000}) {  // all alike, few keys (many ties), nearly all different
      std::vector<int> key(n);
      for (int& k : key) k = int(rng() % unsigned(distinct));
      const auto before = [&](uint32_t a, uint32_t b) { return key[a] < key[b]; };
      std::vector<uint32_t> expected(n);
      std::iota(expected.begin(), expected.end(), 0u);
      std::stable_sort(expected.begin(), expected.end(), before);
      CHECK(stable_order(n, before) == expected);
    }
  }
}

TEST_CASE("stable_order on small inputs, worked by hand") {
  const std::vector<double> v{3, 1, 2, 1, 3};
  const auto descending = [&](uint32_t a, uint32_t b) { return v[a] > v[b]; };
  CHECK(stable_order(v.size(), descending) == std::vector<uint32_t>{0, 4, 2, 1, 3});
  const auto never = [](uint32_t, uint32_t) { return false; };
  CHECK(stable_order(4, never) == std::vector<uint32_t>{0, 1, 2, 3});
  CHECK(stable_order(0, never).empty());
}

TEST_CASE("sort_stably gives std::sort's list on a total order and moves every item once") {
  std::mt19937 rng(7);
  struct Item {
    double amount;
    std::string name;
  };
  std::vector<Item> items;
  for (int i = 0; i < 500; ++i) items.push_back({double(rng() % 20), "n" + std::to_string(rng() % 50) + "-" + std::to_string(i)});
  const auto by_amount_then_name = [](const Item& a, const Item& b) {
    return a.amount != b.amount ? a.amount > b.amount : a.name < b.name;
  };
  std::vector<Item> expected = items;
  std::sort(expected.begin(), expected.end(), by_amount_then_name);
  sort_stably(items, by_amount_then_name);
  REQUIRE(items.size() == expected.size());
  for (size_t i = 0; i < items.size(); ++i) {
    CHECK(items[i].amount == expected[i].amount);
    CHECK(items[i].name == expected[i].name);
  }
}
