#pragma once
// `synth4d merge`: the parts of a cluster run (generate --shard-index i --num-shards n) joined
// into one dataset with one manifest, identical to a single-process run of the same command.
#include <filesystem>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/shard/manifest.h"

namespace synth4d::shard {

// Joins `parts` into `out`: the parts must share one config and layout, be complete, and cover
// every part index exactly once; each shard's size and sha256 are checked, the shards are
// hard-linked into `out` (copied across file systems), failures are joined, and the dataset is
// finalized (FinalizeDataset). kInvalidArgument names the part and what is wrong.
core::Result<Manifest> MergeParts(const std::vector<std::filesystem::path>& parts,
                                  const std::filesystem::path& out);

// Checks that shard `record` exists in `dir` with its recorded size and sha256.
core::Status VerifyShard(const std::filesystem::path& dir, const ShardRecord& record);

}  // namespace synth4d::shard
