#pragma once
// Private JSON helpers shared by the benchmark, prediction and results readers.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "synth4d/core/result.h"

namespace synth4d::evaluator::internal {

// One record of a JSON array or JSONL file, with where it came from ("file:12" for JSONL line 12,
// "file: [3]" for array element 3).
struct JsonRecord {
  nlohmann::json value;
  std::string where;
};

// Reads a JSON array (first non-blank byte '[') or JSONL file (blank lines skipped) of objects.
// Parse errors name the file and line:column; a non-object record names its position.
// `tolerate_torn_tail` skips an unparsable last JSONL line (a write cut short by an interruption).
core::Result<std::vector<JsonRecord>> ReadJsonRecords(const std::filesystem::path& path,
                                                      bool tolerate_torn_tail = false);

// Parses a whole JSON document, mapping a parse error to kInvalidArgument with "file:line:col".
core::Result<nlohmann::json> ParseJsonDocument(const std::string& text, const std::string& where);

// A string field, or an integer written as its decimal text; nullopt when absent or null.
// Other types give kInvalidArgument "where: field `key`: expected ...".
core::Result<std::optional<std::string>> OptionalText(const nlohmann::json& object, const char* key,
                                                      const std::string& where);

// Like OptionalText, but an absent field is an error.
core::Result<std::string> RequiredText(const nlohmann::json& object, const char* key,
                                       const std::string& where);

// "line L, column C" of byte offset `byte` (1-based, as nlohmann reports it) in `text`.
std::string LineColumn(const std::string& text, size_t byte);

}  // namespace synth4d::evaluator::internal
