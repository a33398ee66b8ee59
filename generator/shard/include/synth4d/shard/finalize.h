#pragma once
// The dataset-level files of a whole dataset (a single run, or the merge of cluster parts):
// per split the balanced qa.json and metadata.jsonl, failures.jsonl, the dataset card README.md,
// and the manifest's counts. Every file depends only on the shards and the manifest.
#include <filesystem>
#include <map>
#include <string>

#include "synth4d/core/result.h"
#include "synth4d/shard/manifest.h"

namespace synth4d::shard {

// Questions per category, per split (for the card).
using CategoryCounts = std::map<std::string, std::map<std::string, int>>;

// The dataset card: YAML front matter the Hugging Face hub reads (license, task_categories,
// language, size_categories, configs with one data_files entry per non-empty split) and a body
// describing splits, categories, files and provenance.
std::string DatasetCard(const Manifest& manifest, const CategoryCounts& categories);

// Reads every shard's <key>.qa.json, balances each split with qa::Balance (config.balance),
// writes <split>/qa.json, <split>/metadata.jsonl, failures.jsonl and README.md, fills `counts`,
// sets `complete` and writes the manifest. kInvalidArgument for a part manifest, a missing shard
// or a sample key found twice; errors of the shard reader otherwise.
core::Status FinalizeDataset(const std::filesystem::path& dir, Manifest& manifest);

}  // namespace synth4d::shard
