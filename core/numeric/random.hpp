// SPDX-License-Identifier: MIT
// Reproducible random numbers. std::normal_distribution is implementation-defined (libstdc++ and
// Emscripten's libc++ give different streams for the same seed), so the engine carries its own:
// xoshiro256** seeded through splitmix64, and standard normals by Doornik's (2005) ziggurat with
// 128 blocks, which needs a transcendental call only in about 1 % of draws.
#pragma once
#include <cstdint>

namespace nestegg {

class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t next();
  // Uniform in (0, 1): never exactly 0, so log() of it is finite.
  double uniform() { return (double(next() >> 11) + 0.5) * 0x1.0p-53; }
  double normal();

 private:
  double normal_tail(bool negative);
  uint64_t s_[4];
};

}  // namespace nestegg
