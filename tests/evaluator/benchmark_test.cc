// Benchmark files: synth4d's schema, VLM4D's files and the errors bad files produce.
#include "synth4d/evaluator/benchmark.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace synth4d::evaluator {
namespace {

using testing::FreshDir;
using testing::WriteText;

constexpr char kSynth4dJsonl[] =
    R"({"id": "c1_q1", "video": "clips/c1.mp4", "question_type": "multiple-choice", "question": "Which way does the red cube slide?", "choices": {"A": "left", "B": "right", "C": "towards the camera"}, "answer": "right", "answer_letter": "B", "category": "translation", "template_id": "slide_dir", "split": "test", "pair_id": "p1", "rationale": "x", "extra": 1}
{"id": "c1_q2", "video": "clips/c1.mp4", "question_type": "multiple-choice", "question": "Does the cube spin?", "choices": {"A": "yes", "B": "no"}, "answer": "no", "video_end_frame": 90}
)";

TEST(BenchmarkTest, ReadsSynth4dJsonl) {
  const auto dir = FreshDir("b");
  WriteText(dir / "qa.jsonl", kSynth4dJsonl);
  const core::Result<Benchmark> b = LoadBenchmark(dir / "qa.jsonl");
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  EXPECT_EQ(b->format, BenchmarkFormat::kSynth4d);
  EXPECT_EQ(b->name, "qa");
  ASSERT_EQ(b->items.size(), 2u);
  const McqItem& first = b->items[0];
  EXPECT_EQ(first.id, "c1_q1");
  EXPECT_EQ(first.video, "clips/c1.mp4");
  ASSERT_EQ(first.options.size(), 3u);
  EXPECT_EQ(first.options[2].label, 'C');
  EXPECT_EQ(first.correct, (std::vector<int>{1}));
  EXPECT_EQ(first.category, "translation");
  EXPECT_EQ(first.template_id, "slide_dir");
  EXPECT_EQ(first.split, "test");
  EXPECT_EQ(first.pair_id, "p1");
  EXPECT_EQ(first.video_end_frame, -1);
  EXPECT_EQ(b->items[1].video_end_frame, 90);
  EXPECT_EQ(b->items[1].correct, (std::vector<int>{1}));
  EXPECT_TRUE(b->items[1].category.empty());
}

TEST(BenchmarkTest, ReadsVlm4dStyleArraysWithIntegerAnswersAndStraySpaces) {
  const auto dir = FreshDir("b");
  WriteText(dir / "real_mc.json", R"([
    {"id": "validation_5", "video": "https://example.org/videos_real/davis/x.mp4",
     "question_type": "multiple-choice", "question": "How many?",
     "choices": {"A": 3, "B": 1, "C": 0, "D": 2}, "answer": 0},
    {"id": "validation_999", "video": "https://example.org/videos_real/ego4d/y.mp4",
     "question_type": "multiple-choice", "question": "Which way?",
     "choices": {"A": "left ", "B": "right", "C": "up", "D": "down"}, "answer": "left "}
  ])");
  const core::Result<Benchmark> b = LoadBenchmark(dir / "real_mc.json");
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  EXPECT_EQ(b->format, BenchmarkFormat::kVlm4dReal);
  EXPECT_EQ(b->name, "real");
  EXPECT_EQ(b->items[0].correct, (std::vector<int>{2}));
  EXPECT_EQ(b->items[0].options[0].text, "3");
  EXPECT_EQ(b->items[0].category, "exo-centric");
  EXPECT_EQ(b->items[1].category, "ego-centric");
  EXPECT_EQ(b->items[1].correct, (std::vector<int>{0}));
}

TEST(BenchmarkTest, Vlm4dSyntheticFalsePositivesAreAnswersStartingWithNo) {
  const auto dir = FreshDir("b");
  WriteText(dir / "bench.json", R"([
    {"id": "v1", "video": "h/videos_synthetic/s1.mp4", "question": "q", "choices": {"A": "left", "B": "no car there", "C": "right", "D": "not moving"}, "answer": "no car there"},
    {"id": "v2", "video": "h/videos_synthetic/s2.mp4", "question": "q", "choices": {"A": "left", "B": "no car there", "C": "right", "D": "not moving"}, "answer": "not moving"}
  ])");
  const core::Result<Benchmark> b = LoadBenchmark(dir / "bench.json");
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  EXPECT_EQ(b->format, BenchmarkFormat::kVlm4dSynthetic);
  EXPECT_EQ(b->items[0].category, "false-positive");
  EXPECT_EQ(b->items[1].category, "directional");
}

