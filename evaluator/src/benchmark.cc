#include "synth4d/evaluator/benchmark.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "internal_choices.h"
#include "internal_json.h"
#include "internal_text.h"

namespace synth4d::evaluator {

using core::ErrorCode;
using core::MakeError;
using nlohmann::json;

core::Result<BenchmarkFormat> ParseBenchmarkFormat(std::string_view name) {
  if (name == "auto") return BenchmarkFormat::kAuto;
  if (name == "synth4d") return BenchmarkFormat::kSynth4d;
  if (name == "vlm4d-real") return BenchmarkFormat::kVlm4dReal;
  if (name == "vlm4d-synthetic") return BenchmarkFormat::kVlm4dSynthetic;
  return MakeError(ErrorCode::kInvalidArgument,
                   fmt::format("unknown benchmark format `{}` (expected auto, synth4d, vlm4d-real "
                               "or vlm4d-synthetic)",
                               name));
}

const char* BenchmarkFormatName(BenchmarkFormat format) {
  switch (format) {
    case BenchmarkFormat::kAuto:
      return "auto";
    case BenchmarkFormat::kSynth4d:
      return "synth4d";
    case BenchmarkFormat::kVlm4dReal:
      return "vlm4d-real";
    case BenchmarkFormat::kVlm4dSynthetic:
      return "vlm4d-synthetic";
  }
  return "unknown";
}

std::vector<Option> RotatedOptions(const McqItem& item, int k) {
  const int n = static_cast<int>(item.options.size());
  SYNTH4D_CHECK(k >= 0 && k < n) << "rotation " << k << " of " << n << " options";
  std::vector<Option> shown(item.options.size());
  for (int i = 0; i < n; ++i) {
    shown[i].label = static_cast<char>('A' + i);
    shown[i].text = item.options[(i + k) % n].text;
  }
  return shown;
}

int OriginalIndex(int shown, int k, int n_options) { return (shown + k) % n_options; }

namespace {

// The numeric part of a VLM4D id ("validation_923" -> 923), or -1.
long TrailingNumber(const std::string& id) {
  size_t start = id.size();
  while (start > 0 && std::isdigit(static_cast<unsigned char>(id[start - 1]))) --start;
  if (start == id.size() || id.size() - start > 9) return -1;
  return std::stol(id.substr(start));
}

BenchmarkFormat DetectFormat(const std::filesystem::path& path,
                             const std::vector<internal::JsonRecord>& records) {
  const std::string stem = path.stem().string();
  if (stem.rfind("real_mc", 0) == 0) return BenchmarkFormat::kVlm4dReal;
  if (stem.rfind("synthetic_mc", 0) == 0) return BenchmarkFormat::kVlm4dSynthetic;
  for (const internal::JsonRecord& record : records) {
    const auto video = record.value.find("video");
    if (video == record.value.end() || !video->is_string()) continue;
    const std::string& v = video->get_ref<const std::string&>();
    if (v.find("videos_real/") != std::string::npos) return BenchmarkFormat::kVlm4dReal;
    if (v.find("videos_synthetic/") != std::string::npos) return BenchmarkFormat::kVlm4dSynthetic;
  }
  return BenchmarkFormat::kSynth4d;
}

core::Result<McqItem> ReadItem(const json& record, const std::string& where_in) {
  std::string where = where_in;
  McqItem item;
  SYNTH4D_ASSIGN_OR_RETURN(item.id, internal::RequiredText(record, "id", where));
  where += " (id " + item.id + ")";
  SYNTH4D_ASSIGN_OR_RETURN(item.question, internal::RequiredText(record, "question", where));
  SYNTH4D_ASSIGN_OR_RETURN(std::optional<std::string> video,
                           internal::OptionalText(record, "video", where));
  item.video = video.value_or("");
  SYNTH4D_ASSIGN_OR_RETURN(std::optional<std::string> type,
                           internal::OptionalText(record, "question_type", where));
  if (type && *type != "multiple-choice") {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("{}: field `question_type`: expected \"multiple-choice\", found "
                                 "\"{}\"",
                                 where, *type));
  }
  SYNTH4D_ASSIGN_OR_RETURN(item.options, internal::ReadChoices(record, where));
  SYNTH4D_ASSIGN_OR_RETURN(std::optional<std::string> answer,
                           internal::ReadAnswerText(record, "answer", where));
  SYNTH4D_ASSIGN_OR_RETURN(std::optional<std::string> letter,
                           internal::OptionalText(record, "answer_letter", where));
  if (letter) {
    const int index = letter->size() == 1 ? (*letter)[0] - 'A' : -1;
    if (index < 0 || index >= static_cast<int>(item.options.size())) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("{}: field `answer_letter`: \"{}\" is not one of the option "
                                   "labels A..{}",
                                   where, *letter, item.options.back().label));
    }
    item.correct = internal::OptionsWithText(item.options, item.options[index].text);
    if (answer && internal::OptionsWithText(item.options, *answer) != item.correct) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("{}: field `answer`: \"{}\" is not the text of answer_letter "
                                   "{} (\"{}\")",
                                   where, *answer, *letter, item.options[index].text));
    }
    item.answer_text = item.options[index].text;
  } else if (answer) {
    item.correct = internal::OptionsWithText(item.options, *answer);
    if (item.correct.empty()) {
      return MakeError(
          ErrorCode::kInvalidArgument,
          fmt::format("{}: field `answer`: \"{}\" matches none of the options", where, *answer));
    }
    item.answer_text = item.options[item.correct.front()].text;
  } else {
    return MakeError(ErrorCode::kInvalidArgument,
                     where + ": missing field `answer` (the option text) or `answer_letter`");
  }
  SYNTH4D_ASSIGN_OR_RETURN(std::optional<std::string> category,
                           internal::OptionalText(record, "category", where));
  SYNTH4D_ASSIGN_OR_RETURN(std::optional<std::string> template_id,
                           internal::OptionalText(record, "template_id", where));
  SYNTH4D_ASSIGN_OR_RETURN(std::optional<std::string> split,
                           internal::OptionalText(record, "split", where));
  SYNTH4D_ASSIGN_OR_RETURN(std::optional<std::string> pair_id,
                           internal::OptionalText(record, "pair_id", where));
  item.category = category.value_or("");
  item.template_id = template_id.value_or("");
  item.split = split.value_or("");
  item.pair_id = pair_id.value_or("");
  if (record.contains("video_end_frame")) {
    const auto& end = record["video_end_frame"];
    if (!end.is_number_integer() || end.get<int64_t>() < 0) {
      return MakeError(ErrorCode::kInvalidArgument,
                       where + ": field `video_end_frame` must be a non-negative integer");
    }
    item.video_end_frame = end.get<int64_t>();
  }
  return item;
}

