#pragma once
// Question files of a dataset: a sample's "<key>.qa.json" (every question generated for the clip)
// and a split's "<split>/qa.json" (the balanced benchmark, VLM4D-style) and
// "<split>/metadata.jsonl" (Hugging Face rows). Formats: docs/formats.md.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/qa/item.h"

namespace synth4d::shard {

// A JSON array with one item per line (qa::ToJsonLine), "[]" when empty; `split`, when not empty,
// is added to each item as "split".
std::string QaJsonText(const std::vector<qa::QaItem>& items, const std::string& split = "");

// Parses a JSON array of items (a sample's qa.json or a split's qa.json). Errors name `source`
// and the item (1-based).
core::Result<std::vector<qa::QaItem>> ParseQaJson(std::string_view text, const std::string& source);

// Hugging Face metadata rows, one per item: file_name (the video member "<clip key>.mp4"), shard,
// question_id, question, options ["A. ...", ...], answer (letter), answer_text, category,
// sub_category (template id), clip_key, split.
std::string MetadataJsonl(const std::vector<qa::QaItem>& items, const std::string& split,
                          const std::map<std::string, std::string>& shard_of_key);

// Reads DIR/<split>/qa.json; kNotFound when absent.
core::Result<std::vector<qa::QaItem>> ReadSplitItems(const std::filesystem::path& dir,
                                                     const std::string& split);

}  // namespace synth4d::shard
