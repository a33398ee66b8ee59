// Answer extraction on replies written for this project (docs/evaluator.md lists the rules).
#include "synth4d/evaluator/extract.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace synth4d::evaluator {
namespace {

std::vector<Option> Opts(std::initializer_list<const char*> texts) {
  std::vector<Option> out;
  char label = 'A';
  for (const char* t : texts) out.push_back({label++, t});
  return out;
}

const std::vector<Option> kDirection = Opts({"left", "right", "towards the camera", "not moving"});
const std::vector<Option> kSpin =
    Opts({"clockwise", "counter-clockwise", "not spinning", "there is no wheel in the video"});
const std::vector<Option> kCount = Opts({"0", "1", "2", "3"});
const std::vector<Option> kSix = Opts(
    {"up", "down", "to the left", "to the right", "toward the camera", "away from the camera"});
const std::vector<Option> kPhrase =
    Opts({"the red cube slides to the left", "the red cube slides to the right",
          "the red cube spins in place", "the red cube stays put"});
const std::vector<Option> kYesNo = Opts({"yes", "no"});

struct Case {
  const char* reply;
  const std::vector<Option>* options;
  char expected;  // '-' = no option read
};

// 'A'..'F' or '-' for the extraction.
char Read(const Case& c) {
  const Extraction e = ExtractAnswer(c.reply, *c.options);
  if (e.status != ExtractStatus::kAnswered) return '-';
  return e.letter();
}

void ExpectAll(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    const Extraction e = ExtractAnswer(c.reply, *c.options);
    EXPECT_EQ(Read(c), c.expected) << "reply: \"" << c.reply << "\" (rule " << e.rule << ")";
  }
}

TEST(ExtractTest, BareLabelsAndWrappings) {
  ExpectAll({
      {"C", &kDirection, 'C'},
      {" D \n", &kDirection, 'D'},
      {"(B)", &kDirection, 'B'},
      {"[A]", &kDirection, 'A'},
      {"B.", &kDirection, 'B'},
      {"C)", &kDirection, 'C'},
      {"D:", &kDirection, 'D'},
      {"b", &kDirection, 'B'},
      {"(c)", &kDirection, 'C'},
      {"\"A\"", &kDirection, 'A'},
      {"'d'.", &kDirection, 'D'},
      {"**B**", &kDirection, 'B'},
      {"`C`", &kDirection, 'C'},
      {"F", &kSix, 'F'},
      {"E", &kDirection, '-'},  // not one of the four labels
      {"Z", &kDirection, '-'},
      {"", &kDirection, '-'},
      {"   \n\t", &kDirection, '-'},
  });
}

TEST(ExtractTest, LabelFollowedByText) {
  ExpectAll({
      {"B: right", &kDirection, 'B'},
      {"A. left", &kDirection, 'A'},
      {"C) towards the camera", &kDirection, 'C'},
      {"(D) not moving", &kDirection, 'D'},
      {"B - the object drifts right across the frame", &kDirection, 'B'},
      {"C, since it grows larger in every frame", &kDirection, 'C'},
      {"D because nothing changes position", &kDirection, 'D'},
      {"B is my pick.", &kDirection, 'B'},
      {"Option C: towards the camera", &kDirection, 'C'},
      {"A.\n\nThe car keeps heading to the left of the frame.", &kDirection, 'A'},
      {"B: 1", &kCount, 'B'},
      {"C. 2", &kCount, 'C'},
  });
}

TEST(ExtractTest, ArticleAndPronounAreNotLabels) {
  ExpectAll({
      {"A ball rolls past and then the wheel turns clockwise.", &kSpin, 'A'},
      {"A wheel is visible and it is not spinning.", &kSpin, 'C'},
      {"A person walks by; the cube stays put.", &kPhrase, '-'},
      {"I see the drone going right.", &kDirection, 'B'},
  });
}