// VLM4D's categories, recovered as its scorer does (docs/evaluator.md).
void ApplyVlm4dCategory(BenchmarkFormat format, McqItem& item) {
  if (format == BenchmarkFormat::kVlm4dReal) {
    item.category = TrailingNumber(item.id) > 922 ? "ego-centric" : "exo-centric";
    item.split = "real";
  } else if (format == BenchmarkFormat::kVlm4dSynthetic) {
    std::string answer = internal::NormalizeAnswerText(item.answer_text);
    const bool fp = answer == "no" || answer.rfind("no ", 0) == 0;
    item.category = fp ? "false-positive" : "directional";
    item.split = "synthetic";
  }
}

}  // namespace

core::Result<Benchmark> LoadBenchmark(const std::filesystem::path& path, BenchmarkFormat format) {
  SYNTH4D_ASSIGN_OR_RETURN(std::vector<internal::JsonRecord> records,
                           internal::ReadJsonRecords(path));
  Benchmark benchmark;
  benchmark.path = path;
  benchmark.format = format == BenchmarkFormat::kAuto ? DetectFormat(path, records) : format;
  switch (benchmark.format) {
    case BenchmarkFormat::kVlm4dReal:
      benchmark.name = "real";
      break;
    case BenchmarkFormat::kVlm4dSynthetic:
      benchmark.name = "synthetic";
      break;
    default:
      benchmark.name = path.stem().string();
      break;
  }
  if (records.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, path.string() + ": no benchmark items");
  }
  std::unordered_map<std::string, std::string> seen;
  for (const internal::JsonRecord& record : records) {
    SYNTH4D_ASSIGN_OR_RETURN(McqItem item, ReadItem(record.value, record.where));
    ApplyVlm4dCategory(benchmark.format, item);
    const auto [it, inserted] = seen.emplace(item.id, record.where);
    if (!inserted) {
      return MakeError(
          ErrorCode::kInvalidArgument,
          fmt::format("{}: duplicate id `{}` (first at {})", record.where, item.id, it->second));
    }
    benchmark.items.push_back(std::move(item));
  }
  return benchmark;
}

}  // namespace synth4d::evaluator
