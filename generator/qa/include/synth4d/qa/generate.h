#pragma once
// Question generation for one clip: templates x VideoTruth -> QA items (answers from truth only).
#include <string>
#include <vector>

#include "synth4d/qa/item.h"
#include "synth4d/qa/predicate.h"
#include "synth4d/qa/template.h"
#include "synth4d/truth/video_truth.h"

namespace synth4d::qa {

struct QaOptions {
  int num_options = 4;              // options per question unless the template says otherwise
  int max_frames = 8;               // the answer must be readable from this many sampled frames
  double false_premise_rate = 0.1;  // share of false-premise items (VLM4D: about 10%)
  // Real questions of false-premise templates that also offer a wrong "there is no X" option, so
  // that option is more often wrong than right (docs/qa-templates.md, "False premises").
  double absent_distractor_rate = 0.3;
  std::string video;  // the items' `video`; empty = "<clip key>.mp4"
  // The clip gets a mirrored twin (GenerateTwinQa): questions whose answer flips under the mirror
  // also offer the flipped answer, so the twin can ask them with identical choices.
  bool contrast_pairs = false;
};

// One template applied to one tuple of referred objects.
struct Evaluation {
  std::string template_id;
  std::vector<int> objects;  // referred objects
  Outcome outcome;           // the answer on every frame, or why the question is refused
  int min_frames = 0;  // fewest uniformly sampled frames giving the same answer (answers only)
};

// Applies `tmpl` to every tuple of distinct objects the predicate takes (answers and refusals,
// including "not readable from max_frames frames"), in tuple order.
std::vector<Evaluation> EvaluateTemplate(const truth::VideoTruth& truth, const Template& tmpl,
                                         const QaOptions& options);

// The clip's questions: up to max_per_clip per template, plus false-premise items. Deterministic:
// every random choice comes from core::Rng(clip seed) derived by template id and referred objects,
// so an item never depends on the other templates or their order.
std::vector<QaItem> GenerateQa(const truth::VideoTruth& truth,
                               const std::vector<Template>& templates, const QaOptions& options);

}  // namespace synth4d::qa
