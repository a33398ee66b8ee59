#pragma once
// The plan of a dataset, computed before anything is simulated: every clip's key, cameras and
// split, and the shards that hold them (docs/datasets.md). It depends only on the specs, their
// `dataset:` sections, the clip count, the seed, the split fractions and the shard size, never on
// workers, machines or scheduling, so every cluster part computes the same plan.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/spec/dataset.h"

namespace synth4d::pipeline {

// A split and the share of clips it gets.
struct SplitSpec {
  std::string name;  // [a-z][a-z0-9_]*
  double fraction = 0.0;
};

// train 0.8, val 0.1, test 0.1.
std::vector<SplitSpec> DefaultSplits();

// Parses "train=0.8,val=0.1,test=0.1". kInvalidArgument for a bad or repeated name, a fraction
// outside [0, 1], or fractions that do not sum to 1 (within 1e-6).
core::Result<std::vector<SplitSpec>> ParseSplits(std::string_view text);

// The clip's point in [0, 1): SplitMix64(FNV1a64(clip key)) / 2^64, the clip key being
// "<spec>_<index:06d>" (shared by all its cameras).
double SplitUnit(std::string_view clip_key);

// The split of a clip: the first split whose cumulative fraction exceeds SplitUnit(clip_key)
// (the last split when rounding leaves a gap).
const std::string& SplitFor(std::string_view clip_key, const std::vector<SplitSpec>& splits);

// The clip key "<spec>_<index:06d>" (characters other than [A-Za-z0-9_-] become '-').
std::string SceneClipKey(const std::string& spec_key, int clip_index);

// One clip of the plan.
struct PlannedClip {
  int spec = 0;                          // index into the specs
  int index = 0;                         // clip index
  std::string key;                       // SceneClipKey
  uint64_t seed = 0;                     // core::ClipSeed(dataset seed, spec, index)
  std::vector<std::string> sample_keys;  // per camera (truth::ClipKey), then the twin's
  std::string split;
  bool held_out = false;             // a held-out rule of the spec's `dataset:` section matched
  int shard = -1;                    // index into DatasetPlan::shards; -1 if sampling failed
  std::optional<core::Error> error;  // sampling failure
};

struct PlannedShard {
  std::string name;  // "<split>-<index:06d>.tar"
  std::string split;
  std::vector<int> clips;  // indices into DatasetPlan::clips, in shard order
};

struct DatasetPlan {
  std::vector<std::string> spec_keys;
  std::vector<uint64_t> dataset_seeds;                   // per spec
  std::vector<std::vector<spec::HeldOutRule>> held_out;  // per spec
  std::vector<bool> contrast_pairs;  // per spec: its clips have mirrored twins (qa::MakesTwin)
  std::vector<PlannedClip> clips;    // spec by spec, index by index
  std::vector<PlannedShard> shards;  // split by split (in split order), then shard index
};

struct PlanOptions {
  std::vector<std::filesystem::path> specs;
  int clips = 1;                 // per spec, indices 0 .. clips-1
  std::optional<uint64_t> seed;  // dataset seed; unset: each spec's clip.seed
  std::vector<SplitSpec> splits = DefaultSplits();
  std::string held_out_split = "test";  // must be one of `splits`
  int shard_samples = 64;               // samples per shard (whole clips, see docs)
  int threads = 1;                      // clips resolved in parallel (the result is the same)
  bool contrast_pairs = false;  // every clip has its twin (else as its spec's qa section says)
};

// Resolves every clip (sampling only) and lays out the shards: within a split, clips are ordered
// by SplitMix64(FNV1a64(clip key) + 1) (a fixed shuffle), and a shard takes whole clips until it
// holds shard_samples samples. kInvalidArgument for invalid specs or options, two specs with one
// key; a clip whose sampling fails is planned with its error and no shard.
core::Result<DatasetPlan> PlanDataset(const PlanOptions& options);

// The spec (index into `spec_keys`) and clip index that `key` names: a clip key
// "<spec>_<index>" or a sample key "<spec>_<index>_<camera>"; nullopt when none does.
std::optional<std::pair<int, int>> ParseClipKey(std::string_view key,
                                                const std::vector<std::string>& spec_keys);

}  // namespace synth4d::pipeline
