#pragma once
// Prompts for live runs: VLM4D's chain-of-thought and direct-answer prompts as presets, or a
// template file with {question}, {options} and {letters} placeholders.
#include <string>
#include <string_view>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/evaluator/benchmark.h"

namespace synth4d::evaluator {

struct PromptTemplate {
  std::string name;  // "cot", "direct" or the file path
  std::string text;  // with {question}, {options} ("A: text" lines), {letters} ("A or B or C")
};

// "cot" and "direct" give VLM4D's prompts (vlm4d.md §4); anything else is read as a template
// file. kNotFound for a missing file; kInvalidArgument when it lacks {question} or {options}.
core::Result<PromptTemplate> LoadPrompt(std::string_view spec);

// The user text for one question with its options as shown.
std::string RenderPrompt(const PromptTemplate& prompt, std::string_view question,
                         const std::vector<Option>& shown);

}  // namespace synth4d::evaluator
