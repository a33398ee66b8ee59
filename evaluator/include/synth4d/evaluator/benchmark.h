#pragma once
// Multiple-choice benchmarks: synth4d's qa.json / qa.jsonl and VLM4D's real_mc.json /
// synthetic_mc.json, read into one item model (docs/evaluator.md, "Benchmarks").
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "synth4d/core/result.h"

namespace synth4d::evaluator {

// One answer option: its label ('A', 'B', ...) and its text (numbers become their decimal text).
struct Option {
  char label = 'A';
  std::string text;
};

// One multiple-choice question. `correct` lists the indices into `options` that are right: one
// index, or several when two options carry the same text (VLM4D has such a record).
struct McqItem {
  std::string id;
  std::string video;  // as written in the file (relative path or URL)
  std::string question;
  std::vector<Option> options;
  std::vector<int> correct;
  std::string answer_text;  // the ground-truth option text
  std::string category;     // empty when unknown
  std::string template_id;  // empty when unknown
  std::string split;        // empty when unknown
  std::string pair_id;      // empty when the item is not part of a pair
  int64_t video_end_frame = -1;  // >= 0: only frames [0, video_end_frame) may be shown (held back)
};

enum class BenchmarkFormat {
  kAuto,            // detect from the file name and the video paths
  kSynth4d,         // synth4d qa.json / qa.jsonl
  kVlm4dReal,       // VLM4D real_mc.json: ego-centric when the numeric id > 922, else exo-centric
  kVlm4dSynthetic,  // VLM4D synthetic_mc.json: false-positive when the answer is "no ..."
};

// Parses "auto", "synth4d", "vlm4d-real", "vlm4d-synthetic"; kInvalidArgument otherwise.
core::Result<BenchmarkFormat> ParseBenchmarkFormat(std::string_view name);

// The stable name of `format` ("synth4d", "vlm4d-real", ...).
const char* BenchmarkFormatName(BenchmarkFormat format);

// A loaded benchmark file. `name` is the split name used when several files are scored together
// ("real", "synthetic", or the file stem).
struct Benchmark {
  std::filesystem::path path;
  BenchmarkFormat format = BenchmarkFormat::kSynth4d;
  std::string name;
  std::vector<McqItem> items;
};

// Reads a JSON array or JSONL benchmark file. Fails with kNotFound for a missing file and with
// kInvalidArgument naming the file, the line (JSONL) or item index, and the field that is wrong.
core::Result<Benchmark> LoadBenchmark(const std::filesystem::path& path,
                                      BenchmarkFormat format = BenchmarkFormat::kAuto);

// The options of `item` as shown in rotation `k` (VLMEvalKit's circular order): displayed option
// i carries original option (i + k) mod n; labels stay A, B, ... Requires 0 <= k < n.
std::vector<Option> RotatedOptions(const McqItem& item, int k);

// The original option index shown at displayed index `shown` in rotation `k`.
int OriginalIndex(int shown, int k, int n_options);

}  // namespace synth4d::evaluator
