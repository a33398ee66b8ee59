#include "synth4d/shard/qa_files.h"

#include <nlohmann/json.hpp>

#include "synth4d/core/file.h"

namespace synth4d::shard {

using Json = nlohmann::ordered_json;

std::string QaJsonText(const std::vector<qa::QaItem>& items, const std::string& split) {
  if (items.empty()) return "[]\n";
  std::string out = "[\n";
  for (size_t i = 0; i < items.size(); ++i) {
    std::string line = qa::ToJsonLine(items[i]);
    if (!split.empty()) {
      Json j = Json::parse(line);
      j["split"] = split;
      line = j.dump();
    }
    out += line + (i + 1 < items.size() ? ",\n" : "\n");
  }
  return out + "]\n";
}

core::Result<std::vector<qa::QaItem>> ParseQaJson(std::string_view text,
                                                  const std::string& source) {
  Json array;
  try {
    array = Json::parse(text);
  } catch (const std::exception& e) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, source + ": " + e.what());
  }
  if (!array.is_array()) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, source + ": expected a JSON array");
  }
  std::string jsonl;
  for (const Json& item : array) jsonl += item.dump() + "\n";
  return qa::ParseJsonl(jsonl, source + " item");
}

std::string MetadataJsonl(const std::vector<qa::QaItem>& items, const std::string& split,
                          const std::map<std::string, std::string>& shard_of_key) {
  std::string out;
  for (const qa::QaItem& item : items) {
    Json options = Json::array();
    for (size_t i = 0; i < item.options.size(); ++i) {
      options.push_back(std::string(1, static_cast<char>('A' + i)) + ". " + item.options[i]);
    }
    const auto shard = shard_of_key.find(item.clip_key);
    Json row{{"file_name", item.clip_key + ".mp4"},
             {"shard", shard == shard_of_key.end() ? "" : shard->second},
             {"question_id", item.id},
             {"question", item.question},
             {"options", options},
             {"answer", std::string(1, item.AnswerLetter())},
             {"answer_text", item.AnswerText()},
             {"category", item.category},
             {"sub_category", item.template_id},
             {"clip_key", item.clip_key},
             {"split", split}};
    out += row.dump() + "\n";
  }
  return out;
}

core::Result<std::vector<qa::QaItem>> ReadSplitItems(const std::filesystem::path& dir,
                                                     const std::string& split) {
  const std::filesystem::path path = dir / split / "qa.json";
  SYNTH4D_ASSIGN_OR_RETURN(std::string text, core::ReadFile(path));
  return ParseQaJson(text, path.string());
}

}  // namespace synth4d::shard
