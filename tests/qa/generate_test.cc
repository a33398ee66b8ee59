// GenerateQa: item fields and JSON, options, false premises, determinism and round trips.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "qa_test_util.h"
#include "synth4d/qa/refer.h"
#include "synth4d/truth/truth_json.h"
#include "truth_builder.h"

namespace synth4d::qa {
namespace {

using ::testing::HasSubstr;
using testing::Linear;
using testing::ShippedTemplates;
using ::testing::StartsWith;
using testing::TruthBuilder;

truth::VideoTruth Scene(uint64_t seed = 7) {
  TruthBuilder b;
  b.Seed(seed, "demo_00000" + std::to_string(seed % 10) + "_front");
  b.Add("red_cube", "box", "red", Linear({-1.5, 0, 0.25}, {0.7, 0, 0}));
  b.Add("blue_ball", "sphere", "blue", testing::Spin({1.0, 1.5, 0.3}, {0, 0, 1}, 0.4),
        glm::dvec3(0.6));
  b.Add("green_cone", "cone", "green", Linear({-1.0, 2.5, 0.25}, {0, -1.2, 0}));
  b.Add("post", "cylinder", "yellow", Linear({1.5, -1.0, 0.4}, {0, 0, 0}), {0.3, 0.3, 0.8});
  return b.Build();
}

TEST(GenerateQa, ItemsAreWellFormed) {
  const truth::VideoTruth t = Scene();
  const std::vector<QaItem> items = GenerateQa(t, ShippedTemplates(), {});
  ASSERT_GE(items.size(), 5u);
  std::set<std::string> ids, templates;
  for (const QaItem& item : items) {
    SCOPED_TRACE(item.id);
    EXPECT_TRUE(ids.insert(item.id).second);
    templates.insert(item.template_id);
    EXPECT_THAT(item.id, StartsWith(t.clip.key + "_"));
    EXPECT_EQ(item.id.find('.'), std::string::npos);
    EXPECT_EQ(item.video, t.clip.key + ".mp4");
    EXPECT_GE(item.options.size(), 2u);
    EXPECT_LE(item.options.size(), 4u);
    EXPECT_EQ(std::set<std::string>(item.options.begin(), item.options.end()).size(),
              item.options.size());
    EXPECT_EQ(item.question.back(), '?');
    EXPECT_TRUE(std::isupper(static_cast<unsigned char>(item.question[0])));
    EXPECT_FALSE(item.rationale.empty());
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(ToJsonLine(item));
    std::vector<std::string> keys;
    for (const auto& [key, value] : j.items()) keys.push_back(key);
    ASSERT_GE(keys.size(), 6u);
    EXPECT_EQ(std::vector<std::string>(keys.begin(), keys.begin() + 6),
              (std::vector<std::string>{"id", "video", "question_type", "question", "choices",
                                        "answer"}));
    EXPECT_EQ(j["question_type"], "multiple-choice");
    EXPECT_EQ(j["choices"][std::string(1, item.AnswerLetter())], j["answer"]);
    // One JSON type per field in every item (Arrow infers one type per column): strings for
    // choices and answers, counts included; evidence as lists of {name, value} records.
    for (const auto& [letter, text] : j["choices"].items()) EXPECT_TRUE(text.is_string());
    EXPECT_TRUE(j["answer"].is_string());
    EXPECT_TRUE(j["evidence"]["values"].is_array());
    for (const auto& v : j["evidence"]["values"]) EXPECT_TRUE(v["value"].is_array());
    EXPECT_THAT(j["rationale"].get<std::string>(),
                ::testing::EndsWith(std::string("Answer: ") + item.AnswerLetter() + "."));
    if (item.answer_kind != "absent") {
      EXPECT_GE(item.min_frames, 2);
      EXPECT_LE(item.min_frames, 8);
      EXPECT_EQ(item.visibility, "rendered");
    }
  }
  for (const char* id : {"translation_camera", "rotation_above", "rotation_spinning",
                         "relative_distance", "counting_left", "camera_motion"}) {
    EXPECT_TRUE(templates.count(id)) << id;
  }
}

TEST(GenerateQa, TranslationItemsHaveFourOptionsAndTheRightAnswer) {
  const truth::VideoTruth t = Scene();
  for (const QaItem& item : GenerateQa(t, {testing::Shipped("translation_camera")}, {})) {
    if (item.answer_kind == "absent") continue;
    EXPECT_EQ(item.options.size(), 4u);
    if (item.objects == std::vector<std::string>{"red_cube"}) {
      EXPECT_EQ(item.AnswerText(), "right");
    }
    if (item.objects == std::vector<std::string>{"green_cone"}) {
      EXPECT_EQ(item.AnswerText(), "toward the camera");
    }
  }
}

TEST(GenerateQa, SameTruthSameBytesWhateverTheTemplateOrder) {
  const truth::VideoTruth t = Scene();
  const std::string a = ToJsonl(GenerateQa(t, ShippedTemplates(), {}));
  EXPECT_EQ(a, ToJsonl(GenerateQa(t, ShippedTemplates(), {})));
  std::vector<Template> reversed(ShippedTemplates().rbegin(), ShippedTemplates().rend());
  EXPECT_EQ(a, ToJsonl(GenerateQa(t, reversed, {})));
}

TEST(GenerateQa, AnItemDoesNotDependOnOtherTemplates) {
  const truth::VideoTruth t = Scene();
  std::set<std::string> all;
  for (const QaItem& item : GenerateQa(t, ShippedTemplates(), {})) all.insert(ToJsonLine(item));
  QaOptions no_fp;
  no_fp.false_premise_rate = 0.0;
  for (const QaItem& item : GenerateQa(t, {testing::Shipped("rotation_above")}, no_fp)) {
    EXPECT_TRUE(all.count(ToJsonLine(item))) << item.id;
  }
}

TEST(GenerateQa, TruthJsonRoundTripGivesTheSameBytes) {
  const truth::VideoTruth t = Scene();
  auto stored = truth::FromJson(truth::ToJson(t), "truth.json");
  ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  const std::string qa = ToJsonl(GenerateQa(*stored, ShippedTemplates(), {}));
  // Here the in-memory truth gives the same bytes too; in general a value that sits exactly on a
  // threshold or a printed digit may differ by the truth's rounding, so `synth4d render` makes
  // QA from the truth as stored, which is what `synth4d qa` reads back.
  EXPECT_EQ(ToJsonl(GenerateQa(t, ShippedTemplates(), {})), qa);
  auto again = truth::FromJson(truth::ToJson(*stored), "truth.json");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(ToJsonl(GenerateQa(*again, ShippedTemplates(), {})), qa);
}

TEST(GenerateQa, JsonlRoundTrip) {
  const std::string text = ToJsonl(GenerateQa(Scene(), ShippedTemplates(), {}));
  auto items = ParseJsonl(text, "qa.jsonl");
  ASSERT_TRUE(items.ok()) << items.error().ToString();
  EXPECT_EQ(ToJsonl(*items), text);
}

TEST(GenerateQa, JsonlErrorsNameTheLineAndField) {
  std::string text = ToJsonl(GenerateQa(Scene(), ShippedTemplates(), {}));
  const size_t second = text.find('\n') + 1;
  const size_t at = text.find("\"answer_letter\":\"", second);
  text.replace(at, 19, "\"answer_letter\":\"Z\"");
  auto items = ParseJsonl(text, "qa.jsonl");
  ASSERT_FALSE(items.ok());
  EXPECT_THAT(items.error().message, HasSubstr("qa.jsonl:2 answer_letter"));
}

TEST(GenerateQa, FalsePremiseShareAndContent) {
  int real = 0, absent = 0, absent_option = 0;
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    const truth::VideoTruth t = Scene(seed);
    std::set<std::string> nouns;
    for (const truth::ObjectInfo& o : t.objects) nouns.insert(ShapeNoun(o));
    for (const QaItem& item : GenerateQa(t, ShippedTemplates(), {})) {
      if (item.answer_kind != "absent") {
        ++real;
        for (const std::string& o : item.options) absent_option += o.rfind("there is no ", 0) == 0;
        continue;
      }
      ++absent;
      EXPECT_EQ(item.category, "false_premise");
      EXPECT_THAT(item.AnswerText(), StartsWith("there is no "));
      const std::string noun = item.AnswerText().substr(item.AnswerText().find(' ', 12) + 1);
      EXPECT_FALSE(nouns.count(noun.substr(0, noun.find(' ')))) << item.AnswerText();
    }
  }
  const double share = static_cast<double>(absent) / (real + absent);
  EXPECT_NEAR(share, 0.10, 0.03);
  // Real questions offer a wrong "there is no ..." option more often than false premises offer
  // the right one, so the option's presence does not give the answer away.
  EXPECT_GT(absent_option, absent);
}

}  // namespace
}  // namespace synth4d::qa
