#include "synth4d/evaluator/predictions.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "internal_choices.h"
#include "internal_json.h"

namespace synth4d::evaluator {

using core::ErrorCode;
using core::MakeError;
using nlohmann::json;

namespace {

// The record's own answer key, when it has `choices` and `answer` or `ground_truth_answer`.
core::Result<std::optional<AnswerKey>> ReadAnswerKey(const json& record, const std::string& where) {
  const char* answer_field = record.contains("answer") ? "answer" : "ground_truth_answer";
  if (!record.contains("choices") || !record.contains(answer_field)) {
    return std::optional<AnswerKey>();
  }
  AnswerKey key;
  SYNTH4D_ASSIGN_OR_RETURN(key.choices, internal::ReadChoices(record, where));
  SYNTH4D_ASSIGN_OR_RETURN(std::optional<std::string> answer,
                           internal::ReadAnswerText(record, answer_field, where));
  if (!answer) return std::optional<AnswerKey>();
  key.correct = internal::OptionsWithText(key.choices, *answer);
  if (key.correct.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("{}: field `{}`: \"{}\" matches none of the record's choices",
                                 where, answer_field, *answer));
  }
  key.answer_text = key.choices[key.correct.front()].text;
  SYNTH4D_ASSIGN_OR_RETURN(std::optional<std::string> question,
                           internal::OptionalText(record, "question", where));
  key.question = question.value_or("");
  return std::optional<AnswerKey>(std::move(key));
}

core::Result<Prediction> ReadPrediction(const json& record, const std::string& where_in) {
  std::string where = where_in;
  Prediction prediction;
  SYNTH4D_ASSIGN_OR_RETURN(prediction.id, internal::RequiredText(record, "id", where));
  where += " (id " + prediction.id + ")";
  const auto rotation = record.find("rotation");
  if (rotation != record.end() && !rotation->is_null()) {
    if (!rotation->is_number_integer() || rotation->get<int64_t>() < 0 ||
        rotation->get<int64_t>() > 25) {
      return MakeError(ErrorCode::kInvalidArgument,
                       where + ": field `rotation`: expected an integer from 0 to 25");
    }
    prediction.rotation = rotation->get<int>();
  }
  SYNTH4D_ASSIGN_OR_RETURN(std::optional<std::string> model,
                           internal::OptionalText(record, "model", where));
  prediction.model = model.value_or("");
  const auto error = record.find("error");
  if (error != record.end() && !error->is_null()) {
    prediction.error = error->is_string() ? error->get<std::string>() : error->dump();
  }
  const char* key = record.contains("response") ? "response" : "prediction";
  const auto response = record.find(key);
  if (response != record.end() && !response->is_null()) {
    if (!response->is_string()) {
      return MakeError(
          ErrorCode::kInvalidArgument,
          fmt::format("{}: field `{}`: expected a string (the model's reply), found {}", where, key,
                      response->type_name()));
    }
    prediction.response = response->get<std::string>();
  } else if (prediction.error.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     where + ": missing field `response` (the model's reply as a string)");
  }
  SYNTH4D_ASSIGN_OR_RETURN(prediction.key, ReadAnswerKey(record, where));
  return prediction;
}

}  // namespace

core::Result<PredictionSet> LoadPredictions(const std::filesystem::path& path) {
  SYNTH4D_ASSIGN_OR_RETURN(std::vector<internal::JsonRecord> records,
                           internal::ReadJsonRecords(path, /*tolerate_torn_tail=*/true));
  PredictionSet set;
  set.path = path;
  std::map<std::pair<std::string, int>, size_t> slot;
  std::set<std::string> models;
  for (const internal::JsonRecord& record : records) {
    SYNTH4D_ASSIGN_OR_RETURN(Prediction prediction, ReadPrediction(record.value, record.where));
    if (!prediction.model.empty()) models.insert(prediction.model);
    const auto key = std::make_pair(prediction.id, prediction.rotation);
    const auto [it, inserted] = slot.emplace(key, set.predictions.size());
    if (inserted) {
      set.predictions.push_back(std::move(prediction));
    } else if (prediction.error.empty() || !set.predictions[it->second].error.empty()) {
      set.predictions[it->second] = std::move(prediction);
    }
  }
  set.model = models.size() == 1 ? *models.begin() : path.stem().string();
  return set;
}

}  // namespace synth4d::evaluator
