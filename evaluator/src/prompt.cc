#include "synth4d/evaluator/prompt.h"

#include "synth4d/core/file.h"

namespace synth4d::evaluator {

namespace {

// VLM4D's utils/constant.py prompts with its $question / $optionized_str / $LETTER slots mapped
// to ours; "(A or B or C or D)" becomes {letters} so other option counts read naturally.
constexpr char kCot[] =
    "\nQuestion: {question}\n{options}\n\nAnswer the given multiple-choice question step by step. "
    "Begin by explaining your reasoning process clearly. In the last sentence of your response, "
    "you must conclude by stating the final answer using the following format: 'Therefore, the "
    "final answer is: $LETTER' (without quotes), where $LETTER must be only one of the options "
    "({letters}). Think step by step before answering.";
constexpr char kDirect[] =
    "\nQuestion: {question}\n{options}\n\nDo not generate any intermediate reasoning process. "
    "Answer directly with the option letter from the given choices.\n";

}  // namespace

core::Result<PromptTemplate> LoadPrompt(std::string_view spec) {
  if (spec == "cot") return PromptTemplate{"cot", kCot};
  if (spec == "direct") return PromptTemplate{"direct", kDirect};
  const std::string path(spec);
  SYNTH4D_ASSIGN_OR_RETURN(std::string text, core::ReadFile(path));
  if (text.find("{question}") == std::string::npos || text.find("{options}") == std::string::npos) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           path +
                               ": a prompt template needs the placeholders {question} and "
                               "{options} (and may use {letters}); or use --prompt cot|direct");
  }
  return PromptTemplate{path, std::move(text)};
}

std::string RenderPrompt(const PromptTemplate& prompt, std::string_view question,
                         const std::vector<Option>& shown) {
  std::string options;
  std::string letters;
  for (size_t i = 0; i < shown.size(); ++i) {
    if (i > 0) {
      options += "\n";
      letters += " or ";
    }
    options += std::string(1, shown[i].label) + ": " + shown[i].text;
    letters += shown[i].label;
  }
  // One pass over the template, so braces inside the question or options are left alone.
  const std::string_view slots[3][2] = {
      {"{question}", question}, {"{options}", options}, {"{letters}", letters}};
  std::string text;
  const std::string& t = prompt.text;
  for (size_t i = 0; i < t.size();) {
    bool filled = false;
    for (const auto& [name, value] : slots) {
      if (t.compare(i, name.size(), name) == 0) {
        text += value;
        i += name.size();
        filled = true;
        break;
      }
    }
    if (!filled) text += t[i++];
  }
  return text;
}

}  // namespace synth4d::evaluator
