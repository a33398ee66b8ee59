#pragma once
// Dataset fixtures: options for tests/shard/data/tiny.yaml with the fake renderer, a renderer
// that fails on chosen clips, and readers of a dataset's bytes.
#include <filesystem>
#include <map>
#include <string>

#include "synth4d/pipeline/dataset.h"

namespace synth4d::testing {

// tiny.yaml, `clips` clips, 4 samples per shard, splits train 0.5 / val 0.25 / test 0.25,
// fake renderer, the shipped templates.
pipeline::DatasetOptions TinyOptions(int clips, int workers);

// A fake renderer that fails (kUnavailable, like a lost device) on clips whose first object is
// red, deterministically.
pipeline::RendererFactory RedFailingRenderer();

// Every member of every shard of `dir`, by "<key>.<field>" (bytes).
std::map<std::string, std::string> ShardMembers(const std::filesystem::path& dir);

// The bytes of `dir/name`, "" when missing.
std::string FileBytes(const std::filesystem::path& dir, const std::string& name);

}  // namespace synth4d::testing
