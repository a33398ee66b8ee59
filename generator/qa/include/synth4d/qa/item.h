#pragma once
// QaItem: one multiple-choice question about one clip, and its qa.jsonl form. The JSON object is a
// superset of VLM4D's (id, video, question_type, question, choices, answer as option text). Every
// field has one JSON type in every item (choices and answers are strings, counts included; evidence
// is lists of {name, value} records), so Arrow-based loaders infer one schema; docs/qa-templates.md
// ("Item schema").
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "synth4d/core/result.h"

namespace synth4d::qa {

// What a predicate measured to reach its answer: the frames it compared and named values, in the
// order the predicate added them (numbers are rounded to 1e-3 when written).
struct Evidence {
  std::vector<int> frames;
  std::vector<std::pair<std::string, std::vector<double>>> numbers;
  std::vector<std::pair<std::string, std::string>> words;

  // Appends a named list of numbers (one per evidence frame, or a single value).
  void Add(std::string name, std::vector<double> values);
  // Appends a named word ("red_cube", "left").
  void AddWord(std::string name, std::string value);
  // The numbers called `name`, or nullptr.
  const std::vector<double>* Find(std::string_view name) const;
};

struct QaItem {
  std::string id;  // "<clip key>_<template id>_<n>": letters, digits, '_' and '-'
  std::string clip_key;
  std::string video;  // path of the video relative to the qa.jsonl ("<clip key>.mp4")
  std::string question;
  std::vector<std::string> options;  // option texts in letter order (A, B, ...)
  int answer_index = 0;              // index of the correct option
  std::string answer_value;          // the predicate's value: "left", "2", an object name, "absent"
  std::string answer_kind;           // "value", "count", "object" (names an object) or "absent"
  std::string category;
  std::string template_id;
  std::string frame_of_reference;
  std::vector<std::string> objects;  // names (truth ObjectInfo::name) of the objects referred to
  Evidence evidence;
  std::string rationale;              // computed from the truth; JSON adds " Answer: X."
  double pixel_speed = 0.0;           // on-screen speed of the measured motion, px/s (0: none)
  double min_visible_fraction = 0.0;  // lowest visible fraction over the evidence frames
  int min_frames = 0;                 // fewest uniformly sampled frames that give the same answer
  std::string visibility;             // "rendered" (id buffers) or "geometric" (projection only)
  std::string pair_id;                // contrast pair, empty when unpaired
  int video_end_frame = -1;           // >= 0: show only frames [0, video_end_frame) (held back)

  // The letter of the correct option ('A' + answer_index).
  char AnswerLetter() const { return static_cast<char>('A' + answer_index); }
  // The text of the correct option.
  const std::string& AnswerText() const { return options.at(answer_index); }
};

// One item as a single JSON line (no newline), keys in the documented order.
std::string ToJsonLine(const QaItem& item);

// Items as JSONL: one line each, in the given order, each ending with '\n'.
std::string ToJsonl(const std::vector<QaItem>& items);

// Parses qa.jsonl text. Errors name `source`, the line and the field ("qa.jsonl:3 choices: ...").
core::Result<std::vector<QaItem>> ParseJsonl(std::string_view text, const std::string& source);

// Reads and parses a qa.jsonl file; kNotFound when it is missing.
core::Result<std::vector<QaItem>> ReadJsonl(const std::filesystem::path& path);

}  // namespace synth4d::qa
