#pragma once
// Helpers for QA tests: the shipped templates and single evaluations.
#include <string>
#include <vector>

#include "synth4d/qa/generate.h"
#include "synth4d/qa/template.h"

namespace synth4d::qa::testing {

// Every template in qa_templates/ (fails the test when they do not load).
const std::vector<Template>& ShippedTemplates();

// The shipped template `id`.
Template Shipped(const std::string& id);

// The evaluation of `tmpl` for the referred `objects`.
Evaluation Eval(const truth::VideoTruth& truth, const Template& tmpl, std::vector<int> objects,
                const QaOptions& options = {});

// The answer value, or "refused: <reason>".
std::string ValueOf(const Evaluation& e);

// The answer of an evaluation that must have one.
const Answer& AnswerOf(const Evaluation& e);

}  // namespace synth4d::qa::testing
