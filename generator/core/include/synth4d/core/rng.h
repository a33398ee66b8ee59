#pragma once
// Deterministic random numbers and seed hashing, identical on every machine and compiler.
// The standard <random> distributions are implementation-defined, so synth4d samples with its own
// xoshiro256** generator and its own uniform/normal/integer transforms (docs/conventions.md).
#include <cstdint>
#include <string_view>

namespace synth4d::core {

// SplitMix64 finaliser: a bijective 64-bit mix.
uint64_t SplitMix64(uint64_t x);

// FNV-1a 64-bit hash of `text`.
uint64_t Fnv1a64(std::string_view text);

// The seed of clip `clip_index` of spec `spec_key` in a dataset with seed `dataset_seed`:
// SplitMix64(SplitMix64(dataset_seed ^ Fnv1a64(spec_key)) + clip_index).
uint64_t ClipSeed(uint64_t dataset_seed, std::string_view spec_key, uint64_t clip_index);

// xoshiro256** seeded through SplitMix64; all sampling in synth4d goes through this type.
class Rng {
 public:
  explicit Rng(uint64_t seed);

  // Next raw 64-bit value.
  uint64_t NextU64();
  // Uniform double in [0, 1) with 53 random bits.
  double Uniform01();
  // Uniform double in [lo, hi).
  double Uniform(double lo, double hi);
  // Normal sample (Box-Muller, two uniforms per call, no cached state).
  double Normal(double mean, double stddev);
  // Uniform integer in [lo, hi], both inclusive, without modulo bias. Requires lo <= hi.
  int64_t UniformInt(int64_t lo, int64_t hi);
  // Independent stream for a named sub-task (sampling, QA, ...), derived from this stream's seed.
  Rng Derive(std::string_view label) const;

  uint64_t seed() const { return seed_; }

 private:
  uint64_t seed_;
  uint64_t s_[4];
};

}  // namespace synth4d::core
