#pragma once
// `synth4d export`: a dataset's balanced questions as supervised fine-tuning files in the formats
// of LLaVA, LLaMA-Factory, Qwen-VL (qwen-vl-finetune) and InternVL (docs/datasets.md). Media are
// written under OUT and referred to by paths relative to OUT: videos, or sampled JPEG frames.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/qa/item.h"

namespace synth4d::shard {

enum class SftFormat { kLlava, kLlamaFactory, kQwen, kInternVl };

// Parses "llava", "llamafactory", "qwen", "internvl"; kInvalidArgument otherwise.
core::Result<SftFormat> ParseSftFormat(std::string_view name);

// The format's name as ParseSftFormat reads it.
const char* SftFormatName(SftFormat format);

struct ExportOptions {
  SftFormat format = SftFormat::kLlava;
  std::vector<std::string> splits;  // empty: every split except test and the held-out split
  bool rationale = false;           // answer: the rationale ending "Answer: X." (else the letter)
  int frames = 0;  // 0: video files; N > 0: N sampled JPEG frames (LLaMA-Factory: as one video)
  bool balance_categories = false;  // keep as many questions of each category as the rarest has
  int max_per_category = 0;         // > 0: at most this many questions per category and split
  std::string name = "synth4d";     // dataset name in registries (dataset_info.json, meta files)
  int jpeg_quality = 90;
};

struct ExportSummary {
  int records = 0;
  int videos = 0;                  // video files written (including trimmed ones)
  int frames = 0;                  // frame files written
  std::vector<std::string> files;  // annotation and registry files, relative to OUT
};

// The user turn of `item`: question, options "A. text" one per line, and the instruction.
std::string PromptText(const qa::QaItem& item, bool rationale);

// The assistant turn: the letter, or the rationale ending with " Answer: X.".
std::string AnswerText(const qa::QaItem& item, bool rationale);

// Keeps at most `cap` questions per category (those with the lowest hash of their id), in order.
std::vector<qa::QaItem> CapCategories(std::vector<qa::QaItem> items, int cap);

// Writes the export of dataset `dataset` into `out`. kInvalidArgument for an unknown split or a
// dataset that is not finalized; errors of the shard reader, video decoder and encoder otherwise.
core::Result<ExportSummary> ExportSft(const std::filesystem::path& dataset,
                                      const std::filesystem::path& out,
                                      const ExportOptions& options);

}  // namespace synth4d::shard
