#pragma once
// Private: strips the wrappers models put around an answer before the extraction rules read it.
#include <string>
#include <string_view>

namespace synth4d::evaluator::internal {

// `text` without leading and trailing whitespace.
std::string Trim(std::string_view text);

// Removes <think>/<thinking>/<reasoning> blocks (or all before a lone closing tag), keeps the last
// <answer>...</answer>, drops ``` fences, unwraps a JSON object's answer/choice field, rewrites
// \boxed{X} as "final answer: X", drops \text{} and `$`, and removes markdown emphasis.
std::string NormalizeReply(std::string_view response);

}  // namespace synth4d::evaluator::internal