TEST(BenchmarkTest, ExplicitFormatOverridesDetection) {
  const auto dir = FreshDir("b");
  WriteText(dir / "real_mc.json",
            R"([{"id": "7", "question": "q", "choices": {"A": "x", "B": "y"}, "answer": "y"}])");
  const core::Result<Benchmark> b = LoadBenchmark(dir / "real_mc.json", BenchmarkFormat::kSynth4d);
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  EXPECT_EQ(b->format, BenchmarkFormat::kSynth4d);
  EXPECT_TRUE(b->items[0].category.empty());
  EXPECT_FALSE(ParseBenchmarkFormat("vlm5d").ok());
}

// Loads `text` as a benchmark and returns the error message (empty when it loads).
std::string LoadError(const std::string& file_name, const std::string& text) {
  const auto dir = FreshDir(file_name);
  WriteText(dir / file_name, text);
  const core::Result<Benchmark> b = LoadBenchmark(dir / file_name);
  return b.ok() ? "" : b.error().ToString();
}

TEST(BenchmarkTest, BadFilesGiveMessagesNamingFileLineAndField) {
  EXPECT_NE(LoadError("qa.jsonl",
                      "{\"id\": \"a\", \"question\": \"q\", \"choices\": {\"A\": \"x\", \"B\": "
                      "\"y\"}, \"answer\": \"x\"}\n{not json\n")
                .find("qa.jsonl:2: invalid JSON"),
            std::string::npos);
  EXPECT_NE(LoadError("qa.jsonl", "{\"question\": \"q\"}\n").find("qa.jsonl:1: missing field `id`"),
            std::string::npos);
  EXPECT_NE(
      LoadError("qa.jsonl",
                "{\"id\": \"a\", \"question\": \"q\", \"choices\": [\"x\"], \"answer\": \"x\"}\n")
          .find("field `choices`"),
      std::string::npos);
  EXPECT_NE(LoadError("qa.jsonl",
                      "{\"id\": \"a\", \"question\": \"q\", \"choices\": {\"A\": \"x\", \"C\": "
                      "\"y\"}, \"answer\": \"x\"}\n")
                .find("\"B\" is missing"),
            std::string::npos);
  EXPECT_NE(LoadError("qa.jsonl",
                      "{\"id\": \"a\", \"question\": \"q\", \"choices\": {\"A\": \"x\", \"B\": "
                      "\"y\"}, \"answer\": \"z\"}\n")
                .find("matches none of the options"),
            std::string::npos);
  EXPECT_NE(LoadError("qa.jsonl",
                      "{\"id\": \"a\", \"question\": \"q\", \"choices\": {\"A\": \"x\", \"B\": "
                      "\"y\"}, \"answer\": \"x\", \"answer_letter\": \"B\"}\n")
                .find("is not the text of answer_letter"),
            std::string::npos);
  EXPECT_NE(LoadError("qa.jsonl",
                      "{\"id\": \"a\", \"question\": \"q\", \"choices\": {\"A\": \"x\", \"B\": "
                      "\"y\"}, \"answer_letter\": \"E\"}\n")
                .find("`answer_letter`"),
            std::string::npos);
  EXPECT_NE(LoadError("qa.json",
                      "[{\"id\": \"a\", \"question\": \"q\", \"choices\": {\"A\": \"x\", \"B\": "
                      "\"y\"}, \"answer\": \"x\"},\n {\"id\": \"a\", \"question\": \"q\", "
                      "\"choices\": {\"A\": \"x\", \"B\": \"y\"}, \"answer\": \"x\"}]")
                .find("duplicate id `a`"),
            std::string::npos);
  EXPECT_NE(LoadError("qa.json", "[\n  {\"id\": 1,\n").find("line 3"), std::string::npos);
  EXPECT_NE(LoadError("qa.json", "[]").find("no benchmark items"), std::string::npos);
  const auto dir = FreshDir("missing");
  const core::Result<Benchmark> missing = LoadBenchmark(dir / "nope.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST(BenchmarkTest, RotationShiftsOptionTexts) {
  McqItem item;
  item.options = {{'A', "left"}, {'B', "right"}, {'C', "up"}, {'D', "down"}};
  const std::vector<Option> r1 = RotatedOptions(item, 1);
  EXPECT_EQ(r1[0].label, 'A');
  EXPECT_EQ(r1[0].text, "right");
  EXPECT_EQ(r1[3].text, "left");
  EXPECT_EQ(OriginalIndex(3, 1, 4), 0);
  EXPECT_EQ(OriginalIndex(1, 3, 4), 0);
  EXPECT_EQ(RotatedOptions(item, 0)[2].text, "up");
}

}  // namespace
}  // namespace synth4d::evaluator
