#include "internal_json.h"

#include <fmt/format.h>

#include "synth4d/core/file.h"

namespace synth4d::evaluator::internal {

using core::ErrorCode;
using core::MakeError;
using nlohmann::json;

std::string LineColumn(const std::string& text, size_t byte) {
  size_t line = 1;
  size_t column = 1;
  const size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fmt::format("line {}, column {}", line, column);
}

core::Result<json> ParseJsonDocument(const std::string& text, const std::string& where) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    return MakeError(ErrorCode::kInvalidArgument, fmt::format("{}: invalid JSON at {}: {}", where,
                                                              LineColumn(text, e.byte), e.what()));
  }
}

namespace {

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

core::Result<std::vector<JsonRecord>> ReadArray(const std::string& text, const std::string& file) {
  SYNTH4D_ASSIGN_OR_RETURN(json doc, ParseJsonDocument(text, file));
  if (!doc.is_array()) {
    return MakeError(ErrorCode::kInvalidArgument, file + ": expected a JSON array of objects");
  }
  std::vector<JsonRecord> records;
  records.reserve(doc.size());
  for (size_t i = 0; i < doc.size(); ++i) {
    std::string where = fmt::format("{}: [{}]", file, i);
    if (!doc[i].is_object()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       where + ": expected a JSON object, found " + doc[i].type_name());
    }
    records.push_back({std::move(doc[i]), std::move(where)});
  }
  return records;
}

core::Result<std::vector<JsonRecord>> ReadLines(const std::string& text, const std::string& file,
                                                bool tolerate_torn_tail) {
  std::vector<JsonRecord> records;
  size_t start = 0;
  int line_number = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    const bool last = end == std::string::npos;
    if (last) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    ++line_number;
    start = end + 1;
    if (IsBlank(line)) continue;
    std::string where = fmt::format("{}:{}", file, line_number);
    json value;
    try {
      value = json::parse(line);
    } catch (const json::parse_error& e) {
      // A torn last line has no newline after it: the writer was interrupted mid-record.
      if (tolerate_torn_tail && last) break;
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("{}: invalid JSON at column {}: {}", where, e.byte, e.what()));
    }
    if (!value.is_object()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       where + ": expected one JSON object per line, found " + value.type_name());
    }
    records.push_back({std::move(value), std::move(where)});
  }
  return records;
}

}  // namespace

core::Result<std::vector<JsonRecord>> ReadJsonRecords(const std::filesystem::path& path,
                                                      bool tolerate_torn_tail) {
  SYNTH4D_ASSIGN_OR_RETURN(std::string text, core::ReadFile(path));
  const std::string file = path.string();
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::vector<JsonRecord>{};
  if (text[first] == '[') return ReadArray(text, file);
  return ReadLines(text, file, tolerate_torn_tail);
}

core::Result<std::optional<std::string>> OptionalText(const json& object, const char* key,
                                                      const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::optional<std::string>();
  if (it->is_string()) return std::optional<std::string>(it->get<std::string>());
  if (it->is_number_integer())
    return std::optional<std::string>(std::to_string(it->get<int64_t>()));
  return MakeError(
      ErrorCode::kInvalidArgument,
      fmt::format("{}: field `{}`: expected a string, found {}", where, key, it->type_name()));
}

core::Result<std::string> RequiredText(const json& object, const char* key,
                                       const std::string& where) {
  SYNTH4D_ASSIGN_OR_RETURN(std::optional<std::string> text, OptionalText(object, key, where));
  if (!text) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("{}: missing field `{}` (a string)", where, key));
  }
  return *std::move(text);
}

}  // namespace synth4d::evaluator::internal
