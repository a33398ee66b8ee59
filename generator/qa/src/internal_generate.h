#pragma once
// Private parts of question generation shared with contrast.cc.
#include <string>
#include <vector>

#include "synth4d/core/rng.h"
#include "synth4d/qa/generate.h"

namespace synth4d::qa::internal {

// Frames shown to the viewer: all but the template's held-back end.
int ShownEnd(const truth::VideoTruth& t, const Template& tmpl);

// Evaluates `tmpl` for the referred `objects` on every shown frame and on uniformly sampled
// frames (min_frames); refusals say why the question may not be asked.
Evaluation EvaluateSubjects(const truth::VideoTruth& t, const Template& tmpl,
                            const PredicateInfo& pred, const std::vector<int>& objects,
                            const std::vector<std::string>& names, const QaOptions& options);

// The item for an answered evaluation (id and clip fields included, question and options drawn
// from `rng`); `index` numbers the template's items in the clip.
QaItem MakeItem(const truth::VideoTruth& t, const Template& tmpl, const PredicateInfo& pred,
                const Evaluation& eval, const std::vector<std::string>& names,
                const QaOptions& options, core::Rng rng, int index);

// The random stream of one question: the clip seed derived by template id and referred objects.
core::Rng ItemRng(const truth::VideoTruth& t, const std::string& template_id,
                  const std::vector<int>& objects);

}  // namespace synth4d::qa::internal
