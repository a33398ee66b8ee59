#pragma once
// Deterministic answer extraction: which option a model's free-text reply chose, or none.
// No random guessing and no LLM; the rules are listed in docs/evaluator.md ("Answer extraction").
#include <string>
#include <string_view>
#include <vector>

#include "synth4d/evaluator/benchmark.h"

namespace synth4d::evaluator {

enum class ExtractStatus {
  kAnswered,  // one option was chosen
  kInvalid,   // no option, or an ambiguous / self-contradicting one
  kApiError,  // the reply is an API-failure sentinel, not a model answer
};

// The result of reading one reply. `rule` names the rule that decided (e.g. "declared",
// "leading_label", "option_text") or why nothing was read ("ambiguous", "conflict", "no_answer").
struct Extraction {
  ExtractStatus status = ExtractStatus::kInvalid;
  int index = -1;  // into the options shown to the model; -1 unless kAnswered
  std::string rule;

  // The chosen label ('A', ...) or '\0'.
  char letter() const { return index >= 0 ? static_cast<char>('A' + index) : '\0'; }
};

// Reads `response` against the `options` shown to the model (labels A.. in order). `question`
// (may be empty) lets option words that only restate the question be told from the answer.
Extraction ExtractAnswer(std::string_view response, const std::vector<Option>& options,
                         std::string_view question = {});

// Reads a bare label reply ("B", "(C)", "Answer: D", "Z") for `n_options` labels; used for judge
// replies. Returns kInvalid with rule "none_of_the_options" for Z.
Extraction ExtractLabelOnly(std::string_view response, int n_options);

}  // namespace synth4d::evaluator
