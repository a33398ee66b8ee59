#pragma once
// Question templates (qa_templates/*.yaml, one template per file; format in docs/qa-templates.md):
// id, category, frame of reference, paraphrases, predicate + parameters, answer texts, distractor
// policy, conditions and option count, validated with located errors.
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/qa/params.h"

namespace synth4d::qa {

// The text shown for one answer value ("toward" -> "toward the camera").
struct AnswerText {
  std::string value;
  std::string text;
};

// Where wrong options come from: other vocabulary values, other objects of the scene, or counts
// near the right one.
enum class DistractorPolicy { kVocabulary, kSceneObjects, kNearbyCounts };

struct Template {
  std::string id;        // [a-z0-9_]+, unique
  std::string category;  // docs/qa-templates.md, "Categories"
  std::string
      frame_of_reference;  // "camera", "screen", "object", "world_above", "world", "camera_ego"
  std::vector<std::string> paraphrases;  // with placeholders {object}, {object2}, ...
  std::string predicate;
  Params params;                    // predicate parameters and conditions, defaults filled in
  std::vector<AnswerText> answers;  // the values this template asks about, with their texts
  DistractorPolicy distractors = DistractorPolicy::kVocabulary;
  int num_options = 0;         // 0: QaOptions::num_options
  int max_per_clip = 1;        // questions from this template per clip
  double hold_back_s = 0.0;    // seconds withheld at the end of the video (prediction)
  bool false_premise = false;  // may be asked about an absent object
  std::string absent_text;     // option naming the absent object: "there is no {object} ..."
  bool pairable = false;       // `mirror` given: asked again on mirrored twins
  std::vector<std::pair<std::string, std::string>> mirror;  // value -> value in a mirrored twin
  std::string source;                                       // the file it was read from

  // The text of answer `value`, or nullptr when the template does not ask about it.
  const AnswerText* FindAnswer(std::string_view value) const;
  // The value `value` becomes in a mirrored twin (itself unless `mirror` maps it).
  std::string MirrorValue(const std::string& value) const;
};

// Parses one template; `source` names the file in errors ("qa_templates/x.yaml:4:3 field: ...").
// Unknown keys, wrong types, out-of-range values and unknown predicates are errors; all problems
// of a file are reported together as issues of one kInvalidArgument error.
core::Result<Template> ParseTemplate(std::string_view yaml, const std::string& source);

// Loads every *.yaml in `dir` (sorted by id). kNotFound for a missing directory; duplicate ids and
// any file's problems give kInvalidArgument with all issues.
core::Result<std::vector<Template>> LoadTemplates(const std::filesystem::path& dir);

}  // namespace synth4d::qa
