// Prediction files: JSONL and arrays, VLM4D result files, rotations, duplicates and errors.
#include "synth4d/evaluator/predictions.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace synth4d::evaluator {
namespace {

using testing::FreshDir;
using testing::WriteText;

TEST(PredictionsTest, ReadsJsonlWithRotationsAndModel) {
  const auto dir = FreshDir("p");
  WriteText(
      dir / "pred.jsonl",
      "{\"id\": \"q1\", \"response\": \"B\", \"model\": \"m1\"}\n\n"
      "{\"id\": \"q1\", \"rotation\": 2, \"response\": \"The answer is C\", \"model\": \"m1\"}\n"
      "{\"id\": 17, \"prediction\": \"A\", \"model\": \"m1\", \"latency\": 3}\n");
  const core::Result<PredictionSet> set = LoadPredictions(dir / "pred.jsonl");
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  EXPECT_EQ(set->model, "m1");
  ASSERT_EQ(set->predictions.size(), 3u);
  EXPECT_EQ(set->predictions[1].rotation, 2);
  EXPECT_EQ(set->predictions[2].id, "17");
  EXPECT_EQ(set->predictions[2].response, "A");
}

TEST(PredictionsTest, ReadsVlm4dResultFilesAsTheyAre) {
  const auto dir = FreshDir("p");
  WriteText(dir / "real_cot_some-model_8frame.json", R"([
    {"id": "validation_1", "question": "q", "choices": {"A": 1, "B": 2}, "response": "Therefore, the final answer is: B",
     "ground_truth_answer": 2, "extracted_answer": "B: 2", "correct": true}
  ])");
  const core::Result<PredictionSet> set = LoadPredictions(dir / "real_cot_some-model_8frame.json");
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  EXPECT_EQ(set->model, "real_cot_some-model_8frame");
  EXPECT_EQ(set->predictions[0].response, "Therefore, the final answer is: B");
}

TEST(PredictionsTest, LaterRecordsReplaceEarlierOnesButErrorsNeverReplaceReplies) {
  const auto dir = FreshDir("p");
  WriteText(dir / "cache.jsonl",
            "{\"id\": \"a\", \"error\": \"HTTP 500\"}\n"
            "{\"id\": \"a\", \"response\": \"C\"}\n"
            "{\"id\": \"b\", \"response\": \"D\"}\n"
            "{\"id\": \"b\", \"error\": \"HTTP 400\"}\n"
            "{\"id\": \"c\", \"response\": \"A\"}\n"
            "{\"id\": \"c\", \"response\": \"B\"}\n");
  const core::Result<PredictionSet> set = LoadPredictions(dir / "cache.jsonl");
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  ASSERT_EQ(set->predictions.size(), 3u);
  EXPECT_EQ(set->predictions[0].response, "C");
  EXPECT_TRUE(set->predictions[0].error.empty());
  EXPECT_EQ(set->predictions[1].response, "D");
  EXPECT_EQ(set->predictions[2].response, "B");
}

TEST(PredictionsTest, ToleratesATornLastLineOnly) {
  const auto dir = FreshDir("p");
  WriteText(dir / "torn.jsonl", "{\"id\": \"a\", \"response\": \"C\"}\n{\"id\": \"b\", \"resp");
  const core::Result<PredictionSet> torn = LoadPredictions(dir / "torn.jsonl");
  ASSERT_TRUE(torn.ok()) << torn.error().ToString();
  EXPECT_EQ(torn->predictions.size(), 1u);
  WriteText(dir / "bad.jsonl", "{\"id\": \"a\", \"resp\n{\"id\": \"b\", \"response\": \"C\"}\n");
  const core::Result<PredictionSet> bad = LoadPredictions(dir / "bad.jsonl");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("bad.jsonl:1: invalid JSON"), std::string::npos);
}

TEST(PredictionsTest, BadRecordsNameFileLineAndField) {
  const auto dir = FreshDir("p");
  WriteText(dir / "a.jsonl", "{\"id\": \"a\", \"response\": \"C\"}\n{\"id\": \"b\"}\n");
  const core::Result<PredictionSet> a = LoadPredictions(dir / "a.jsonl");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("a.jsonl:2 (id b): missing field `response`"), std::string::npos)
      << a.error().message;
  WriteText(dir / "b.jsonl", "{\"id\": \"a\", \"response\": 5}\n");
  EXPECT_NE(LoadPredictions(dir / "b.jsonl").error().message.find("expected a string"),
            std::string::npos);
  WriteText(dir / "c.jsonl", "{\"id\": \"a\", \"response\": \"x\", \"rotation\": -1}\n");
  EXPECT_NE(LoadPredictions(dir / "c.jsonl").error().message.find("`rotation`"), std::string::npos);
  WriteText(dir / "d.json", "[1, 2]");
  EXPECT_NE(
      LoadPredictions(dir / "d.json").error().message.find("d.json: [0]: expected a JSON object"),
      std::string::npos);
  WriteText(dir / "e.jsonl", "[1]\n");
  EXPECT_FALSE(LoadPredictions(dir / "e.jsonl").ok());
}

}  // namespace
}  // namespace synth4d::evaluator
