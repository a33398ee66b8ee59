#pragma once
// Model predictions: one record per (question id, rotation) with the model's free-text reply.
// Read from JSONL or a JSON array; VLM4D's result files (id, response, ...) read as they are.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/evaluator/benchmark.h"

namespace synth4d::evaluator {

// The answer key a record carries itself: some published result files hold their own question,
// choices and answer, which may differ from the current benchmark file.
struct AnswerKey {
  std::string question;  // empty when the record has none
  std::vector<Option> choices;
  std::vector<int> correct;  // indices into `choices` whose text is the answer
  std::string answer_text;
};

// One reply. `rotation` k means the options were shown rotated by k (benchmark.h
// RotatedOptions); 0 is the original order. `error` is set when no reply could be obtained
// (the runner records non-retryable API errors this way); `response` is then empty.
struct Prediction {
  std::string id;
  int rotation = 0;
  std::string response;
  std::string model;
  std::string error;
  std::optional<AnswerKey> key;  // set when the record carries `choices` and an answer
};

// The predictions of one file. `model` is the file's model name: the records' `model` field when
// they agree, else the file stem.
struct PredictionSet {
  std::filesystem::path path;
  std::string model;
  std::vector<Prediction> predictions;
};

// Reads predictions: fields `id` (string or integer), `response` (or `prediction`, a string;
// may be absent when `error` is present), optional `rotation` (integer >= 0), `model`, `error`.
// A record with `choices` and `answer` (or `ground_truth_answer`) carries its own answer key; its
// answer must name one of its choices. Other fields are ignored. A later record for the same (id,
// rotation) replaces an earlier one, except that an error never replaces a reply. Errors name the
// file and line or record index.
core::Result<PredictionSet> LoadPredictions(const std::filesystem::path& path);

}  // namespace synth4d::evaluator
