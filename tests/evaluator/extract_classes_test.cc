// Answer extraction on the reply classes of issue 17, in the project's own words: paraphrased
// option texts, option words that belong to the question, non-answers, letters whose own text
// contradicts them, hedges, new letter phrasings and spurious triggers (docs/evaluator.md); and
// result files that carry a stale answer key of their own.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "synth4d/evaluator/extract.h"
#include "synth4d/evaluator/predictions.h"
#include "synth4d/evaluator/score.h"
#include "test_util.h"

namespace synth4d::evaluator {
namespace {

std::vector<Option> Opts(std::initializer_list<const char*> texts) {
  std::vector<Option> out;
  char label = 'A';
  for (const char* t : texts) out.push_back({label++, t});
  return out;
}

const std::vector<Option> kDir = Opts({"left", "right", "towards the camera", "not moving"});
const std::vector<Option> kDepth =
    Opts({"left", "right", "towards the camera", "away from the camera"});
const std::vector<Option> kCloser =
    Opts({"closer towards the camera", "further away from the camera", "left", "right"});
const std::vector<Option> kHold =
    Opts({"hold the cube", "drop the cube", "throw the cube", "push the cube"});
const std::vector<Option> kCount = Opts({"0", "1", "2", "3"});
const std::vector<Option> kBounces = Opts({"1", "2", "3", "4"});
const std::vector<Option> kTeens = Opts({"10", "12", "15", "20"});
const std::vector<Option> kAbsent =
    Opts({"left", "right", "not moving", "there are no cars in the video"});
const std::vector<Option> kNoDrone = Opts({"no drone there", "left", "right", "not moving"});
const std::vector<Option> kSpin =
    Opts({"not spinning", "there is no wheel in the video", "clockwise", "counter-clockwise"});
const std::vector<Option> kYesNo = Opts({"yes", "no"});
const std::vector<Option> kBare = Opts({"towards", "away", "left", "right"});
const std::vector<Option> kVertical = Opts({"up", "down", "left", "right"});

struct Case {
  const char* question;
  const std::vector<Option>* options;
  const char* reply;
  char expected;  // a label, or '-' for an invalid reply
};

void ExpectAll(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    const Extraction e = ExtractAnswer(c.reply, *c.options, c.question);
    const char got = e.status == ExtractStatus::kAnswered ? e.letter() : '-';
    EXPECT_EQ(got, c.expected) << "reply: \"" << c.reply << "\" (rule " << e.rule << ")";
  }
}

constexpr const char* kWhere = "Which direction is the object moving?";

TEST(ExtractClassesTest, ParaphrasedOptionTexts) {
  const char* arm = "What does the robot arm do with the cube?";
  ExpectAll({
      {arm, &kHold, "The arm keeps holding the cube until the clip ends.", 'A'},
      {arm, &kHold, "The arm dropped the cube onto the floor.", 'B'},
      {arm, &kHold, "It throws a cube across the table.", 'C'},
      {arm, &kHold, "The robot pushes cube towards the wall.", 'D'},
      {kWhere, &kCloser, "The drone flies towards the camera.", 'A'},
      {kWhere, &kCloser, "The sphere rolls farther away from the camera.", 'B'},
      {kWhere, &kCloser, "The cube is approaching the camera.", 'A'},
      {"How many times does the ball bounce?", &kBounces, "The ball bounces twice and stops.", 'B'},
      {"How many times does the ball bounce?", &kBounces, "It bounces thrice.", 'C'},
      {"How many cones are there?", &kTeens, "I count twelve cones in the scene.", 'B'},
      {"How many turns does the wheel make?", &kTeens, "The wheel turns fifteen times.", 'C'},
      {"Which way do the cars drive?", &kAbsent, "No car is visible in any of the frames.", 'D'},
      {"Which way does the drone fly?", &kNoDrone, "There is no drone in this clip.", 'A'},
      {kWhere, &kDir, "The box stays stationary for the whole video.", 'D'},
      {kWhere, &kDir, "The car drives leftward.", 'A'},
  });
}

TEST(ExtractClassesTest, OptionWordsThatBelongToTheQuestion) {
  ExpectAll({
      {"Which direction is the right car moving?", &kDepth, "The right car is moving to the left.",
       'A'},
      {"The sphere rolls from left to right; which way does the cube roll?", &kDir,
       "While the sphere rolls from left to right, the cube rolls left.", 'A'},
      {"Which way does the drone go after flying towards the left?", &kDepth,
       "After flying towards the left, the drone goes right.", 'B'},
      {"Which way is the left sphere rolling?", &kDepth,
       "The left sphere is rolling away from the camera.", 'D'},
      {"Which direction does the car on the right go?", &kDir, "The car on the right goes left.",
       'A'},
      {"Which direction is the cube to the right of the sphere moving?", &kDir,
       "The cube to the right of the sphere moves to the left.", 'A'},
      {"Relative to the box on its left, where does the ball move?", &kDir,
       "Relative to the box on its left, the ball moves right.", 'B'},
      {"Which direction do the boxes move?", &kBare,
       "All boxes drift towards the camera; none move away.", 'A'},
      {"Does the red cube move?", &kYesNo, "Yes, the cube moves; there is no sign that it stops.",
       'A'},
      {"Is the cube moving?", &kYesNo, "Yes. No other object moves, but the cube clearly slides.",
       'A'},
      {"Is the wheel turning?", &kYesNo, "Yes, although no spoke is visible at first.", 'A'},
      {"Does the car stop?", &kYesNo, "No, there is no moment where the car stops.", 'B'},
  });
}

TEST(ExtractClassesTest, NonAnswersAreInvalid) {
  ExpectAll({
      {kWhere, &kDir,
       "The car seems to go left in the first frames.\nTherefore, the final answer is: $LETTER",
       '-'},
      {kWhere, &kDir, "The cube could be sliding right.\nAnswer: N/A", '-'},
      {kWhere, &kDir, "Whether the drone drifts right is undetermined from these frames.", '-'},
      {kWhere, &kDir, "A: left\nB: right\nC: towards the camera\nD: not moving", '-'},
      {kWhere, &kDir, "(A) left (B) right (C) towards the camera (D) not moving", '-'},
      {kWhere, &kDir,
       "Let me look at each frame. In the first frame the cube sits at the left edge, and in the",
       '-'},
      {kWhere, &kDir,
       "The car the car the car the car the car the car the car the car right right right right "
       "right right right right",
       '-'},
      {kWhere, &kDir, "At first it looks like left.\nFinal answer: undetermined", '-'},
      {kWhere, &kDir,
       "The sphere is partly hidden, so its direction cannot be determined, though it may be "
       "right.",
       '-'},
      {kWhere, &kDir, "I am unable to view videos. Typical motion here would be left.", '-'},
      {kWhere, &kDir, "Sorry, I can't tell whether it moves left or right.", '-'},
      {kWhere, &kDir, "The answer is unknown; the cube may be moving right.", '-'},
  });
}

TEST(ExtractClassesTest, LettersWhoseOwnTextContradictsThem) {
  ExpectAll({
      {kWhere, &kSpin, "D) clockwise", '-'},
      {kWhere, &kDepth, "Answer: B. it moves towards the camera", '-'},
      {kWhere, &kDepth, "The answer is A, as the cube moves right.", '-'},
      {kWhere, &kDepth, "Answer: C (upwards)", '-'},
      {"How many times does the ball bounce?", &kBounces, "B) 5", '-'},
      {kWhere, &kDepth, "Final answer: D - the car is moving to the left", '-'},
      {kWhere, &kDepth, "B) The sphere rolls towards the camera.", '-'},
      {kWhere, &kDepth, "C is correct: the drone flies left.", '-'},
      {kWhere, &kDepth, "I choose A because it clearly moves away from the camera.", '-'},
      {kWhere, &kSpin, "Answer: B (not spinning)", '-'},
      // Letters whose text agrees stay answers.
      {kWhere, &kDepth, "Answer: C. it comes towards the camera", 'C'},
      {kWhere, &kDepth, "The answer is (B), since the box slides to the right.", 'B'},
      {kWhere, &kDepth, "The answer is A, not right.", 'A'},
  });
}

TEST(ExtractClassesTest, HedgesAndSeveralLettersAreInvalid) {
  ExpectAll({
      {kWhere, &kDir, "B if the camera is fixed, C if the camera is moving.", '-'},
      {kWhere, &kDir, "C\nD", '-'},
      {kWhere, &kDir, "(A B C D)", '-'},
      {kWhere, &kDir, "The cube goes left at first.\nFinal answer:", '-'},
      {kWhere, &kDir, "Answer: B\nC", '-'},
      {kWhere, &kDir, "If the sphere is in front, the answer is A; otherwise it is B.", '-'},
      {kWhere, &kDir, "It is either B or D.", '-'},
      {kWhere, &kDir, "B\nor C", '-'},
      {kWhere, &kDir, "Answer: C, unless the clip is mirrored, in which case D.", '-'},
      {kWhere, &kDir, "A\nB\nC\nD", '-'},
      {kWhere, &kDir, "If the camera pans, then the answer is D.", '-'},
      {kWhere, &kDir, "Final answer: \n\n", '-'},
  });
}

TEST(ExtractClassesTest, LetterPhrasingsAndSpuriousTriggers) {
  ExpectAll({
      {kWhere, &kDir, "I took B.", 'B'},
      {kWhere, &kDir, "The motion aligns with option D.", 'D'},
      {kWhere, &kDir, "D is likely the correct answer.", 'D'},
      {kWhere, &kDir, "The correct answer is optionC.", 'C'},
      {kWhere, &kDir, "所以答案应该是B。", 'B'},
      {kWhere, &kDir, "因此选择C", 'C'},
      {kWhere, &kDir, "我认为是C", 'C'},
      {kWhere, &kDir, "I'm going for B.", 'B'},
      {kWhere, &kDir, "So I'd go for C here.", 'C'},
      {kWhere, &kDir, "This corresponds to option A.", 'A'},
      {kWhere, &kDir, "B would be my answer.", 'B'},
      {"Where does the robot carry the cube?", &kVertical,
       "The robot bends to pick up the cube, then carries it to the left.", 'C'},
      {"How many spheres roll away?", &kCount,
       "The one that is red stays put, while 2 others roll.", 'C'},
      {"How many spheres roll away?", &kCount, "Only the one in front is still; 3 of them roll.",
       'D'},
  });
}

// Result files that carry their own question, choices and answer are scored against that key, and
// the scorecard counts the records whose key differs from the benchmark's.
TEST(ExtractClassesTest, StaleAnswerKeysAreScoredAgainstTheRecordsOwnKey) {
  const auto dir = testing::FreshDir("stale");
  std::string bench = "[";
  const char* answers[] = {"left", "right", "left",  "left", "left",
                           "left", "right", "right", "left", "left"};
  for (int i = 1; i <= 10; ++i) {
    bench += std::string(i > 1 ? "," : "") + "{\"id\": \"q" + std::to_string(i) +
             "\", \"question\": \"Which way does the cube slide?\", \"choices\": {\"A\": "
             "\"left\", \"B\": \"right\", \"C\": \"towards the camera\", \"D\": \"not "
             "moving\"}, \"answer\": \"" +
             answers[i - 1] + "\"}";
  }
  testing::WriteText(dir / "qa.json", bench + "]");
  const std::string same = R"("choices": {"A": "left", "B": "right", "C": "towards the camera",
                                           "D": "not moving"})";
  testing::WriteText(dir / "pred.json", "[" + std::string(R"(
    {"id": "q1", "response": "B", )") + same +
                                            R"(, "answer": "right "},
    {"id": "q2", "response": "A", "choices": {"A": "right", "B": "left", "C": "towards the camera",
                                              "D": "not moving"}, "answer": "right"},
    {"id": "q3", "response": "A", )" + same +
                                            R"(, "answer": "left"},
    {"id": "q4", "response": "A"},
    {"id": "q5", "response": "up", "choices": {"A": "up", "B": "down"},
     "ground_truth_answer": "up"},
    {"id": "q6", "response": "C", "choices": {"A": 0, "B": 1, "C": 2, "D": 3}, "answer": 2},
    {"id": "q7", "response": "B", )" + same +
                                            R"(, "answer": "left"},
    {"id": "q8", "response": "B", )" + same +
                                            R"(},
    {"id": "q9", "response": "C", "choices": {"A": "left", "B": "right", "C": "still"},
     "answer": "still"},
    {"id": "q10", "response": "A", "question": "Where does the box go?", )" +
                                            same +
                                            R"(, "answer": "left"}
  ])");
  const core::Result<Benchmark> benchmark = LoadBenchmark(dir / "qa.json");
  ASSERT_TRUE(benchmark.ok()) << benchmark.error().ToString();
  const core::Result<PredictionSet> predictions = LoadPredictions(dir / "pred.json");
  ASSERT_TRUE(predictions.ok()) << predictions.error().ToString();
  const Scorecard card = Score({{&*benchmark, &*predictions}});
  ASSERT_EQ(card.benchmarks.size(), 1u);
  EXPECT_EQ(card.benchmarks[0].own_keys, 8);    // all but q4 and q8 (no answer)
  EXPECT_EQ(card.benchmarks[0].stale_keys, 6);  // q1 q2 q5 q6 q7 q9; q10's question differs only
  std::vector<std::string> right;
  for (const ScoredItem& item : card.items) {
    if (item.Correct()) right.push_back(item.id);
  }
  EXPECT_EQ(right,
            (std::vector<std::string>{"q1", "q2", "q3", "q4", "q5", "q6", "q8", "q9", "q10"}));

  testing::WriteText(dir / "bad.json", R"([{"id": "q1", "response": "A",
    "choices": {"A": "left", "B": "right"}, "answer": "up"}])");
  const core::Result<PredictionSet> bad = LoadPredictions(dir / "bad.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().ToString().find("matches none of the record's choices"), std::string::npos)
      << bad.error().ToString();
}

}  // namespace
}  // namespace synth4d::evaluator
