// Scoring: accuracy per group, invalid and missing replies, Wilson intervals, chance, circular
// evaluation, pair consistency, several benchmark files and the judge hook.
#include "synth4d/evaluator/score.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace synth4d::evaluator {
namespace {

McqItem Item(const std::string& id, int answer, const std::string& category = "",
             const std::string& pair = "", int n_options = 4) {
  static const char* kTexts[] = {"left", "right", "towards the camera", "not moving", "up", "down"};
  McqItem item;
  item.id = id;
  item.question = "Which way does object " + id + " move?";
  for (int i = 0; i < n_options; ++i)
    item.options.push_back({static_cast<char>('A' + i), kTexts[i]});
  item.correct = {answer};
  item.answer_text = kTexts[answer];
  item.category = category;
  item.template_id = category.empty() ? "" : "t_" + category;
  item.pair_id = pair;
  return item;
}

Benchmark Bench(std::vector<McqItem> items, const std::string& name = "test") {
  Benchmark b;
  b.path = name + ".jsonl";
  b.name = name;
  b.items = std::move(items);
  return b;
}

PredictionSet Preds(std::vector<Prediction> predictions) {
  PredictionSet set;
  set.path = "pred.jsonl";
  set.model = "fake-model";
  set.predictions = std::move(predictions);
  return set;
}

TEST(StatsTest, WilsonIntervalMatchesKnownValues) {
  // Reference values computed by hand from the Wilson formula with z = 1.96.
  const Interval half = WilsonInterval(50, 100);
  EXPECT_NEAR(half.low, 40.383, 0.01);
  EXPECT_NEAR(half.high, 59.617, 0.01);
  const Interval eight = WilsonInterval(8, 10);
  EXPECT_NEAR(eight.low, 49.016, 0.01);
  EXPECT_NEAR(eight.high, 94.332, 0.01);
  const Interval none = WilsonInterval(0, 10);
  EXPECT_NEAR(none.low, 0.0, 1e-9);
  EXPECT_NEAR(none.high, 27.753, 0.01);
  const Interval empty = WilsonInterval(0, 0);
  EXPECT_EQ(empty.low, 0.0);
  EXPECT_EQ(empty.high, 100.0);
}

TEST(ScoreTest, CountsCorrectInvalidMissingAndApiErrorsPerGroup) {
  const Benchmark bench =
      Bench({Item("1", 0, "translation"), Item("2", 1, "translation"), Item("3", 2, "rotation"),
             Item("4", 3, "rotation"), Item("5", 0, "rotation", "", 2)});
  const PredictionSet preds = Preds({{"1", 0, "A", "", ""},
                                     {"2", 0, "The answer is C.", "", ""},
                                     {"3", 0, "A or C", "", ""},
                                     {"5", 0, "", "", "HTTP 400: too many images"},
                                     {"99", 0, "B", "", ""}});
  const Scorecard card = Score({{&bench, &preds}});
  EXPECT_EQ(card.model, "fake-model");
  EXPECT_EQ(card.overall.n, 5);
  EXPECT_EQ(card.overall.correct, 1);
  EXPECT_EQ(card.overall.invalid, 3);  // ambiguous, missing, API error
  EXPECT_EQ(card.overall.missing, 1);
  EXPECT_EQ(card.overall.api_errors, 1);
  EXPECT_DOUBLE_EQ(card.overall.Accuracy(), 20.0);
  EXPECT_DOUBLE_EQ(card.overall.InvalidRate(), 60.0);
  EXPECT_NEAR(card.overall.Chance(), 100.0 * (4 * 0.25 + 0.5) / 5, 1e-9);
  EXPECT_EQ(card.by_category.at("translation").correct, 1);
  EXPECT_EQ(card.by_category.at("translation").n, 2);
  EXPECT_EQ(card.by_category.at("rotation").n, 3);
  EXPECT_EQ(card.by_template.at("t_rotation").n, 3);
  EXPECT_EQ(card.by_split.at("test").n, 5);
  EXPECT_EQ(card.by_answer.at("left").n, 2);
  EXPECT_EQ(card.benchmarks[0].unmatched_predictions, 1);
  EXPECT_FALSE(card.circular);
  EXPECT_FALSE(card.pairs.has_value());
  EXPECT_EQ(card.rules.at("missing"), 1);
  EXPECT_EQ(card.rules.at("api_error"), 1);
}

TEST(ScoreTest, CircularEvaluationNeedsEveryRotationRight) {
  // Item "a" (answer B): rotation k shows original option (i + k) % 4 at letter i, so the right
  // letter in rotation k is (1 - k) mod 4: B, A, D, C.
  const Benchmark bench = Bench({Item("a", 1, "cat"), Item("b", 2, "cat"), Item("c", 0, "cat")});
  const PredictionSet preds = Preds({
      {"a", 0, "B", "", ""},
      {"a", 1, "A", "", ""},
      {"a", 2, "D", "", ""},
      {"a", 3, "C", "", ""},
      {"b", 0, "C", "", ""},
      {"b", 1, "B", "", ""},
      {"b", 2, "A", "", ""},
      {"b", 3, "A", "", ""},
      {"c", 0, "A", "", ""},
      {"c", 1, "D", "", ""},
      {"c", 2, "C", "", ""},
  });
  const Scorecard card = Score({{&bench, &preds}});
  ASSERT_TRUE(card.circular);
  EXPECT_EQ(card.overall.correct, 3);  // rotation 0 alone: all right
  EXPECT_EQ(card.circular_overall.n, 3);
  EXPECT_EQ(card.circular_overall.correct, 1);  // "b" misses rotation 3, "c" lacks it
  EXPECT_EQ(card.circular_overall.missing, 1);
  EXPECT_NEAR(card.circular_overall.Chance(), 100.0 * 0.25 * 0.25 * 0.25 * 0.25, 1e-9);
  EXPECT_EQ(card.circular_by_category.at("cat").correct, 1);
  ASSERT_EQ(card.items[0].attempts.size(), 4u);
  EXPECT_TRUE(card.items[0].CircularCorrect());
  EXPECT_FALSE(card.items[1].CircularCorrect());
  EXPECT_EQ(card.items[1].attempts[3].original_index, 3);
}

TEST(ScoreTest, RotatedTextRepliesAreReadAgainstTheOptionsShown) {
  const Benchmark bench = Bench({Item("a", 1)});
  // In rotation 1 the letters show right, towards the camera, not moving, left.
  const PredictionSet preds = Preds({{"a", 0, "right", "", ""},
                                     {"a", 1, "It goes right.", "", ""},
                                     {"a", 2, "B", "", ""},
                                     {"a", 3, "C: right", "", ""}});
  const Scorecard card = Score({{&bench, &preds}});
  EXPECT_EQ(card.items[0].attempts[1].extraction.letter(), 'A');
  EXPECT_TRUE(card.items[0].attempts[1].correct);
  EXPECT_FALSE(card.items[0].attempts[2].correct);  // B shows "not moving" in rotation 2
  EXPECT_TRUE(card.items[0].attempts[3].correct);
  EXPECT_EQ(card.circular_overall.correct, 0);
}

TEST(ScoreTest, PairConsistencyNeedsBothMembersRight) {
  const Benchmark bench =
      Bench({Item("1", 0, "", "p1"), Item("2", 1, "", "p1"), Item("3", 0, "", "p2"),
             Item("4", 1, "", "p2"), Item("5", 0, "", "p3")});
  const PredictionSet preds = Preds({{"1", 0, "A", "", ""},
                                     {"2", 0, "B", "", ""},
                                     {"3", 0, "A", "", ""},
                                     {"4", 0, "A", "", ""},
                                     {"5", 0, "A", "", ""}});
  const Scorecard card = Score({{&bench, &preds}});
  ASSERT_TRUE(card.pairs.has_value());
  EXPECT_EQ(card.pairs->pairs, 2);
  EXPECT_EQ(card.pairs->consistent, 1);
  EXPECT_DOUBLE_EQ(card.pairs->Accuracy(), 50.0);
}

TEST(ScoreTest, SeveralBenchmarksWithTheSameIdsAreScoredEachOnItsOwn) {
  const Benchmark real = Bench({Item("validation_1", 0, "exo-centric")}, "real");
  const Benchmark synthetic = Bench({Item("validation_1", 3, "directional")}, "synthetic");
  const PredictionSet real_preds = Preds({{"validation_1", 0, "A", "", ""}});
  const PredictionSet synthetic_preds = Preds({{"validation_1", 0, "A", "", ""}});
  const Scorecard card = Score({{&real, &real_preds}, {&synthetic, &synthetic_preds}});
  EXPECT_EQ(card.overall.n, 2);
  EXPECT_EQ(card.overall.correct, 1);
  EXPECT_EQ(card.by_split.at("real").correct, 1);
  EXPECT_EQ(card.by_split.at("synthetic").correct, 0);
  EXPECT_EQ(card.benchmarks.size(), 2u);
}

// A judge that maps every reply it is asked about to option D and records the replies.
class FakeJudge final : public AnswerJudge {
 public:
  core::Result<Extraction> Judge(const McqItem&, const std::vector<Option>&,
                                 std::string_view response) override {
    asked.emplace_back(response);
    return Extraction{ExtractStatus::kAnswered, 3, "judge"};
  }
  std::vector<std::string> asked;
};

TEST(ScoreTest, JudgeSeesOnlyTheRepliesTheRulesCannotRead) {
  const Benchmark bench = Bench({Item("1", 0), Item("2", 3), Item("3", 3), Item("4", 3)});
  const PredictionSet preds = Preds({{"1", 0, "A", "", ""},
                                     {"2", 0, "Neither; it stays where it was.", "", ""},
                                     {"3", 0, "", "", "HTTP 500"},
                                     {"4", 0, "", "", ""}});
  FakeJudge judge;
  const Scorecard card = Score({{&bench, &preds}}, &judge);
  ASSERT_EQ(judge.asked.size(), 1u);
  EXPECT_EQ(judge.asked[0], "Neither; it stays where it was.");
  EXPECT_EQ(card.overall.correct, 2);
  EXPECT_EQ(card.judge.asked, 1);
  EXPECT_EQ(card.judge.resolved, 1);
  EXPECT_EQ(card.items[1].attempts[0].extraction.rule, "judge");
}

}  // namespace
}  // namespace synth4d::evaluator
