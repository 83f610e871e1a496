// SPDX-License-Identifier: MIT
#include "random.hpp"

#include <cmath>

#include "basic_math.hpp"

namespace nestegg {

namespace {

constexpr int kBlocks = 128;
constexpr double kR = 3.442619855899;         // start of the tail
constexpr double kV = 9.91256303526217e-3;    // area of each block

struct ZigguratTables {
  double x[kBlocks + 1];
  double ratio[kBlocks];
  ZigguratTables() {
    double f = exp_basic(-0.5 * kR * kR);
    x[0] = kV / f;  // the base block includes the tail: its "width" is V / f(R)
    x[1] = kR;
    x[kBlocks] = 0;
    for (int i = 2; i < kBlocks; ++i) {
      x[i] = std::sqrt(-2 * log_basic(kV / x[i - 1] + f));
      f = exp_basic(-0.5 * x[i] * x[i]);
    }
    for (int i = 0; i < kBlocks; ++i) ratio[i] = x[i + 1] / x[i];
  }
};

const ZigguratTables& tables() {
  static const ZigguratTables t;
  return t;
}

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(uint64_t seed) {
  uint64_t st = seed;
  for (auto& s : s_) s = splitmix64(st);
}

uint64_t Rng::next() {
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::normal_tail(bool negative) {
  double x, y;
  do {
    x = log_basic(uniform()) / kR;
    y = log_basic(uniform());
  } while (-2 * y < x * x);
  return negative ? x - kR : kR - x;
}

double Rng::normal() {
  const ZigguratTables& t = tables();
  for (;;) {
    const uint64_t bits = next();
    const int i = int(bits & 0x7f);                          // block: low 7 bits
    const double u = 2 * ((double(bits >> 11) + 0.5) * 0x1.0p-53) - 1;  // (-1, 1): the high 53 bits
    if (std::fabs(u) < t.ratio[i]) return u * t.x[i];      // inside the block's inner rectangle
    if (i == 0) return normal_tail(u < 0);
    const double x = u * t.x[i];
    const double f0 = exp_basic(-0.5 * (t.x[i] * t.x[i] - x * x));
    const double f1 = exp_basic(-0.5 * (t.x[i + 1] * t.x[i + 1] - x * x));
    if (f1 + uniform() * (f0 - f1) < 1.0) return x;
  }
}

}  // namespace nestegg
