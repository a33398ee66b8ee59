#include "synth4d/core/rng.h"

#include <cmath>
#include <numbers>

#include "synth4d/core/check.h"

namespace synth4d::core {
namespace {

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

uint64_t Fnv1a64(std::string_view text) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return h;
}

uint64_t ClipSeed(uint64_t dataset_seed, std::string_view spec_key, uint64_t clip_index) {
  return SplitMix64(SplitMix64(dataset_seed ^ Fnv1a64(spec_key)) + clip_index);
}

Rng::Rng(uint64_t seed) : seed_(seed) {
  uint64_t x = seed;
  for (uint64_t& s : s_) {
    x = SplitMix64(x);
    s = x;
  }
}

uint64_t Rng::NextU64() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

double Rng::Uniform01() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }

double Rng::Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform01(); }

double Rng::Normal(double mean, double stddev) {
  // 1 - u keeps the argument of log in (0, 1].
  const double u1 = 1.0 - Uniform01();
  const double u2 = Uniform01();
  return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

int64_t Rng::UniformInt(int64_t lo, int64_t hi) {
  SYNTH4D_CHECK(lo <= hi) << lo << " > " << hi;
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
  if (span == 0) return static_cast<int64_t>(NextU64());  // full 64-bit range
  const uint64_t limit = UINT64_MAX - UINT64_MAX % span;
  uint64_t x = NextU64();
  while (x >= limit) x = NextU64();
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + x % span);
}

Rng Rng::Derive(std::string_view label) const { return Rng(SplitMix64(seed_ ^ Fnv1a64(label))); }

}  // namespace synth4d::core