TEST(ExtractTest, ExplicitDeclarations) {
  ExpectAll({
      {"Answer: C", &kDirection, 'C'},
      {"answer: b", &kDirection, 'B'},
      {"The answer is D.", &kDirection, 'D'},
      {"The correct answer is (A).", &kDirection, 'A'},
      {"Therefore, the final answer is: B", &kDirection, 'B'},
      {"Therefore, the final answer is: B.", &kDirection, 'B'},
      {"Final answer: C", &kDirection, 'C'},
      {"FINAL ANSWER: D", &kDirection, 'D'},
      {"My answer is c.", &kDirection, 'C'},
      {"The best option is B.", &kDirection, 'B'},
      {"The correct option is (D).", &kDirection, 'D'},
      {"I choose A.", &kDirection, 'A'},
      {"I would pick option C here.", &kDirection, 'C'},
      {"I'll go with B.", &kDirection, 'B'},
      {"Answer: (D) not moving", &kDirection, 'D'},
      {"The answer is B: right.", &kDirection, 'B'},
      {"The answer is C (towards the camera).", &kDirection, 'C'},
      {"So the answer would be A", &kDirection, 'A'},
      {"Answer - B", &kDirection, 'B'},
      {"The correct answer is **C**. Option A is ruled out because the car grows.", &kDirection,
       'C'},
      {"Answer: $B", &kDirection, 'B'},
      {"The correct answer is:\n\nD", &kDirection, 'D'},
      {"After weighing both options, the answer is C because it spins the other way.", &kSpin, 'C'},
      {"The answer is E.", &kSix, 'E'},
  });
}

TEST(ExtractTest, LastDeclarationWins) {
  ExpectAll({
      {"At first I thought A, but the answer is B.", &kDirection, 'B'},
      {"Answer: A\nOn reflection the motion is the other way.\nAnswer: B", &kDirection, 'B'},
      {"The answer is C. Note that A is a tempting distractor.", &kDirection, 'C'},
      {"I considered (A) but it is wrong. Final answer: D.", &kDirection, 'D'},
      {"Option B might look right at first. Final answer: A", &kDirection, 'A'},
      {"Between B and C it is hard to say; final answer: C", &kDirection, 'C'},
  });
}

TEST(ExtractTest, ChainOfThoughtReplies) {
  ExpectAll({
      {"Let's look at the frames.\n1. The truck starts near the left edge.\n2. It ends near "
       "the right edge.\nSo it travels right.\n\nTherefore, the final answer is: B",
       &kDirection, 'B'},
      {"Step 1: the wheel's spokes rotate against the clock.\nStep 2: compare with option A "
       "(clockwise) - no.\nTherefore, the final answer is: B.",
       &kSpin, 'B'},
      {"Options:\nA: left\nB: right\nC: towards the camera\nD: not moving\n\nThe person never "
       "changes place, so the final answer is D.",
       &kDirection, 'D'},
      {"1. Two dogs appear.\n2. Only one of them runs toward the camera.\n\nFinal Answer: B",
       &kCount, 'B'},
      {"The runner is near the left at the start and still near the left at the end, so "
       "overall it is not moving. Therefore, the final answer is: D (not moving).",
       &kDirection, 'D'},
  });
}

TEST(ExtractTest, MarkupWrappers) {
  ExpectAll({
      {"**Answer:** C", &kDirection, 'C'},
      {"The answer is $\\boxed{B}$.", &kDirection, 'B'},
      {"\\boxed{D}", &kDirection, 'D'},
      {"Final answer: \\boxed{\\text{A}}", &kDirection, 'A'},
      {"<think>The cube could be going left, which is A.</think>\nB", &kDirection, 'B'},
      {"<think>maybe (A)?</think> The answer is (C)", &kDirection, 'C'},
      {"<THINK>first guess A</THINK>Final answer: D", &kDirection, 'D'},
      {"it moves left so A...</think>\n\nAnswer: B", &kDirection, 'B'},
      {"<answer>C</answer>", &kDirection, 'C'},
      {"first <answer> A </answer> then <answer> D </answer>", &kDirection, 'D'},
      {"```json\n{\"answer\": \"B\"}\n```", &kDirection, 'B'},
      {"{\"answer\": \"C\", \"reason\": \"it approaches\"}", &kDirection, 'C'},
      {"{\"choice\": \"d\"}", &kDirection, 'D'},
      {"{\"Answer\": \"right\"}", &kDirection, 'B'},
      {"{\"choice\": \"A or B\"}", &kDirection, '-'},
      {"### Final answer\nC", &kDirection, 'C'},
      {"<|begin_of_box|>B<|end_of_box|>", &kDirection, 'B'},
      {"The wheel turns with the clock. <|begin_of_box|>(A)<|end_of_box|>", &kSpin, 'A'},
      {"The answer is 'B'.", &kDirection, 'B'},
  });
}

