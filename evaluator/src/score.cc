#include "synth4d/evaluator/score.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "internal_text.h"

namespace synth4d::evaluator {

bool ScoredItem::CircularCorrect() const {
  if (attempts.empty()) return false;
  return std::all_of(attempts.begin(), attempts.end(),
                     [](const AttemptOutcome& a) { return a.correct; });
}

namespace {

bool Contains(const std::vector<int>& values, int v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

// Reads one prediction for `item` shown in rotation `k`, asking the judge when the rules fail.
AttemptOutcome ReadAttempt(const McqItem& item, int k, const Prediction* prediction,
                           AnswerJudge* judge, JudgeSummary& judge_summary) {
  AttemptOutcome outcome;
  if (prediction == nullptr) {
    outcome.extraction = Extraction{ExtractStatus::kInvalid, -1, "missing"};
    return outcome;
  }
  outcome.present = true;
  outcome.response = prediction->response;
  outcome.error = prediction->error;
  const int n = static_cast<int>(item.options.size());
  if (!prediction->error.empty()) {
    outcome.extraction = Extraction{ExtractStatus::kApiError, -1, "api_error"};
    return outcome;
  }
  const std::vector<Option> shown = RotatedOptions(item, k);
  outcome.extraction = ExtractAnswer(prediction->response, shown, item.question);
  const bool unreadable =
      outcome.extraction.status == ExtractStatus::kInvalid && outcome.extraction.rule != "empty";
  if (judge != nullptr && unreadable) {
    ++judge_summary.asked;
    core::Result<Extraction> judged = judge->Judge(item, shown, prediction->response);
    if (!judged.ok()) {
      ++judge_summary.failed;
      spdlog::warn("judge failed for {}: {}", item.id, judged.error().ToString());
    } else {
      if (judged->status == ExtractStatus::kAnswered) ++judge_summary.resolved;
      outcome.extraction = *judged;
    }
  }
  if (outcome.extraction.status == ExtractStatus::kAnswered) {
    outcome.original_index = OriginalIndex(outcome.extraction.index, k, n);
    outcome.correct = Contains(item.correct, outcome.original_index);
  }
  return outcome;
}

ScoredItem NewScoredItem(const McqItem& item, const Benchmark& benchmark) {
  ScoredItem scored;
  scored.id = item.id;
  scored.split = item.split.empty() ? benchmark.name : item.split;
  scored.category = item.category;
  scored.template_id = item.template_id;
  scored.pair_id = item.pair_id;
  scored.answer_text = internal::NormalizeAnswerText(item.answer_text);
  scored.correct_options = item.correct;
  scored.n_options = static_cast<int>(item.options.size());
  return scored;
}

// The item as the prediction's own answer key has it (question, choices, answer), or `item`.
McqItem WithOwnKey(const McqItem& item, const AnswerKey& key) {
  McqItem keyed = item;
  if (!key.question.empty()) keyed.question = key.question;
  keyed.options = key.choices;
  keyed.correct = key.correct;
  keyed.answer_text = key.answer_text;
  return keyed;
}

// True when the key's choices or right options differ from the benchmark item's.
bool KeyDiffers(const McqItem& item, const AnswerKey& key) {
  if (key.choices.size() != item.options.size() || key.correct != item.correct) return true;
  for (size_t i = 0; i < key.choices.size(); ++i) {
    if (internal::NormalizeAnswerText(key.choices[i].text) !=
        internal::NormalizeAnswerText(item.options[i].text)) {
      return true;
    }
  }
  return false;
}

void ScoreOne(const ScoreInput& input, AnswerJudge* judge, Scorecard& card) {
  const Benchmark& benchmark = *input.benchmark;
  const PredictionSet& set = *input.predictions;
  BenchmarkSummary summary;
  summary.path = benchmark.path.string();
  summary.predictions_path = set.path.string();
  summary.format = BenchmarkFormatName(benchmark.format);
  summary.split = benchmark.name;
  summary.items = static_cast<int>(benchmark.items.size());
  summary.predictions = static_cast<int>(set.predictions.size());

  std::map<std::string, const McqItem*> by_id;
  for (const McqItem& item : benchmark.items) by_id.emplace(item.id, &item);
  std::map<std::pair<std::string, int>, const Prediction*> lookup;
  std::vector<std::string> unmatched;
  for (const Prediction& p : set.predictions) {
    const auto it = by_id.find(p.id);
    if (it == by_id.end() || p.rotation >= static_cast<int>(it->second->options.size())) {
      unmatched.push_back(p.id + (p.rotation > 0 ? "@" + std::to_string(p.rotation) : ""));
      continue;
    }
    lookup[{p.id, p.rotation}] = &p;
    summary.circular = summary.circular || p.rotation > 0;
  }
  summary.unmatched_predictions = static_cast<int>(unmatched.size());
  if (!unmatched.empty()) {
    spdlog::warn("{}: {} predictions match no question of {} (first: {})", set.path.string(),
                 unmatched.size(), benchmark.path.string(), unmatched.front());
  }
  for (const McqItem& benchmark_item : benchmark.items) {
    const auto first = lookup.find({benchmark_item.id, 0});
    const AnswerKey* key =
        first != lookup.end() && first->second->key ? &*first->second->key : nullptr;
    const McqItem item = key ? WithOwnKey(benchmark_item, *key) : benchmark_item;
    if (key) {
      ++summary.own_keys;
      summary.stale_keys += KeyDiffers(benchmark_item, *key) ? 1 : 0;
    }
    ScoredItem scored = NewScoredItem(item, benchmark);
    const int rotations = summary.circular ? scored.n_options : 1;
    for (int k = 0; k < rotations; ++k) {
      const auto it = lookup.find({item.id, k});
      const Prediction* prediction = it == lookup.end() ? nullptr : it->second;
      scored.attempts.push_back(ReadAttempt(item, k, prediction, judge, card.judge));
      ++card.rules[scored.attempts.back().extraction.rule];
    }
    card.items.push_back(std::move(scored));
  }
  if (summary.stale_keys > 0) {
    spdlog::warn(
        "{}: {} of {} records carry an answer key that differs from {}; scored against "
        "the records' own keys",
        set.path.string(), summary.stale_keys, summary.own_keys, benchmark.path.string());
  }
  card.circular = card.circular || summary.circular;
  card.benchmarks.push_back(std::move(summary));
}

void AddTo(GroupTable& table, const std::string& key, bool correct, const AttemptOutcome& first,
           double chance) {
  if (key.empty()) return;
  table[key].Add(correct, first.extraction.status != ExtractStatus::kAnswered, !first.present,
                 first.extraction.status == ExtractStatus::kApiError, chance);
}

void Aggregate(Scorecard& card) {
  std::map<std::string, std::vector<bool>> pairs;
  for (const ScoredItem& item : card.items) {
    const AttemptOutcome& first = item.attempts.front();
    const double chance = static_cast<double>(item.correct_options.size()) / item.n_options;
    const bool correct = item.Correct();
    card.overall.Add(correct, first.extraction.status != ExtractStatus::kAnswered, !first.present,
                     first.extraction.status == ExtractStatus::kApiError, chance);
    AddTo(card.by_category, item.category, correct, first, chance);
    AddTo(card.by_template, item.template_id, correct, first, chance);
    AddTo(card.by_split, item.split, correct, first, chance);
    AddTo(card.by_answer, item.answer_text, correct, first, chance);
    if (card.circular) {
      // Guessing must hit every rotation independently.
      const double circular_chance = std::pow(chance, static_cast<double>(item.attempts.size()));
      const bool all = item.CircularCorrect();
      bool any_invalid = false;
      bool any_missing = false;
      bool any_api = false;
      for (const AttemptOutcome& a : item.attempts) {
        any_invalid = any_invalid || a.extraction.status != ExtractStatus::kAnswered;
        any_missing = any_missing || !a.present;
        any_api = any_api || a.extraction.status == ExtractStatus::kApiError;
      }
      card.circular_overall.Add(all, any_invalid, any_missing, any_api, circular_chance);
      if (!item.category.empty()) {
        card.circular_by_category[item.category].Add(all, any_invalid, any_missing, any_api,
                                                     circular_chance);
      }
    }
    if (!item.pair_id.empty()) pairs[item.split + "\x1f" + item.pair_id].push_back(correct);
  }
  PairStats pair_stats;
  for (const auto& [key, members] : pairs) {
    if (members.size() < 2) continue;
    ++pair_stats.pairs;
    pair_stats.consistent += std::all_of(members.begin(), members.end(), [](bool b) { return b; });
  }
  if (pair_stats.pairs > 0) card.pairs = pair_stats;
}

}  // namespace

Scorecard Score(const std::vector<ScoreInput>& inputs, AnswerJudge* judge) {
  Scorecard card;
  card.judge.used = judge != nullptr;
  std::set<std::string> models;
  for (const ScoreInput& input : inputs) {
    SYNTH4D_CHECK(input.benchmark != nullptr && input.predictions != nullptr);
    models.insert(input.predictions->model);
    ScoreOne(input, judge, card);
  }
  card.model = models.size() == 1 ? *models.begin() : "";
  for (const std::string& m : models) {
    if (models.size() > 1) card.model += (card.model.empty() ? "" : "+") + m;
  }
  Aggregate(card);
  return card;
}

}  // namespace synth4d::evaluator
