#pragma once
// Predicates: C++ functions, registered by name, that compute a question's answer from the truth.
// Each takes the truth, a template's parameters, the referred objects and the frames a viewer
// sees, and returns either an Answer (value, evidence, rationale, difficulty) or a Refusal saying
// why the question must not be asked. docs/qa-templates.md describes every predicate.
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "synth4d/qa/item.h"
#include "synth4d/qa/params.h"
#include "synth4d/truth/video_truth.h"

namespace synth4d::qa {

// What a predicate's answer is: a word of the template's vocabulary, a count, or an object.
enum class AnswerKind { kValue, kCount, kObject };

struct Answer {
  std::string value;  // kValue: vocabulary value; kCount: decimal count; kObject: object name or a
                      // special value of the predicate ("nothing")
  int object = -1;    // kObject: index of the answer object (-1 for a special value)
  std::vector<int> distractor_objects;             // kObject: objects that make wrong options
  std::vector<std::pair<std::string, int>> slots;  // extra placeholders filled with an object
  int max_count = 0;                               // kCount: largest plausible count
  Evidence evidence;
  std::string rationale;              // sentences computed from the truth, without "Answer: X."
  double pixel_speed = 0.0;           // px/s of the measured motion (difficulty)
  double min_visible_fraction = 1.0;  // over the evidence frames (difficulty)
};

struct Refusal {
  std::string reason;
};

using Outcome = std::variant<Answer, Refusal>;

// Everything a predicate may read.
struct PredicateContext {
  const truth::VideoTruth& truth;
  const Params& params;
  std::vector<int> objects;        // the referred objects (indices into truth.objects)
  std::vector<int> frames;         // the frames the viewer sees, ascending, all < shown_end
  int shown_end = 0;               // frames >= shown_end are held back (what happens next)
  std::vector<std::string> names;  // referring expression of each object, "" when not unique
};

using PredicateFn = Outcome (*)(const PredicateContext&);

struct PredicateInfo {
  std::string name;
  std::string doc;         // one line
  int arity = 1;           // number of referred objects
  bool unordered = false;  // the first two referred objects play the same role
  AnswerKind kind = AnswerKind::kValue;
  std::vector<std::string> values;  // kValue: every value; kObject: special values
  std::vector<std::string> slots;   // placeholders the predicate fills ("platform")
  bool hold_back = false;           // needs a held-back end of the clip (template hold_back_s)
  std::vector<ParamSpec> params;    // parameters and conditions, with defaults
  PredicateFn fn = nullptr;
};

// Every registered predicate, sorted by name.
const std::vector<PredicateInfo>& Predicates();

// The predicate called `name`, or nullptr.
const PredicateInfo* FindPredicate(std::string_view name);

}  // namespace synth4d::qa