TEST(ExtractTest, OtherLanguagesAndFullWidthPunctuation) {
  ExpectAll({
      {"答案是C", &kDirection, 'C'},
      {"答案：B", &kDirection, 'B'},
      {"我选D。", &kDirection, 'D'},
      {"Answer：A", &kDirection, 'A'},
      {"（B）", &kDirection, 'B'},
      {"答えはC", &kDirection, 'C'},
      {"정답은 D", &kDirection, 'D'},
  });
}

TEST(ExtractTest, OptionTextAlone) {
  ExpectAll({
      {"left", &kDirection, 'A'},
      {"Right.", &kDirection, 'B'},
      {"towards the camera", &kDirection, 'C'},
      {"Toward the camera.", &kDirection, 'C'},
      {"counterclockwise", &kSpin, 'B'},
      {"Counter clockwise", &kSpin, 'B'},
      {"anticlockwise", &kSpin, 'B'},
      {"clockwise", &kSpin, 'A'},
      {"2", &kCount, 'C'},
      {"two", &kCount, 'C'},
      {"Three.", &kCount, 'D'},
      {"no", &kYesNo, 'B'},
      {"Yes.", &kYesNo, 'A'},
      {"away from the camera", &kSix, 'F'},
      {"To the left", &kSix, 'C'},
  });
}

TEST(ExtractTest, OptionTextInsideASentence) {
  ExpectAll({
      {"The drone is moving towards the left direction.", &kDirection, 'A'},
      {"Based on the frames, the cyclist heads right.", &kDirection, 'B'},
      {"The red cube slides to the right across the table.", &kPhrase, 'B'},
      {"In these frames the red cube stays put the whole time.", &kPhrase, 'D'},
      {"It rotates counter-clockwise when seen from above.", &kSpin, 'B'},
      {"The wheel is turning clockwise.", &kSpin, 'A'},
      {"I count 3 birds landing.", &kCount, 'D'},
      {"There are two people crossing.", &kCount, 'C'},
      {"The woman walks toward the camera.", &kSix, 'E'},
      {"There is no wheel in the video.", &kSpin, 'D'},
      {"Is it moving left or right? Looking closely, it moves right.", &kDirection, 'B'},
  });
}

TEST(ExtractTest, Negations) {
  ExpectAll({
      {"The car is not moving.", &kDirection, 'D'},
      {"It is not moving left; it moves right.", &kDirection, 'B'},
      {"The ball doesn't go left, but it does go right.", &kDirection, 'B'},
      {"It never turns clockwise, it turns counter-clockwise.", &kSpin, 'B'},
      {"Rather than left, the bird flies right.", &kDirection, 'B'},
      {"The wheel is not spinning at all.", &kSpin, 'C'},
      {"Neither left nor right.", &kDirection, '-'},
      {"It is not moving left.", &kDirection, '-'},
      {"The answer is not A.", &kDirection, '-'},
      {"I cannot choose B because the car clearly grows; it comes towards the camera.", &kDirection,
       'C'},
  });
}

TEST(ExtractTest, AmbiguousRepliesAreInvalid) {
  ExpectAll({
      {"A or B", &kDirection, '-'},
      {"The answer is B or C.", &kDirection, '-'},
      {"B/C", &kDirection, '-'},
      {"A and D", &kDirection, '-'},
      {"B.A.", &kCount, '-'},
      {"C, D", &kDirection, '-'},
      {"ANSWER: AB", &kDirection, '-'},
      {"It could be left or right.", &kDirection, '-'},
      {"It moves left and then right.", &kDirection, '-'},
      {"clockwise or counter-clockwise", &kSpin, '-'},
      {"The answer is (A) or (C).", &kDirection, '-'},
  });
}

TEST(ExtractTest, LabelAndTextThatDisagreeAreInvalid) {
  ExpectAll({
      {"Therefore, the final answer is: D: left.", &kDirection, '-'},
      {"Answer: A (right)", &kDirection, '-'},
      {"C: 1", &kCount, '-'},
      {"The answer is B. Left is wrong because it grows.", &kDirection, 'B'},
      {"B: right. Left would need the car to shrink.", &kDirection, 'B'},
  });
}

