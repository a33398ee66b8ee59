#include "internal_choices.h"

#include <fmt/format.h>

#include "internal_text.h"

namespace synth4d::evaluator::internal {

using core::ErrorCode;
using core::MakeError;
using nlohmann::json;

core::Result<std::vector<Option>> ReadChoices(const json& record, const std::string& where) {
  const auto it = record.find("choices");
  if (it == record.end() || !it->is_object()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     where +
                         ": field `choices`: expected an object of option texts keyed "
                         "\"A\", \"B\", ...");
  }
  if (it->size() < 2 || it->size() > 26) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        fmt::format("{}: field `choices`: expected 2 to 26 options, found {}", where, it->size()));
  }
  std::vector<Option> options;
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string label(1, static_cast<char>('A' + i));
    const auto value = it->find(label);
    if (value == it->end()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("{}: field `choices`: expected consecutive labels from \"A\"; "
                                   "\"{}\" is missing",
                                   where, label));
    }
    Option option{label[0], {}};
    if (value->is_string()) {
      option.text = value->get<std::string>();
    } else if (value->is_number_integer()) {
      option.text = std::to_string(value->get<int64_t>());
    } else if (value->is_number()) {
      option.text = value->dump();
    } else {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("{}: field `choices.{}`: expected a string or number, found {}",
                                   where, label, value->type_name()));
    }
    options.push_back(std::move(option));
  }
  return options;
}

core::Result<std::optional<std::string>> ReadAnswerText(const json& record, const char* key,
                                                        const std::string& where) {
  const auto it = record.find(key);
  if (it == record.end() || it->is_null()) return std::optional<std::string>();
  if (it->is_string()) return std::optional<std::string>(it->get<std::string>());
  if (it->is_number_integer())
    return std::optional<std::string>(std::to_string(it->get<int64_t>()));
  if (it->is_number()) return std::optional<std::string>(it->dump());
  return MakeError(ErrorCode::kInvalidArgument,
                   fmt::format("{}: field `{}`: expected the option text (string or number), "
                               "found {}",
                               where, key, it->type_name()));
}

std::vector<int> OptionsWithText(const std::vector<Option>& options, const std::string& text) {
  std::vector<int> matches;
  const std::string wanted = NormalizeAnswerText(text);
  for (size_t i = 0; i < options.size(); ++i) {
    if (NormalizeAnswerText(options[i].text) == wanted) {
      matches.push_back(static_cast<int>(i));
    }
  }
  return matches;
}

}  // namespace synth4d::evaluator::internal
