#pragma once
// Members copied out of a dataset's shards, so tools that want plain files (the evaluator's frame
// reader) can use a dataset as it is, without the user unpacking tars by hand.
#include <filesystem>
#include <set>
#include <string>

#include "synth4d/core/result.h"

namespace synth4d::shard {

// What UnpackMembers did.
struct UnpackSummary {
  int written = 0;  // members copied now
  int kept = 0;     // members already in the folder from an earlier call (same size)
};

// Copies the members named in `names` ("<key>.mp4") out of the shards of `split` that the
// manifest of `dataset_dir` lists, into `out_dir`, each file written atomically. kNotFound names
// a member no shard of the split holds; kInvalidArgument for an unknown split.
core::Result<UnpackSummary> UnpackMembers(const std::filesystem::path& dataset_dir,
                                          const std::string& split,
                                          const std::set<std::string>& names,
                                          const std::filesystem::path& out_dir);

}  // namespace synth4d::shard