TEST(ExtractTest, LooserConclusions) {
  ExpectAll({
      {"Answer: B\n\nExplanation: the car shrinks while drifting right.", &kDirection, 'B'},
      {"The final answer is C, not A.", &kDirection, 'C'},
      {"The spokes blur against the clock.\nSo, B.", &kSpin, 'B'},
      {"The correct choice is C", &kDirection, 'C'},
      {"Option D.", &kDirection, 'D'},
      {"I think it's (B) right.", &kDirection, 'B'},
      {"Everything points one way, hence (A)", &kDirection, 'A'},
      {"Frames 1-8 show the wheel.\nConclusion: C", &kSpin, 'C'},
      {"I'd say B.", &kDirection, 'B'},
      {"It's D.", &kDirection, 'D'},
      {"Right (B)", &kDirection, 'B'},
      {"Final Answer\n\nB: right", &kDirection, 'B'},
      {"Solution: A", &kDirection, 'A'},
      {"The answer is C. Right, the object grows, so it approaches.", &kDirection, 'C'},
  });
}

TEST(ExtractTest, PostfixAndBracketedDeclarations) {
  ExpectAll({
      {"B is correct.", &kDirection, 'B'},
      {"Option C is the right answer here.", &kDirection, 'C'},
      {"(D) seems to be the most accurate description.", &kDirection, 'D'},
      {"Looking at the spokes, (B) fits.", &kSpin, 'B'},
      {"(A) is wrong, and so is left... the best match is option (C)", &kDirection, 'C'},
      {"B is not correct; the car comes closer, so C.", &kDirection, 'C'},
  });
}

TEST(ExtractTest, RefusalsAndNonAnswers) {
  ExpectAll({
      {"I cannot determine the answer from these frames.", &kDirection, '-'},
      {"Sorry, I can't help with that.", &kDirection, '-'},
      {"Therefore, the final answer is: N/A", &kDirection, '-'},
      {"Therefore, the final answer is: $LETTER", &kDirection, '-'},
      {"The video is too dark to tell.", &kDirection, '-'},
      {"None of the options fit.", &kDirection, '-'},
      {"To answer this question, we need more frames.", &kDirection, '-'},
  });
}

TEST(ExtractTest, ListNumbersAreNotCountingAnswers) {
  ExpectAll({
      {"1. Look at the first frame.\n2. Look at the last frame.\nThere are 3 kites in total.",
       &kCount, 'D'},
      {"In frame 2 the bird lands; there is 1 bird.", &kCount, 'B'},
      {"It took 2.5 seconds.", &kCount, '-'},
  });
}

TEST(ExtractTest, SixOptionsAndLowerCaseRules) {
  ExpectAll({
      {"The answer is f.", &kSix, 'F'},
      {"the answer is a sphere", &kDirection, '-'},
      {"answer: e", &kSix, 'E'},
      {"(e) toward the camera", &kSix, 'E'},
      {"The object goes down.", &kSix, 'B'},
      {"it goes to the right", &kSix, 'D'},
  });
}

TEST(ExtractTest, ApiFailureSentinel) {
  const Extraction e = ExtractAnswer("Failed to obtain answer via API.", kDirection);
  EXPECT_EQ(e.status, ExtractStatus::kApiError);
  EXPECT_EQ(e.index, -1);
}

TEST(ExtractTest, ReportsTheDecidingRule) {
  EXPECT_EQ(ExtractAnswer("B", kDirection).rule, "label");
  EXPECT_EQ(ExtractAnswer("The answer is B", kDirection).rule, "declared");
  EXPECT_EQ(ExtractAnswer("the answer is right", kDirection).rule, "declared_text");
  EXPECT_EQ(ExtractAnswer("B) right", kDirection).rule, "leading_label");
  EXPECT_EQ(ExtractAnswer("It heads right.", kDirection).rule, "option_text");
  EXPECT_EQ(ExtractAnswer("A or B", kDirection).rule, "ambiguous");
  EXPECT_EQ(ExtractAnswer("Answer: A (right)", kDirection).rule, "conflict");
  EXPECT_EQ(ExtractAnswer("nothing useful", kDirection).rule, "no_answer");
}

TEST(ExtractTest, LabelOnlyReadsJudgeReplies) {
  EXPECT_EQ(ExtractLabelOnly("C", 4).letter(), 'C');
  EXPECT_EQ(ExtractLabelOnly("(b)", 4).letter(), 'B');
  EXPECT_EQ(ExtractLabelOnly("The answer is D.", 4).letter(), 'D');
  EXPECT_EQ(ExtractLabelOnly("Z", 4).rule, "none_of_the_options");
  EXPECT_EQ(ExtractLabelOnly("E", 4).status, ExtractStatus::kInvalid);
}

}  // namespace
}  // namespace synth4d::evaluator
