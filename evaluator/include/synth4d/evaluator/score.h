#pragma once
// Scoring: predictions x benchmark -> per-item outcomes and accuracy per category, template,
// split and answer value, with circular evaluation and pair consistency when the data has them.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "synth4d/evaluator/benchmark.h"
#include "synth4d/evaluator/extract.h"
#include "synth4d/evaluator/judge.h"
#include "synth4d/evaluator/predictions.h"
#include "synth4d/evaluator/stats.h"

namespace synth4d::evaluator {

// One asked question: a (benchmark item, rotation) and what was read from the reply.
struct AttemptOutcome {
  bool present = false;  // a prediction exists
  std::string response;
  std::string error;        // the prediction's recorded API error, if any
  Extraction extraction;    // against the options as shown in this rotation
  int original_index = -1;  // the chosen option in the original order, -1 if none
  bool correct = false;
};

// One benchmark item and its outcome. `attempts[k]` is rotation k; there is one attempt unless
// the item's benchmark was scored circularly (one per option).
struct ScoredItem {
  std::string id;
  std::string split;
  std::string category;
  std::string template_id;
  std::string pair_id;
  std::string answer_text;
  std::vector<int> correct_options;
  int n_options = 0;
  std::vector<AttemptOutcome> attempts;

  // Rotation 0 was answered correctly.
  bool Correct() const { return !attempts.empty() && attempts[0].correct; }
  // Every rotation was answered correctly.
  bool CircularCorrect() const;
};

// What was scored from one benchmark file.
struct BenchmarkSummary {
  std::string path;
  std::string predictions_path;
  std::string format;
  std::string split;
  int items = 0;
  int predictions = 0;
  int unmatched_predictions = 0;  // ids (or rotations) the benchmark does not have
  int own_keys = 0;               // scored items whose prediction carried its own answer key
  int stale_keys = 0;             // ... whose key's choices or answer differ from the benchmark's
  bool circular = false;
};

// Accuracy per group value; empty group keys ("" category) are left out.
using GroupTable = std::map<std::string, GroupStats>;

struct PairStats {
  int pairs = 0;       // pair ids with at least two items
  int consistent = 0;  // pairs whose members are all right
  // consistent / pairs in percent.
  double Accuracy() const { return pairs > 0 ? 100.0 * consistent / pairs : 0.0; }
};

struct JudgeSummary {
  bool used = false;
  int asked = 0;     // unreadable replies sent to the judge
  int resolved = 0;  // replies the judge mapped to an option
  int failed = 0;    // judge calls that failed (the reply stays invalid)
};

struct Scorecard {
  std::string model;
  std::vector<BenchmarkSummary> benchmarks;
  std::vector<ScoredItem> items;
  GroupStats overall;
  GroupTable by_category;
  GroupTable by_template;
  GroupTable by_split;
  GroupTable by_answer;
  bool circular = false;  // some benchmark had rotated predictions
  GroupStats circular_overall;
  GroupTable circular_by_category;
  std::optional<PairStats> pairs;
  std::map<std::string, int> rules;  // extraction rule -> count over all attempts
  JudgeSummary judge;
};

// One benchmark file and the predictions made for it (ids are matched within the pair).
struct ScoreInput {
  const Benchmark* benchmark = nullptr;
  const PredictionSet* predictions = nullptr;
};

// Scores each input on its own and aggregates them (micro-averaged). A benchmark is scored
// circularly when any of its predictions has rotation > 0; a question then counts only if every
// rotation is right. Missing predictions count as invalid. A prediction that carries its own
// answer key (predictions.h) is scored against that key, not the benchmark's. `judge` (may be null)
// is asked only about replies the rules could not read.
Scorecard Score(const std::vector<ScoreInput>& inputs, AnswerJudge* judge = nullptr);

}  // namespace synth4d::evaluator
