#include "qa_test_util.h"

#include <gtest/gtest.h>

namespace synth4d::qa::testing {

const std::vector<Template>& ShippedTemplates() {
  static const std::vector<Template> all = [] {
    auto loaded = LoadTemplates(std::string(SYNTH4D_SOURCE_DIR) + "/qa_templates");
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.error().ToString();
      return std::vector<Template>{};
    }
    return std::move(loaded).value();
  }();
  return all;
}

Template Shipped(const std::string& id) {
  for (const Template& t : ShippedTemplates()) {
    if (t.id == id) return t;
  }
  ADD_FAILURE() << "no shipped template " << id;
  return {};
}

Evaluation Eval(const truth::VideoTruth& truth, const Template& tmpl, std::vector<int> objects,
                const QaOptions& options) {
  for (Evaluation& e : EvaluateTemplate(truth, tmpl, options)) {
    if (e.objects == objects) return e;
  }
  ADD_FAILURE() << "no evaluation for these objects";
  return {};
}

std::string ValueOf(const Evaluation& e) {
  if (const Answer* a = std::get_if<Answer>(&e.outcome)) return a->value;
  return "refused: " + std::get<Refusal>(e.outcome).reason;
}

const Answer& AnswerOf(const Evaluation& e) {
  static const Answer none;
  const Answer* a = std::get_if<Answer>(&e.outcome);
  EXPECT_NE(a, nullptr) << ValueOf(e);
  return a ? *a : none;
}

}  // namespace synth4d::qa::testing
