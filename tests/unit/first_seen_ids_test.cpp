// SPDX-License-Identifier: MIT
// insights/first_seen_ids: the ledger's numbering of merchants and categories, held to the
// std::unordered_map numbering it replaced (first appearance order) on strings that collide,
// repeat, are empty, hold NUL bytes or differ in one byte, across the table's growth.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "first_seen_ids.hpp"

using namespace nestegg;

TEST_CASE("FirstSeenIds numbers strings in the order they first appear, as a map would") {
  std::mt19937_64 rng(5);
  for (int round = 0; round < 20; ++round) {
    const size_t distinct = size_t(1) << (round % 12);  // 1 .. 2048 names: several growths
    std::vector<std::string> pool;
    for (size_t k = 0; k < distinct; ++k) {
      std::string s(rng() % 6, 'a');
      for (char& c : s) c = char(rng() % 3);  // bytes 0, 1, 2: NULs and near-collisions
      pool.push_back(s + std::to_string(k % 97) + std::string(k % 2, '\0'));
    }
    std::vector<std::string> names, expected_names;
    FirstSeenIds ids(names);
    std::unordered_map<std::string, uint32_t> reference;
    for (int i = 0; i < 5000; ++i) {
      const std::string& s = pool[rng() % pool.size()];
      const auto [it, added] = reference.emplace(s, uint32_t(expected_names.size()));
      if (added) expected_names.push_back(s);
      REQUIRE(ids.id(s) == it->second);
    }
    REQUIRE(names == expected_names);
  }
  std::vector<std::string> names;
  FirstSeenIds ids(names);
  CHECK(ids.id("") == 0);
  CHECK(ids.id(std::string("\0", 1)) == 1);
  CHECK(ids.id("") == 0);
  CHECK(names.size() == 2);
}

TEST_CASE("FirstSeenIds rebuilds under another seed when names are made to collide, and numbers them the same") {
  // 400 names sharing the low 10 bits of the seed-0 hash: with 400 names the table has 1 024 slots,
  // so all of them would fall in one run of slots.
  std::vector<std::string> crafted;
  for (uint64_t k = 0; crafted.size() < 400; ++k) {
    std::string s = "merchant " + std::to_string(k);
    if ((FirstSeenIds::hash(s, 0) & 1023) == 0) crafted.push_back(s);
  }
  std::vector<std::string> names;
  FirstSeenIds ids(names);
  for (int pass = 0; pass < 3; ++pass)
    for (size_t k = 0; k < crafted.size(); ++k) REQUIRE(ids.id(crafted[k]) == k);
  CHECK(names == crafted);
  CHECK(ids.reseeds() >= 1);
  CHECK(ids.reseeds() < FirstSeenIds::kMaxSeeds);

  std::vector<std::string> plain_names;
  FirstSeenIds plain(plain_names);
  for (int k = 0; k < 5000; ++k) plain.id("shop " + std::to_string(k));
  CHECK(plain.reseeds() == 0);  // ordinary names never run that long
}
