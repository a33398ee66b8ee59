#pragma once
// Private: the `choices` / `answer` fields shared by benchmark items and by prediction records that
// carry their own answer key.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/evaluator/benchmark.h"

namespace synth4d::evaluator::internal {

// The record's `choices` object {"A": text, ...}: 2 to 26 consecutive labels from A, string or
// number values. Fails with kInvalidArgument "where: field `choices`...".
core::Result<std::vector<Option>> ReadChoices(const nlohmann::json& record,
                                              const std::string& where);

// The answer field `key` as text: a string, or a JSON number written as VLM4D's counting answers
// are; nullopt when absent or null. Other types fail with kInvalidArgument.
core::Result<std::optional<std::string>> ReadAnswerText(const nlohmann::json& record,
                                                        const char* key, const std::string& where);

// Every option whose normalised text equals the normalised `text`.
std::vector<int> OptionsWithText(const std::vector<Option>& options, const std::string& text);

}  // namespace synth4d::evaluator::internal
